"""Normalisation and tokenisation shared by the KB builder, the resolver and the recogniser.

Every alias in the knowledge base and every phrase or article is cut into tokens by the same
function, so that a lookup is a dict access on the space-joined lower-case tokens. Diacritics,
typographic quotes and dashes are folded: "Nausėda" and "Nauseda" share a key, and so do
"Israel’s" and "Israel's" (which become the tokens `israel` and `'s`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "\u0060": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2010": "-",
        "\u2011": "-",
        "\u00a0": " ",
        "\u0131": "i",
        "\u0259": "e",
        "\u018f": "E",
        "\u00df": "ss",
        "\u00f8": "o",
        "\u00d8": "O",
        "\u0142": "l",
        "\u0141": "L",
        "\u00e6": "ae",
        "\u00c6": "AE",
        "\u0111": "d",
        "\u0110": "D",
    }
)

# dotted acronyms (U.S., U.N.) | words (letters/digits) | possessive 's | any other single symbol
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|\w+|'s\b|[^\w\s]", re.UNICODE)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Text with typographic quotes/dashes unified and diacritics stripped; same length as `text`
    whenever each character folds to one character (true for nearly all Latin text)."""
    text = text.translate(_FOLD)
    if text.isascii():
        return text
    out = []
    for ch in text:
        if ord(ch) < 128:
            out.append(ch)
            continue
        decomposed = unicodedata.normalize("NFKD", ch)
        base = "".join(c for c in decomposed if not unicodedata.combining(c))
        out.append(base[:1] if len(base) >= 1 else ch)
    return "".join(out)


def tokens(text: str) -> list[str]:
    """Lower-case folded tokens of `text`."""
    return [m.group().lower() for m in _TOKEN.finditer(fold(text))]


def key(text: str) -> str:
    """The lookup key of an alias or phrase: its tokens joined by single spaces."""
    return " ".join(tokens(text))


def spans(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, lower-case folded token, original token text) for every token of `text`.

    Offsets index into `text` itself: folding keeps one character per character, except for the
    rare characters that fold to two (ß, æ), which are folded one-to-one here to keep offsets exact.
    """
    folded = fold_same_length(text)
    return [
        (m.start(), m.end(), m.group().lower(), text[m.start() : m.end()]) for m in _TOKEN.finditer(folded)
    ]


_ONE = str.maketrans({"\u00df": "s", "\u00e6": "a", "\u00c6": "A"})


def fold_same_length(text: str) -> str:
    """`fold` with a one-to-one mapping, so that offsets into the result are offsets into `text`."""
    text = text.translate(_ONE)
    folded = fold(text)
    if len(folded) == len(text):
        return folded
    return "".join(fold(ch)[:1] or ch for ch in text)


def slug(name: str) -> str:
    """An upper-case code fragment for a name: "Ilham Aliyev" -> "ILHAM_ALIYEV"."""
    words = re.findall(r"[A-Za-z0-9]+", fold(name))
    return "_".join(w.upper() for w in words)


def is_acronym(alias: str) -> bool:
    """True for aliases written in capitals (UN, U.S., NATO, FSB): they must match in capitals."""
    letters = [c for c in alias if c.isalpha()]
    return (
        bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 6 and " " not in alias.strip()
    )
