"""docs/tutorial.md runs as written: every ```python block, in order, in one namespace.

The tutorial reads the seed article and the first `ENTENTE_TUTORIAL_ARTICLES` articles of the
sample corpus (all 317 by default, about 90 s here); the test reads 20, which keeps every step
(ingest, events, network, quotes, the corpus tables) and costs some twenty seconds.
"""
from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from .conftest import ROOT, shared_file

TUTORIAL = ROOT / "docs" / "tutorial.md"
_BLOCK = re.compile(r"^```python\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def python_blocks(markdown: str) -> list[str]:
    """The code of every ```python block, in order (```text blocks show output and are not run)."""
    return [match.group(1) for match in _BLOCK.finditer(markdown)]


def test_the_tutorial_has_its_steps_as_python_blocks() -> None:
    blocks = python_blocks(TUTORIAL.read_text(encoding="utf-8"))
    assert len(blocks) >= 10
    code = "\n".join(blocks)
    for step in ("pipeline.ingest(", "entente.open(", 'dyad="ISR-AZE"', ".network(", ".quotes(",
                 "sample_corpus_path()", "ENTENTE_TUTORIAL_ARTICLES"):
        assert step in code, f"the tutorial no longer shows {step}"


@pytest.mark.slow
@pytest.mark.model
def test_the_tutorial_runs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seed = shared_file("seed", "000_5add44aad795eaac.txt")
    monkeypatch.setenv("ENTENTE_TUTORIAL_SEED", str(seed))
    monkeypatch.setenv("ENTENTE_TUTORIAL_ARTICLES", "20")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # its folder is in pytest's, should a block fail
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, Any] = {"__name__": "tutorial"}
    for number, block in enumerate(python_blocks(TUTORIAL.read_text(encoding="utf-8")), start=1):
        try:
            exec(compile(block, f"{TUTORIAL.name}, python block {number}", "exec"), namespace)  # noqa: S102 - the docs' own code
        except Exception as exc:  # which block, and its code, beside the traceback
            raise AssertionError(f"python block {number} of {TUTORIAL} failed:\n{block}") from exc

    assert namespace["N"] == 20 and namespace["summary"].read == 20
    for name in ("events", "dyads", "edges", "quotes"):
        assert isinstance(namespace[name], pd.DataFrame), name
    denials = namespace["denials"]
    assert not denials.empty and (denials.type.notna()).all()  # the seed's quotes deny events it stores
    assert not namespace["workdir"].exists()  # the last block cleans up
