"""Quotation marks: pairing straight and curly marks, apostrophes, paragraphs (no model needed)."""
from __future__ import annotations

import pytest

from entente.quotes.marks import find_quotations


def _words(text: str) -> list[list[str]]:
    return [[text[p.start:p.end] for p in q.pieces] for q in find_quotations(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("“We won,” he said.", [["We won"]]),
    ('"We won," he said.', [["We won"]]),
    ("«Nous avons gagné», a-t-il dit.", [["Nous avons gagné"]]),
    ("„Wir haben gewonnen“, sagte er.", [["Wir haben gewonnen"]]),
    ("He said “we won” and “they lost.”", [["we won"], ["they lost."]]),
    ("It’s Harpaz’s view, not the embassy’s.", []),
    ("A 12\" screen and a 3\" gap.", []),
    ("“He said ‘no,’ twice,” she recalled.", [["He said ‘no,’ twice"]]),
    ("“A mixed pair,\" she said.", [["A mixed pair"]]),
    ("“Open at the end of the paragraph\nNext paragraph without a mark.", [["Open at the end of the paragraph"]]),
    ("“First paragraph\n\n“Second paragraph,” he said.", [["First paragraph", "Second paragraph"]]),
    ("“Never closed", [["Never closed"]]),
    ("“ ”", []),
])
def test_marks_pair(text: str, expected: list[list[str]]) -> None:
    assert _words(text) == expected


def test_marks_outer_span_covers_the_marks() -> None:
    [quotation] = find_quotations("He said “we won,” again.")
    piece = quotation.pieces[0]
    assert "He said “we won,” again."[piece.outer_start:piece.outer_end] == "“we won,”"
    assert (quotation.start, quotation.end) == (piece.start, piece.end)


def test_marks_doubled_apostrophe_is_a_straight_mark() -> None:
    text = "''We won,'' he said. ''They lost.'' Don''t and rock 'n' roll stay apostrophes."
    assert _words(text) == [["We won"], ["They lost."]]
    [first, _] = find_quotations(text)
    assert text[first.outer_start:first.outer_end] == "''We won,''"
