"""The records that travel from stage to stage.

`Article` is the core record: every reader produces one, every later stage adds to it, and every
character span any stage stores is an offset into `Article.text`. `Rejected` is what a reader yields
instead when one input cannot become an article; the batch goes on.

Records are plain slotted dataclasses with `as_dict`/`from_dict`, so that they cross process
boundaries (Dask, process pools) and serialise to the JSON shape published in
`entente/schema/read.v1.schema.json`.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

from .errors import Reason

Precision = Literal["year", "month", "day"]

#: Kinds of text a reader may remove from a page, each kept in `Article.removed`.
REMOVED_KINDS = ("caption", "credit", "byline", "dateline_meta", "pagination", "boilerplate", "title", "subtitle")

_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


def normalise_body(text: str) -> str:
    """The form of a body that two copies of the same article share, whatever their source.

    Unicode compatibility forms, typographic quotes and dashes, case and runs of whitespace are
    all folded, so that the text file, the HTML page and the feed entry of one story hash alike.
    """
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return _SPACE.sub(" ", text).strip()


def article_id(text: str) -> str:
    """Stable article id: the first 16 hex digits of SHA-256 over the normalised body."""
    return hashlib.sha256(normalise_body(text).encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class Article:
    """One news article, as every stage sees it.

    `text` is the body and nothing else: title, dek, captions, credits, byline and boilerplate
    are removed by the reader and recorded in `removed` (kind -> list of removed strings).
    """

    text: str
    title: str | None = None
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    published_precision: Precision | None = None
    source: str | None = None
    url: str | None = None
    language: str | None = None
    page: int | None = None
    page_count: int | None = None
    removed: dict[str, list[str]] = field(default_factory=dict)
    external_id: str | None = None
    origin: str | None = None
    format: str | None = None
    near_duplicate_of: str | None = None
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = article_id(self.text)

    def remove(self, kind: str, value: str) -> None:
        """Record that `value` of `kind` was taken out of the page."""
        value = value.strip()
        if value:
            self.removed.setdefault(kind, []).append(value)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(slots=True, frozen=True)
class Rejected:
    """An input that could not become an article, and why."""

    origin: str
    reason: Reason
    detail: str
    format: str | None = None
    size: int | None = None

    @property
    def message(self) -> str:
        return f"{self.origin}: {self.reason.value}: {self.detail}"

    def as_dict(self) -> dict[str, Any]:
        return {"origin": self.origin, "reason": self.reason.value, "detail": self.detail,
                "hint": self.reason.hint, "format": self.format, "size": self.size}
