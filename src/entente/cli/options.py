"""Flags shared by several commands, defined once.

Nothing here imports the readers or the store: the values the flags show come from `.choices`, and
`IngestOptions` is built only by the commands that read (see `options_from`).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .choices import DEFAULT_DB, DEFAULT_MAX_BYTES, INGEST_FORMATS

if TYPE_CHECKING:
    from ..ingest import IngestOptions

F = TypeVar("F", bound=Callable[..., Any])


def db_option(func: F) -> F:
    return click.option("--db", default=DEFAULT_DB, show_default=True, envvar="ENTENTE_DB",
                        help="The DuckDB store file (or set ENTENTE_DB).")(func)


def json_option(func: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(func)


def reader_options(func: F) -> F:
    """Options of every command that reads articles: format, caps, columns, network policy."""
    decorators = [
        click.option("--format", "fmt", type=click.Choice(INGEST_FORMATS), default="auto", show_default=True,
                     help="Reader to use; 'auto' decides by content, then by extension."),
        click.option("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, show_default=True,
                     help="Largest single article, record or fetched page accepted."),
        click.option("--language", "languages", multiple=True, default=("en",), show_default=True,
                     help="Accepted language (ISO 639-1); repeat for several; 'any' accepts all."),
        click.option("--min-words", type=int, default=15, show_default=True,
                     help="Fewer words of body than this is not an article."),
        click.option("--text-col", default="text", show_default=True, help="JSONL/CSV field holding the body."),
        click.option("--title-col", default="title", show_default=True, help="JSONL/CSV field holding the title."),
        click.option("--date-col", default="date", show_default=True, help="JSONL/CSV field holding the date."),
        click.option("--url-col", default="url", show_default=True, help="JSONL/CSV field holding the URL."),
        click.option("--id-col", default="id", show_default=True, help="JSONL/CSV field holding your own id."),
        click.option("--allow-private", is_flag=True,
                     help="Allow fetching URLs on private and loopback addresses (tests, intranets)."),
        click.option("--timeout", type=float, default=15.0, show_default=True, help="HTTP timeout in seconds."),
        click.option("--follow-links", is_flag=True, help="For feeds, fetch each entry's page."),
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


def options_from(kwargs: dict[str, Any]) -> IngestOptions:
    """Build the one `IngestOptions` of a run from the reader flags (and pop them from kwargs)."""
    from ..ingest import ColumnMap, IngestOptions  # the readers load only in the commands that read

    languages = tuple(kwargs.pop("languages"))
    columns = ColumnMap(text=kwargs.pop("text_col"), title=kwargs.pop("title_col"), date=kwargs.pop("date_col"),
                        url=kwargs.pop("url_col"), id=kwargs.pop("id_col"))
    return IngestOptions(
        format=kwargs.pop("fmt"), max_bytes=kwargs.pop("max_bytes"), min_words=kwargs.pop("min_words"),
        languages=() if "any" in languages else languages, columns=columns,
        allow_private=kwargs.pop("allow_private"), timeout=kwargs.pop("timeout"),
        follow_links=kwargs.pop("follow_links"),
    )
