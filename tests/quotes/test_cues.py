"""The cue table (`data/cues.toml`) reads, and its words are where the rules expect them."""
from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

import pytest

from entente.quotes.cues import load_cues


def test_cues_load_once_with_the_reporting_words() -> None:
    cues = load_cues()
    assert cues is load_cues()
    assert {"say", "tell", "add", "write", "read"} <= cues.speech
    assert {"believe", "think"} <= cues.cognition
    assert ("according", "to") in cues.according
    assert {"report", "cable"} <= cues.document_heads
    assert cues.outlet("jta") == "JTA" and cues.outlet("Reuters") == "Reuters" and cues.outlet("Israel") is None
    assert cues.dismissive.search("These reports sound like James Bond stories")
    assert cues.boilerplate.search("We will not share your e-mail address")
    assert not cues.boilerplate.search("I do not subscribe to that view of the cookie poll")


def test_cues_words_are_lower_case_lemmas() -> None:
    data = tomllib.loads(resources.files("entente.quotes").joinpath("data/cues.toml").read_text(encoding="utf-8"))
    for table in ("verbs", "nouns", "documents", "deny"):
        for name, words in data[table].items():
            if isinstance(words, list) and name != "dismissive":
                assert all(w == w.lower() for w in words), (table, name)


def test_cues_load_another_file(tmp_path: Path) -> None:
    text = resources.files("entente.quotes").joinpath("data/cues.toml").read_text(encoding="utf-8")
    path = tmp_path / "cues.toml"
    path.write_text(text.replace('"say", ', "", 1), encoding="utf-8")
    assert "say" not in load_cues(path).speech
    with pytest.raises(FileNotFoundError):
        load_cues(tmp_path / "missing.toml")
