"""Schema-driven fuzzing (schemathesis): every operation of the OpenAPI spec, with generated
parameters and bodies, never answers with a server error, and answers in the documented shape."""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from entente.api import create_app

from .conftest import AUTH, Filled


@pytest.fixture(scope="module")
def api_schema(filled_template: Filled, tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    db = Path(tmp_path_factory.mktemp("fuzz")) / "fuzz.duckdb"
    shutil.copy(filled_template.path, db)
    app = create_app(db, token=AUTH["Authorization"].split()[1])
    yield schemathesis.openapi.from_asgi("/api/openapi.json", app)
    app.state.service.close()


def operations(schema: object) -> list[object]:
    return [result.ok() for result in schema.get_all_operations()]  # type: ignore[attr-defined]


def test_api_schema_fuzz_never_errors(api_schema: object) -> None:
    """Each operation gets its own Hypothesis run over cases generated from the schema."""
    ran = []
    for operation in operations(api_schema):
        @given(case=operation.as_strategy())  # type: ignore[attr-defined]
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def fuzz(case: schemathesis.Case) -> None:
            if isinstance(case.body, dict):
                case.body["extract"] = False  # the extractors are tested elsewhere; fuzz the API
                if case.path == "/api/ingest/url":
                    case.body["url"] = "http://127.0.0.1:9/never-fetched"  # no DNS; refused by the address policy
            case.call_and_validate(headers=AUTH, checks=[not_a_server_error, response_schema_conformance])

        fuzz()
        ran.append(f"{operation.method.upper()} {operation.path}")  # type: ignore[attr-defined]
    assert len(ran) >= 20, ran
