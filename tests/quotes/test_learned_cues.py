"""The cue table learned from PolNeAR's train split (`data/learned_cues.tsv`, written by
`scripts/build_quote_cues.py`): it loads, it is sorted and consistent, the build is deterministic,
and its cues give quotes on real sentences only when someone plausible holds them."""
from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from types import ModuleType

import pytest
from spacy.tokens import Doc

from entente.quotes import extract_quotes
from entente.quotes.cues import LEARNED_COLUMNS, LEARNED_KINDS, load_cues, load_learned, parse_learned

from .conftest import ROOT

SCRIPT = ROOT / "scripts" / "build_quote_cues.py"


def _table_lines() -> list[str]:
    return resources.files("entente.quotes").joinpath("data/learned_cues.tsv").read_text(encoding="utf-8").splitlines()


def _build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_quote_cues", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_learned_table_loads_sorted_and_consistent() -> None:
    lines = _table_lines()
    comments = [line for line in lines if line.startswith("#")]
    assert any("PolNeAR v1.0.0" in line and "train" in line for line in comments), "provenance header missing"
    thresholds = re.search(r"n_cue >= (\d+) and rate >= ([0-9.]+) and n_hit/n_fired >= ([0-9.]+)", " ".join(comments))
    assert thresholds is not None
    min_cue, min_rate, min_hit = int(thresholds[1]), float(thresholds[2]), float(thresholds[3])
    rows = [line.split("\t") for line in lines if not line.startswith("#")]
    assert tuple(rows[0]) == LEARNED_COLUMNS
    learned = load_learned()
    assert learned.entries and len(learned.entries) == len(rows) - 1
    keys = [(e.kind, e.lemma, e.pos) for e in learned.entries]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    for entry in learned.entries:
        assert entry.kind in LEARNED_KINDS and entry.n_cue >= min_cue and entry.rate >= min_rate
        assert abs(entry.rate - entry.n_cue / entry.n_seen) < 1e-3
        assert entry.n_fired == 0 or entry.n_hit / entry.n_fired >= min_hit
        assert 0 <= entry.n_hit <= entry.n_fired
        assert (entry.kind == "prep-phrase") == (" " in entry.lemma)
    assert parse_learned(lines) == learned  # reading twice gives the same table


def test_learned_cues_extend_but_never_replace_the_hand_lexicon() -> None:
    cues = load_cues()
    assert cues.learned.entries
    assert not cues.learned_verbs & cues.verbs
    assert "bemoan" in cues.learned_verbs and "say" not in cues.learned_verbs


def test_build_selection_is_sorted_and_deterministic() -> None:
    build = _build_script()
    counts = build.Counts()
    for key, n_cue, n_seen in ((("opine", "VERB"), 4, 4), (("critical of", "ADJ"), 5, 8), (("make", "VERB"), 9, 90),
                               (("aware", "ADJ"), 2, 2), (("critic", "NOUN"), 3, 6)):
        counts.cue[key], counts.seen[key] = n_cue, n_seen
    rows = build.select(counts, 3, 0.3)
    # sorted by kind (noun, prep-phrase, verb); "make" is too seldom a cue, "aware" too rarely seen
    assert [r[0] for r in rows] == ["critic", "critical of", "opine"]
    assert rows == build.select(counts, 3, 0.3)
    assert parse_learned(build.as_lines(rows)).adjective_preps == {"critical": frozenset({"of"})}
    fired = [r[:6] + (4, 1) if r[0] == "opine" else r[:6] + (0, 0) for r in rows]
    assert [r[0] for r in build.keep_hits(fired, 0.35)] == ["critic", "critical of"]  # opine: 1 of 4 right


Row = tuple[str, str, str]

LEARNED_QUOTES: list[tuple[str, str, list[Row]]] = [
    ("learned verb, attitude frame: its object", "Mr. Sanders bemoaned the influence of money in politics.",
     [("Mr. Sanders", "bemoaned", "the influence of money in politics")]),
    ("learned verb with a that-clause", "Cruz opined that the ruling was a disaster.",
     [("Cruz", "opined", "the ruling was a disaster")]),
    ("learned verb with its learned preposition", "Mr. Trump went after Mr. Cruz during the debate.",
     [("Mr. Trump", "went after", "Mr. Cruz")]),
    ("learned adjective with its preposition", "Clinton has been critical of the trade deal.",
     [("Clinton", "critical of", "the trade deal")]),
    # the same words in senses that are no attribution: no one plausible holds them
    ("learned verb, no plausible holder", "The storm seemed to weaken overnight.", []),
    ("learned verb, a thing as subject", "Prices appear to be rising again.", []),
    ("learned adjective, impersonal subject", "It is clear that prices rose.", []),
    ("learned verb, an act that is no statement", "The band released a new album on Friday.", []),
]


@pytest.mark.model
@pytest.mark.parametrize(("label", "text", "expected"), LEARNED_QUOTES, ids=[row[0] for row in LEARNED_QUOTES])
def test_learned_cues_on_real_sentences(parse: Callable[[str], Doc], label: str, text: str,
                                        expected: list[Row]) -> None:
    quotes = extract_quotes(parse(text))
    found = [(q.speaker.text, q.cue.text if q.cue else None, q.content.text) for q in quotes]
    assert found == expected, label


def test_build_script_exists_and_documents_its_command() -> None:
    text = Path(SCRIPT).read_text(encoding="utf-8")
    assert "train" in text and "never read" in text
