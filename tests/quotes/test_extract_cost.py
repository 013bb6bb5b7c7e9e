"""The quote stage stays cheap next to spaCy's own parse (the whole pipeline must stay under 1.3x)."""
from __future__ import annotations

import time

import pytest
from spacy.language import Language

from entente.quotes import extract_quotes, link_claims

from .conftest import SEED

pytestmark = pytest.mark.model

#: the share of the bare parse time the quote stage may take; it measures about 0.02
BUDGET = 0.10


def test_extract_cost_is_a_small_share_of_parsing(nlp: Language) -> None:
    if not SEED.exists():
        pytest.skip(f"{SEED} is not available")
    text = SEED.read_text(encoding="utf-8")
    texts = [text] * 8
    started = time.perf_counter()
    docs = list(nlp.pipe(texts))
    parse = time.perf_counter() - started
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for doc in docs:
            link_claims(doc, extract_quotes(doc), [])
        best = min(best, time.perf_counter() - started)
    assert best < BUDGET * parse, f"quotes took {best:.3f}s against {parse:.3f}s of parsing"
