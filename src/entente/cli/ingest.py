"""Commands that read articles: `read` (no store), `ingest`, `summary`, `rejects`.

The pipeline (spaCy) and the store (DuckDB) are imported inside the commands that use them, so
that `entente --help` and the other commands start without them. `summary` and `rejects` are read
commands: they answer through `entente serve` while it holds the store (`entente.cli.access`).
"""
from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING, Any

import click

from ..records import Article, Rejected
from . import EXIT_REJECTED
from .access import answer, read_query, writable_store
from .choices import DEFAULT_BATCH
from .options import db_option, json_option, options_from, reader_options

if TYPE_CHECKING:
    from .. import pipeline
    from ..store import Store


@click.command("read")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per article per line (the default).")
@click.option("--extract/--no-extract", default=True, show_default=True,
              help="Run the extractors; --no-extract prints the articles only.")
@reader_options
def read_cmd(inputs: tuple[str, ...], as_json: bool, extract: bool, **kwargs: Any) -> None:
    """Read articles from INPUTS (files, directories, globs, URLs, '-') and print them, storing nothing.

    Each article is printed as one JSON object per line, in the shape published in
    entente/schema/read.v1.schema.json. Rejected inputs are reported on standard error and
    make the exit code 3.
    """
    from .. import pipeline

    options = options_from(kwargs)
    rejected = 0
    for item in pipeline.read(inputs, options=options, extract=extract):
        if isinstance(item, Rejected):
            rejected += 1
            click.echo(f"rejected {item.message}", err=True)
            continue
        click.echo(json.dumps(item, ensure_ascii=False))
    if rejected:
        sys.exit(EXIT_REJECTED)


@click.command("ingest")
@click.argument("inputs", nargs=-1)
@click.option("--sample", is_flag=True, help="Ingest the bundled sample corpus (317 Wikinews articles).")
@click.option("--batch-size", type=int, default=DEFAULT_BATCH, show_default=True,
              help="Articles per transaction.")
@click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: on a terminal).")
@click.option("--extract/--no-extract", default=True, show_default=True,
              help="Run the extractors (actors, events, quotes); --no-extract stores articles only.")
@click.option("--workers", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default="all cores",
              help="Processes that parse and extract; the store is written by this one.")
@click.option("--dask", "dask_scheduler", metavar="ADDRESS|local",
              help="Run on a Dask cluster ('local' starts a LocalCluster of --workers processes); needs --parquet.")
@click.option("--parquet", "parquet_dir", type=click.Path(file_okay=False),
              help="With --dask: the partitioned Parquet dataset to write (load it with import-parquet).")
@json_option
@db_option
@reader_options
def ingest_cmd(inputs: tuple[str, ...], sample: bool, batch_size: int, progress: bool | None, extract: bool,
               workers: int, dask_scheduler: str | None, parquet_dir: str | None, as_json: bool, db: str,
               **kwargs: Any) -> None:
    """Read INPUTS into the store: each article once, near-duplicates grouped, rejects recorded.

    Exit code 0 when every input was stored or was a duplicate, 3 when some were rejected.
    An interrupted ingest is resumed by running the same command again.
    """
    from .. import pipeline
    from ..data import sample_corpus_path

    options = options_from(kwargs)
    names = list(inputs) + ([str(sample_corpus_path())] if sample else [])
    if not names:
        raise click.UsageError("name at least one input, or --sample")
    if dask_scheduler or parquet_dir:
        if not (dask_scheduler and parquet_dir):
            raise click.UsageError("--dask and --parquet go together: the cluster writes a Parquet dataset")
        from ..distributed import ingest_dask
        result = ingest_dask(names, parquet_dir, scheduler=dask_scheduler, workers=workers, options=options,
                             extract=extract)
        if as_json:
            click.echo(json.dumps(result.as_dict()))
        else:
            click.echo(f"{result.read} read on {result.workers} Dask workers in {result.seconds:.1f}s "
                       f"({result.units} units, {result.skipped_units} already done): {result.articles} articles, "
                       f"{result.events} events, {result.rejected} rejected  -> {result.dataset}")
        sys.exit(EXIT_REJECTED if result.rejected else 0)
    show_bar = sys.stderr.isatty() if progress is None else progress
    from tqdm import tqdm

    from ..api.remote import find_server, ingest_via_server
    from ..watch import after_batch
    server = find_server(db)  # while `entente serve` owns this store, read here and store through it
    with tqdm(disable=not show_bar, unit=" articles", file=sys.stderr) as bar:
        def on_item(summary: pipeline.IngestSummary, item: Article | Rejected) -> None:
            bar.update(1)
            if isinstance(item, Rejected):
                bar.write(f"rejected {item.message}", file=sys.stderr)

        if server is not None:
            summary = ingest_via_server(server, names, options=options, extract=extract, batch_size=batch_size,
                                        progress=on_item)
        else:
            with writable_store(db, via_server=True) as store:
                summary = pipeline.ingest(names, store, options=options, batch_size=batch_size, progress=on_item,
                                          extract=extract, workers=workers)
                after_batch(store)  # deliver the alerts this ingest raised (failures are kept and retried)
    if as_json:
        click.echo(json.dumps(summary.as_dict(), ensure_ascii=False))
    else:
        click.echo(f"{summary.read} read in {summary.seconds:.1f}s ({summary.articles_per_second:.1f} articles/s): "
                   f"{summary.stored} stored, {summary.duplicates} duplicates, "
                   f"{summary.near_duplicates} near-duplicates, {summary.rejected} rejected  -> {db}")
    if summary.rejected:
        sys.exit(EXIT_REJECTED)


@click.command("summary")
@json_option
@db_option
def summary_cmd(as_json: bool, db: str) -> None:
    """Show what the store holds: articles by year and format, duplicates, rejects."""
    click.echo(answer(db, "summary", as_json=as_json, shown_as=db), nl=False)


@read_query("summary", source="store")
def summary_query(store: Store, *, as_json: bool, shown_as: str) -> str:
    """The summary, naming the store `shown_as` (as the user named it, also when a server reads it)."""
    data = {**store.summary(), "store": shown_as}
    if as_json:
        return json.dumps(data, ensure_ascii=False) + "\n"
    lines = [(f"store {data['store']}: {data['articles']} articles "
              f"({data['near_duplicates']} near-duplicates), {data['rejects']} rejected inputs")]
    for key in ("articles_by_format", "articles_by_year", "rejects_by_reason"):
        if data[key]:
            lines.append(f"  {key.replace('_', ' ')}: " + ", ".join(f"{k} {v}" for k, v in data[key].items()))
    return "".join(f"{line}\n" for line in lines)


@click.command("rejects")
@click.option("--limit", type=int, default=100, show_default=True)
@json_option
@db_option
def rejects_cmd(limit: int, as_json: bool, db: str) -> None:
    """List the inputs that were rejected, with their reasons (newest first)."""
    click.echo(answer(db, "rejects", limit=limit, as_json=as_json), nl=False)


@read_query("rejects", source="store")
def rejects_query(store: Store, *, limit: int, as_json: bool) -> str:
    lines = []
    for row in store.rejects(limit=limit):
        if as_json:
            lines.append(json.dumps(row, default=str, ensure_ascii=False))
        else:
            lines.append(f"{row['reason']:<18} {row['origin']}  {row['detail']}")
    return "".join(f"{line}\n" for line in lines)


@click.command("import-parquet")
@click.argument("dataset", type=click.Path(exists=True, file_okay=False))
@json_option
@db_option
def import_parquet_cmd(dataset: str, as_json: bool, db: str) -> None:
    """Load a Parquet DATASET (written by `ingest --dask`) into the store, once per article."""
    from ..store.parquet import import_dataset
    with writable_store(db) as store:
        counts = import_dataset(dataset, store)
    click.echo(json.dumps(counts) if as_json else
               f"{counts['articles']} articles read: {counts['stored']} stored, {counts['duplicates']} duplicates, "
               f"{counts['near_duplicates']} near-duplicates  -> {db}")


@click.command("recode")
@click.option("--all", "everything", is_flag=True, help="Re-code every article, not only those coded by other versions.")
@click.option("--workers", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default="all cores")
@click.option("--limit", type=int, help="Re-code at most this many articles.")
@json_option
@db_option
def recode_cmd(everything: bool, workers: int, limit: int | None, as_json: bool, db: str) -> None:
    """Re-run the installed extractors over stored articles, replacing older versions' output."""
    from .. import pipeline

    with writable_store(db) as store:
        summary = pipeline.recode(store, workers=workers, everything=everything, limit=limit)
    click.echo(json.dumps(summary.as_dict()) if as_json else
               f"{summary.articles} articles re-coded in {summary.seconds:.1f}s with {summary.signature}")


def register(group: click.Group) -> None:
    for command in (read_cmd, ingest_cmd, summary_cmd, rejects_cmd, import_parquet_cmd, recode_cmd):
        group.add_command(command)
