"""Run options for ingestion, gathered once and passed down to every reader."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import ConfigError

#: Default size cap for one input (a file, a record, a fetched page): generous for an article,
#: small enough that a stray 50 MB blob is refused before it is parsed.
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_USER_AGENT = "entente/0.1 (+news relations research; contact: your operator)"
FORMATS = ("auto", "text", "html", "jsonl", "csv", "feed", "warc")


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """Which fields of a JSON Lines or CSV record hold the article's parts."""

    text: str = "text"
    title: str = "title"
    date: str = "date"
    url: str = "url"
    id: str = "id"


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """Everything a reader may need to know, decided once per run.

    `languages` lists the ISO 639-1 codes accepted; an empty tuple accepts any language.
    """

    max_bytes: int = DEFAULT_MAX_BYTES
    languages: tuple[str, ...] = ("en",)
    min_words: int = 15
    allow_private: bool = False
    timeout: float = 15.0
    user_agent: str = DEFAULT_USER_AGENT
    columns: ColumnMap = field(default_factory=ColumnMap)
    format: str = "auto"
    follow_links: bool = False

    def __post_init__(self) -> None:
        if self.max_bytes <= 0:
            raise ConfigError(f"--max-bytes must be positive, not {self.max_bytes}")
        if self.format not in FORMATS:
            raise ConfigError(f"unknown format {self.format!r}; choose one of {', '.join(FORMATS)}")
        if self.timeout <= 0:
            raise ConfigError(f"--timeout must be positive, not {self.timeout}")
