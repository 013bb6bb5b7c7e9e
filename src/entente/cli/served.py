"""`POST /api/cli/{command}`: the server's half of the read commands (see `entente.cli.access`).

While `entente serve` holds a store, `entente why`, `network`, `summary`, `watch list` and the
other read commands of a second terminal cannot open the file; they send their options here, the
server runs the command's own query on one of its cursors, and the command prints the result. So
the output is the one the command prints when it reads the file itself, by construction.

`entente serve` adds this router to the app it serves. It is a private protocol between the
command line and a server of the same version, left out of the published schema: it needs the
bearer token, which the command reads from the discovery file (mode 0600), because some results
(`watch list`, `watch feed`) show what only the store's owner may see.

    {"params": {"a": "ISR", "b": "AZE", "as_json": true, ...}}   ->   {"result": <the query's JSON value>}

Errors have the API's error body; `usage_error` (422) and `command_error` (400) carry the message
the command would print, which the client raises again as the same click error.
"""
from __future__ import annotations

import inspect
from functools import cache
from typing import Annotated, Any

import click
from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from ..api.deps import require_token, service
from ..api.errors import ApiError
from ..errors import EntenteError
from .access import QUERIES, ReadQuery

COMMAND_PATTERN = r"^[a-z][a-z_-]{0,39}$"


class ReadRequest(BaseModel):
    """The options of one read command, as its query takes them."""

    model_config = ConfigDict(extra="forbid")

    params: dict[str, Any] = Field(default_factory=dict)


def cli_router() -> APIRouter:
    """The router `entente serve` adds to its app."""
    # QUERIES is complete: importing this module ran `entente.cli`, which registers every command
    for name in QUERIES:
        _params_model(name)  # a query whose parameters cannot travel as JSON fails here, at start
    router = APIRouter(prefix="/api/cli", tags=["cli"], include_in_schema=False,
                       dependencies=[Depends(require_token)])

    @router.post("/{command}")
    def run_read_command(request: Request, command: Annotated[str, Path(pattern=COMMAND_PATTERN)],
                         body: ReadRequest) -> dict[str, Any]:
        query = QUERIES.get(command)
        if query is None:
            raise ApiError(404, "unknown_command", f"no read command {command!r}",
                           f"the server answers {', '.join(sorted(QUERIES))}")
        params = _checked_params(query, body.params)
        svc = service(request)
        source = svc.read_store() if query.source == "store" else svc.read()
        return {"result": _run(query, source, params)}

    return router


def _checked_params(query: ReadQuery, params: dict[str, Any]) -> dict[str, Any]:
    """The parameters, checked against the query's signature (names and types), or a 422."""
    try:
        return _params_model(query.name).model_validate(params).model_dump()
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ApiError(422, "invalid_request", f"bad parameters for `entente {query.name}`: {problems}",
                       "the command line and the server should be the same version of entente") from None


#: The types a query's parameters may have, by their annotation (annotations are strings under
#: `from __future__ import annotations`): JSON values only, since they travel as JSON.
JSON_TYPES: dict[str, Any] = {"str": str, "str | None": str | None, "int": int, "int | None": int | None,
                              "float": float, "float | None": float | None, "bool": bool}


@cache
def _params_model(name: str) -> type[BaseModel]:
    """A pydantic model of the query's keyword parameters (every one after the source)."""
    func = QUERIES[name].run
    fields: dict[str, Any] = {}
    for param in list(inspect.signature(func).parameters.values())[1:]:
        kind = JSON_TYPES.get(str(param.annotation))
        if kind is None:
            raise TypeError(f"the read query {name!r} takes {param.name}: {param.annotation}, which is not one of "
                            f"{', '.join(JSON_TYPES)}")
        default = ... if param.default is inspect.Parameter.empty else param.default
        fields[param.name] = (kind, default)
    model: type[BaseModel] = create_model(f"{name.replace('-', '_')}_params",
                                          __config__=ConfigDict(extra="forbid"), **fields)
    return model


def _run(query: ReadQuery, source: Any, params: dict[str, Any]) -> Any:
    """The query's result; the errors the command would print become the API's error bodies."""
    try:
        return query.run(source, **params)
    except click.UsageError as exc:
        raise ApiError(422, "usage_error", exc.format_message(), "fix the option the message names") from None
    except click.ClickException as exc:
        raise ApiError(400, "command_error", exc.format_message()) from None
    except EntenteError as exc:
        raise ApiError(400, "command_error", str(exc)) from None
