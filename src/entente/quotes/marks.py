"""Quotation marks: find the quoted stretches of a body, straight or curly, over sentences and paragraphs.

`find_quotations(text)` pairs opening and closing marks character by character:

- curly (“ ”), guillemets (« ») and low-9 („) marks pair with any closing mark (and „ with “, as
  German prints them);
- a straight mark (") opens after a space, a line start or an opening bracket or dash, and closes
  otherwise, so that 12" or a stray mark does not open a quotation;
- two straight apostrophes ('') are a straight double mark, as some wire and archive texts print
  it (''We won,'' he said); one apostrophe alone, like single marks (‘ ’), is left alone: those are
  apostrophes as often as marks, and inside a quotation they nest;
- a quotation still open at the end of a paragraph continues when the next paragraph opens with a
  mark (the news convention for a quotation running over paragraphs), and is closed at the
  paragraph's end otherwise.

Each `Quotation` is a list of `Piece`s, one per paragraph, with the inner span (the words, without
marks, spaces and a trailing comma) and the outer span (marks included).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

OPENING = frozenset("\u201c\u00ab\u201e")
CLOSING = frozenset("\u201d\u00bb")
STRAIGHT = '"'
DOUBLED_APOSTROPHE = "''"
_OPENS_AFTER = frozenset(" \t\n\r([{\u2014\u2013-/\u00a0")
_TRAILING = " \t\n\r,;:\u00a0"
#: The characters the scan stops at (line ends, marks, the first of a doubled apostrophe); it skips
#: the runs between them in one regex search instead of a Python step per character.
_STOPS = re.compile("[\n'" + STRAIGHT + "".join(sorted(OPENING | CLOSING)) + "]")


@dataclass(frozen=True, slots=True)
class Piece:
    """One stretch of a quotation: `start`/`end` the words, `outer_start`/`outer_end` with the marks."""

    start: int
    end: int
    outer_start: int
    outer_end: int


@dataclass(frozen=True, slots=True)
class Quotation:
    """A quotation in one or several pieces (several when it runs over paragraphs)."""

    pieces: tuple[Piece, ...]

    @property
    def start(self) -> int:
        return self.pieces[0].start

    @property
    def end(self) -> int:
        return self.pieces[-1].end

    @property
    def outer_start(self) -> int:
        return self.pieces[0].outer_start

    @property
    def outer_end(self) -> int:
        return self.pieces[-1].outer_end


def _piece(text: str, open_at: int, close_at: int, *, closed: bool) -> Piece | None:
    """The piece between a mark at `open_at` and one at `close_at` (or a paragraph end, not closed)."""
    start, end = open_at + _mark_width(text, open_at), close_at
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    if end <= start:
        return None
    return Piece(start, end, open_at, close_at + _mark_width(text, close_at) if closed else close_at)


def _mark_width(text: str, i: int) -> int:
    """2 for a doubled apostrophe standing for a straight mark, else 1."""
    return 2 if text.startswith(DOUBLED_APOSTROPHE, i) else 1


def _is_straight(text: str, i: int) -> bool:
    return text[i] == STRAIGHT or text.startswith(DOUBLED_APOSTROPHE, i)


def _opens(text: str, i: int) -> bool:
    ch = text[i]
    if ch in OPENING:
        return True
    after = i + _mark_width(text, i)
    return _is_straight(text, i) and (i == 0 or text[i - 1] in _OPENS_AFTER) and after < len(text) \
        and not text[after].isspace() and text[after] != "'"


def _next_visible(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def find_quotations(text: str) -> list[Quotation]:
    """Every quotation of `text`, in order (see the module docstring for the rules)."""
    found: list[Quotation] = []
    pieces: list[Piece] = []
    open_at: int | None = None
    i, n = 0, len(text)
    while i < n:
        stop = _STOPS.search(text, i)
        if stop is None:
            break
        i = stop.start()
        ch = text[i]
        if ch == "\n":
            if open_at is not None:
                piece = _piece(text, open_at, i, closed=False)
                if piece is not None:
                    pieces.append(piece)
                open_at = None
                nxt = _next_visible(text, i)
                if not (nxt < n and _opens(text, nxt)):
                    if pieces:
                        found.append(Quotation(tuple(pieces)))
                    pieces = []
            i += 1
            continue
        if open_at is None:
            if _opens(text, i):
                open_at = i
                i += _mark_width(text, i)
                continue
        elif ch in CLOSING or _is_straight(text, i) or (ch == "\u201c" and text[open_at] == "\u201e"):
            piece = _piece(text, open_at, i, closed=True)
            if piece is not None:
                pieces.append(piece)
            if pieces:
                found.append(Quotation(tuple(pieces)))
            pieces, open_at = [], None
            i += _mark_width(text, i)
            continue
        i += 1
    if open_at is not None:
        piece = _piece(text, open_at, n, closed=False)
        if piece is not None:
            pieces.append(piece)
    if pieces:
        found.append(Quotation(tuple(pieces)))
    return found
