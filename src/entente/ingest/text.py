"""Plain-text articles: one scraped page, or a collection of articles in one file.

Two layouts are told apart by their structure (`_looks_like_collection`):

* a single page, like the seed: paragraphs separated by blank lines, with a header (title, dek,
  photo captions and credits, byline, publication line, pager) above the body and boxes of
  boilerplate below it;
* a collection, like the outlet samples: blocks separated by one blank line, each block a title
  line followed by the body, one paragraph per line.

Every article then goes through the same steps, top to bottom:

1. prefixes glued to a line ("Photo: AFP New Delhi: …") are split off;
2. the header is read from the top: furniture lines, the title, a repeated title, captions, the
   subtitle, until the first line of the body;
3. the footer is read from the bottom up, until the last line of the body;
4. whole lines of furniture are taken out of the middle (only groups marked `anywhere`);
5. a dateline at the start of the body ("HAVANA, Cuba (Reuters) -- …") stays in the text, and
   names the agency in `Article.source`.

Everything taken out is recorded in `Article.removed` under its kind. The patterns are data, in
`patterns/boilerplate.toml`: a new outlet's boilerplate is a change there, not here.

Offsets: later stages store character offsets into `Article.text`, so the body is never
rewritten. It is made of the kept lines of the input (after `\\r\\n` → `\\n`), each an exact slice
of it, joined by the white space that followed each kept line in the input. Furniture is only
taken out of the middle of a body as whole lines. When nothing is taken out of the middle (the
common case, and the seed), the body is one contiguous slice of the input.
"""
from __future__ import annotations

import functools
import itertools
import logging
import re
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Any, Literal

from ..errors import ConfigError, InputRejected, Reason
from ..records import REMOVED_KINDS, Article, Precision
from .dates import parse_published

__all__ = ["Patterns", "load_patterns", "read_text"]

log = logging.getLogger(__name__)

Zone = Literal["header", "body", "footer"]
DateValue = tuple[str, Precision]

#: Which zones of an article each `where` of the patterns file covers.
_ZONES_OF: Mapping[str, frozenset[str]] = {
    "header": frozenset({"header"}),
    "footer": frozenset({"footer"}),
    "edges": frozenset({"header", "footer"}),
    "anywhere": frozenset({"header", "body", "footer"}),
}
#: The group (of lines and of prefixes) that names photo credits: a short line just before a
#: credit is the photo's caption.
_PHOTO_CREDIT = "photo_credit"

# Sizes that tell a headline, a dek or a caption from a paragraph of prose.
_MAX_TITLE_WORDS = 30
_MAX_SUBTITLE_WORDS = 35
_MAX_CAPTION_WORDS = 30

_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’)\]]*$")
_ENDS_CLAUSE = re.compile(r"[.:;,][\"'”’)\]]*$")
_ENDS_QUESTION = re.compile(r"(?:[?!]|\.\.\.|…)[\"'”’)\]]*$")
_OPENS_QUOTE = re.compile(r"^[\"'“‘«„]")
_OPENS_LIST_ITEM = re.compile(r"^(?:\d{1,2}|[a-z])[.)]\s")
_YEAR = re.compile(r"\b\d{4}\b")
_NAME_SEPARATORS = re.compile(r"\s*(?:\||,|;|&|\band\b|\bwith\b)\s*", re.IGNORECASE)
_NAME_TOKEN = re.compile(r"[^\W\d_][\w'’.\-]*")
_LETTERS = re.compile(r"[^\W\d_]+")
_ROMAN = frozenset({"II", "III", "IV", "VI", "VII", "VIII"})
_WORD_EDGES = "\"'“”‘’«»()[],.:;!?"


# --------------------------------------------------------------------------------------------
# The patterns file
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class LineRule:
    """One group of whole-line patterns (a `[lines.<name>]` table)."""

    name: str
    kind: str
    zones: frozenset[str]
    max_words: int | None
    regexes: tuple[re.Pattern[str], ...]

    def applies(self, zone: Zone, words: int) -> bool:
        return zone in self.zones and (self.max_words is None or words <= self.max_words)


@dataclass(frozen=True, slots=True)
class PrefixRule:
    """One group of prefixes glued to the start of a line (a `[prefixes.<name>]` table)."""

    name: str
    kind: str
    regexes: tuple[re.Pattern[str], ...]


@dataclass(frozen=True, slots=True)
class Patterns:
    """Everything `patterns/boilerplate.toml` holds, compiled."""

    lines: tuple[LineRule, ...]
    prefixes: tuple[PrefixRule, ...]
    title_suffixes: tuple[re.Pattern[str], ...]
    datelines: tuple[re.Pattern[str], ...]
    lone_datelines: tuple[re.Pattern[str], ...]
    agencies: Mapping[str, str]
    byline_noise: tuple[re.Pattern[str], ...]
    byline_roles: tuple[re.Pattern[str], ...]
    name_particles: frozenset[str]


@functools.cache
def load_patterns() -> Patterns:
    """The boilerplate patterns shipped with entente, read and compiled once."""
    source = resources.files("entente.ingest") / "patterns" / "boilerplate.toml"
    try:
        return _compile_patterns(tomllib.loads(source.read_text(encoding="utf-8")))
    except (tomllib.TOMLDecodeError, re.error, KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"the boilerplate patterns file {source} is invalid: {exc}") from exc


def _compile_patterns(data: Mapping[str, Any]) -> Patterns:
    bylines = data["bylines"]
    return Patterns(
        lines=tuple(_line_rule(name, spec) for name, spec in data["lines"].items()),
        prefixes=tuple(PrefixRule(name, _checked_kind(name, spec["kind"]), _compiled(spec["patterns"]))
                       for name, spec in data["prefixes"].items()),
        title_suffixes=_compiled(data["titles"]["suffixes"]),
        # Datelines are told by their capitals ("HAVANA, Cuba"), so they are matched with case.
        datelines=_compiled(data["datelines"]["starts"], flags=0),
        lone_datelines=_compiled(data["datelines"]["alone"], flags=0),
        agencies={alias.casefold(): name for alias, name in data["agencies"].items()},
        byline_noise=_compiled(bylines["noise"]),
        byline_roles=_compiled(bylines["roles"]),
        name_particles=frozenset(word.casefold() for word in bylines["particles"]),
    )


def _line_rule(name: str, spec: Mapping[str, Any]) -> LineRule:
    where = spec.get("where", "anywhere")
    if where not in _ZONES_OF:
        raise ValueError(f"[lines.{name}]: `where` is {where!r}, not one of {sorted(_ZONES_OF)}")
    return LineRule(name, _checked_kind(name, spec["kind"]), _ZONES_OF[where], spec.get("max_words"),
                    _compiled(spec["patterns"]))


def _checked_kind(name: str, kind: str) -> str:
    if kind not in REMOVED_KINDS:
        raise ValueError(f"group {name!r}: kind {kind!r} is not one of {REMOVED_KINDS}")
    return kind


def _compiled(patterns: Sequence[str], flags: int = re.IGNORECASE) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(pattern, flags) for pattern in patterns)


# --------------------------------------------------------------------------------------------
# Lines of the document
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Prefix:
    """A piece of furniture glued to the start of a line."""

    kind: str
    text: str
    group: str
    date: str | None = None


@dataclass(frozen=True, slots=True)
class _Line:
    """One non-blank line, located by offsets into the normalised document."""

    start: int  # first character of the line's text (after any glued-on prefix)
    end: int  # just after its last visible character
    next_start: int  # first visible character of the next line (or the end of the document)
    text: str
    paragraph: bool  # a paragraph of its own, not a piece of a hard-wrapped paragraph
    prefixes: tuple[_Prefix, ...] = ()

    @property
    def has_photo_credit(self) -> bool:
        return any(prefix.group == _PHOTO_CREDIT for prefix in self.prefixes)


def _normalised(text: str) -> str:
    """Unix line ends and no byte-order mark: the text every offset refers to."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _visible_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line, without its surrounding white space."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        chunk = match.group()
        stripped = chunk.strip()
        if stripped:
            start = match.start() + len(chunk) - len(chunk.lstrip())
            spans.append((start, start + len(stripped)))
    return spans


def _blocks_of(text: str, spans: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Group line spans into blocks: a blank line (two line ends in the gap) starts a new block."""
    blocks: list[list[tuple[int, int]]] = []
    previous_end = None
    for span in spans:
        if previous_end is None or text.count("\n", previous_end, span[0]) >= 2:
            blocks.append([])
        blocks[-1].append(span)
        previous_end = span[1]
    return blocks


def _one_paragraph_per_line(text: str, block: Sequence[tuple[int, int]]) -> bool:
    """Whether each line of a block is a paragraph, rather than a piece of a hard-wrapped one.

    Wrapped prose gives itself away by lines that go on with a lower-case word after a line that
    did not end a sentence; paragraphs one per line (and headlines above them) do not.
    """
    if len(block) == 1:
        return True
    followers = 0
    for before, line in itertools.pairwise(block):
        sentence_ended = bool(_ENDS_SENTENCE.search(text[before[0]:before[1]]))
        if text[line[0]].islower() and not sentence_ended:
            followers += 1
    return followers < 0.3 * (len(block) - 1)


def _document(text: str, patterns: Patterns) -> list[list[_Line]]:
    """The document as blocks of `_Line`s, glued-on prefixes split off."""
    spans = _visible_spans(text)
    next_starts = [start for start, _ in spans[1:]] + [len(text)] if spans else []
    following = dict(zip(spans, next_starts, strict=True))
    blocks = []
    for block in _blocks_of(text, spans):
        paragraph = _one_paragraph_per_line(text, block)
        blocks.append([_line_at(text, start, end, following[(start, end)], paragraph, patterns)
                       for start, end in block])
    return blocks


def _line_at(text: str, start: int, end: int, next_start: int, paragraph: bool, patterns: Patterns) -> _Line:
    prefixes: list[_Prefix] = []
    position = start
    while (prefix := _prefix_at(text, position, end, patterns)) is not None:
        found, position = prefix
        prefixes.append(found)
    return _Line(position, end, next_start, text[position:end], paragraph, tuple(prefixes))


def _prefix_at(text: str, position: int, end: int, patterns: Patterns) -> tuple[_Prefix, int] | None:
    for rule in patterns.prefixes:
        for regex in rule.regexes:
            match = regex.match(text, position, end)
            if match and position < match.end() < end:  # never the whole line
                prefix = _Prefix(rule.kind, match.group().strip(), rule.name, match.groupdict().get("date"))
                return prefix, match.end()
    return None


def _looks_like_collection(blocks: Sequence[Sequence[_Line]]) -> bool:
    """Several blocks, most of them a headline and paragraphs one per line: a collection.

    A single page like the seed has mostly one-line blocks (a paragraph each); a hard-wrapped
    page has multi-line blocks whose lines run on into each other.
    """
    if len(blocks) < 2:
        return False
    stacked = sum(1 for block in blocks if len(block) > 1 and block[0].paragraph)
    return stacked >= 0.5 * len(blocks)


# --------------------------------------------------------------------------------------------
# What is learnt about one article
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Found:
    """A line recognised as furniture, with the data it carries."""

    group: str
    kind: str
    authors: tuple[str, ...] = ()
    agency: str | None = None
    date: DateValue | None = None
    updated: DateValue | None = None
    page: int | None = None
    page_count: int | None = None


@dataclass(slots=True)
class _Draft:
    """What the reader has learnt about one article so far."""

    title: str | None = None
    title_line: str | None = None
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    published: DateValue | None = None
    updated: DateValue | None = None
    dateline_date: DateValue | None = None
    source: str | None = None
    page: int | None = None
    page_count: int | None = None
    removed: list[tuple[str, str]] = field(default_factory=list)
    captions: set[str] = field(default_factory=set)
    last_kind: str | None = None

    def drop(self, kind: str, value: str) -> None:
        self.removed.append((kind, value))
        self.last_kind = kind
        if kind == "caption":
            self.captions.add(_folded(value))

    def take(self, found: _Found, value: str) -> None:
        self.drop(found.kind, value)
        self.authors.extend(name for name in found.authors if name not in self.authors)
        self.source = self.source or found.agency
        self.published = self.published or found.date
        self.updated = self.updated or found.updated
        if found.page is not None and self.page is None:
            self.page, self.page_count = found.page, found.page_count

    def repeats_title(self, text: str) -> bool:
        folded = _folded(text)
        return any(folded == _folded(title) for title in (self.title, self.title_line) if title)

    def publication_date(self) -> DateValue | None:
        """The page's own date first, then a dated dateline, then the date of an update."""
        return self.published or self.dateline_date or self.updated


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


# --------------------------------------------------------------------------------------------
# Recognising lines
# --------------------------------------------------------------------------------------------

def _classify(text: str, zone: Zone, patterns: Patterns) -> _Found | None:
    """The furniture a whole line is, in this zone of the article, or None for prose."""
    words = len(text.split())
    for rule in patterns.lines:
        if not rule.applies(zone, words):
            continue
        for regex in rule.regexes:
            match = regex.fullmatch(text)
            if match and (found := _interpret(rule, match, patterns)) is not None:
                return found
    return None


def _interpret(rule: LineRule, match: re.Match[str], patterns: Patterns) -> _Found | None:
    """Read the data a match carries; None when it does not hold up (a byline without names)."""
    groups = match.groupdict()
    if groups.get("names") is not None:
        authors, agency = _byline_names(groups["names"], patterns)
        if not authors and agency is None:
            return None
        return _Found(rule.name, rule.kind, authors=tuple(authors), agency=agency)
    if groups.get("date") is not None:
        date = _date_or_none(groups["date"])
        return _Found(rule.name, rule.kind, date=date) if date else None
    if groups.get("updated") is not None:
        updated = _date_or_none(groups["updated"])
        return _Found(rule.name, rule.kind, updated=updated) if updated else None
    if groups.get("page") is not None:
        count = groups.get("count")
        page_count = int(count) if count else None
        return _Found(rule.name, rule.kind, page=int(groups["page"]), page_count=page_count)
    return _Found(rule.name, rule.kind)


def _date_or_none(value: str) -> DateValue | None:
    """A date, or None when the words hold none (`parse_published` rejects them then)."""
    try:
        return parse_published(value)
    except (InputRejected, ValueError, OverflowError):
        return None


def _byline_names(value: str, patterns: Patterns) -> tuple[list[str], str | None]:
    """The people a byline names, and a news agency if it names one; ([], None) if it is no byline."""
    for noise in patterns.byline_noise:
        value = noise.sub("", value)
    authors: list[str] = []
    agency = None
    for part in _NAME_SEPARATORS.split(value):
        part = _trimmed_name_part(part)
        if not part:
            continue
        if known := patterns.agencies.get(part.casefold()):
            agency = agency or known
        elif any(role.fullmatch(part) for role in patterns.byline_roles):
            continue
        elif (name := _person_name(part, patterns.name_particles)) is None:
            return [], None  # "By the end of the week …": prose, not a byline
        elif name not in authors:
            authors.append(name)
    return authors, agency


def _trimmed_name_part(part: str) -> str:
    part = part.strip(" :-–—")
    # A final full stop ends the line, unless it belongs to an initial ("John Q.").
    if part.endswith(".") and not re.search(r"\b\w\.$", part):
        part = part[:-1].rstrip()
    return part


def _person_name(part: str, particles: frozenset[str]) -> str | None:
    """A person's name in ordinary capitals ("Florence VILLEMINOT" → "Florence Villeminot")."""
    tokens = part.split()
    if not 2 <= len(tokens) <= 5 or not tokens[0][0].isupper():
        return None
    for token in tokens:
        if not _NAME_TOKEN.fullmatch(token):
            return None
        if not token[0].isupper() and token.split("-")[0].casefold() not in particles:
            return None
    return " ".join(_unshouted(token) for token in tokens)


def _unshouted(token: str) -> str:
    if token.isupper() and len(token) > 2 and token not in _ROMAN:
        return _LETTERS.sub(lambda letters: letters.group().capitalize(), token)
    return token


@dataclass(frozen=True, slots=True)
class _Dateline:
    agency: str | None
    date: DateValue | None


def _dateline(text: str, patterns: Patterns) -> _Dateline | None:
    """The dateline a line opens with ("HAVANA, Cuba (Reuters) --"), or None."""
    for regex in patterns.datelines:
        match = regex.match(text)
        if not match:
            continue
        groups = match.groupdict()
        agency = patterns.agencies.get((groups.get("agency") or "").strip().casefold())
        written_date = groups.get("date") or groups.get("date2")
        if groups.get("place") or agency or written_date:
            # Only a date with its year can date the article ("LAGOS, May 28" cannot).
            date = _date_or_none(written_date) if written_date and _YEAR.search(written_date) else None
            return _Dateline(agency, date)
    return None


def _is_lone_dateline(text: str, patterns: Patterns) -> bool:
    return any(regex.fullmatch(text) for regex in patterns.lone_datelines)


def _is_title_like(line: _Line, patterns: Patterns) -> bool:
    """A headline: short, and not a sentence (unless Every Word Is Capitalised, "Shot Fired At Pa.")."""
    words = line.text.split()
    if not line.paragraph or not words or len(words) > _MAX_TITLE_WORDS:
        return False
    if _is_lone_dateline(line.text, patterns):
        return False
    if _ENDS_QUESTION.search(line.text):
        return True
    if _ENDS_SENTENCE.search(line.text):
        return _is_title_cased(words)
    return True


def _is_title_cased(words: Sequence[str]) -> bool:
    significant = [word.strip(_WORD_EDGES) for word in words]
    significant = [word for word in significant if len(word) >= 4 and word[0].isalpha()]
    if len(significant) < 2:
        return False
    return sum(1 for word in significant if word[0].isupper()) >= 0.75 * len(significant)


def _is_subtitle_like(line: _Line, patterns: Patterns) -> bool:
    """A dek under a headline: a short line of its own that does not end like a sentence."""
    words = line.text.split()
    return (line.paragraph and 0 < len(words) <= _MAX_SUBTITLE_WORDS
            and not _ENDS_CLAUSE.search(line.text) and not _OPENS_QUOTE.match(line.text)
            and not _OPENS_LIST_ITEM.match(line.text)  # "1. What was the Anfal?" heads a section
            and not _is_lone_dateline(line.text, patterns))


def _is_photo_credit_line(line: _Line, zone: Zone, patterns: Patterns) -> bool:
    found = _classify(line.text, zone, patterns)
    return found is not None and found.group == _PHOTO_CREDIT


def _is_caption_before_credit(lines: Sequence[_Line], index: int, zone: Zone, patterns: Patterns) -> bool:
    """A short line just above a photo credit is that photo's caption.

    In the header a credit glued to the next line counts too ("Photo: HT Seeking to …"); inside
    the body only a credit on a line of its own does.
    """
    if index + 1 >= len(lines):
        return False
    line, credit = lines[index], lines[index + 1]
    if len(line.text.split()) > _MAX_CAPTION_WORDS or _OPENS_QUOTE.match(line.text):
        return False
    return (zone == "header" and credit.has_photo_credit) or _is_photo_credit_line(credit, zone, patterns)


def _dateline_follows(lines: Sequence[_Line], index: int, patterns: Patterns) -> bool:
    """Whether the next line opens the story with a dateline: this one is still header."""
    return (index + 1 < len(lines) and _dateline(lines[index].text, patterns) is None
            and _dateline(lines[index + 1].text, patterns) is not None)


# --------------------------------------------------------------------------------------------
# Reading one article
# --------------------------------------------------------------------------------------------

def _read_header(lines: Sequence[_Line], draft: _Draft, patterns: Patterns) -> int:
    """Take the title, subtitle and header furniture from the top; return where the body starts.

    Only the first line that is not furniture may be the title, and only the first one after
    the title the subtitle: further down, a short line is a subheading of the story.
    """
    unclassified = 0
    for index, line in enumerate(lines):
        if found := _classify(line.text, "header", patterns):
            draft.take(found, line.text)
            continue
        if draft.repeats_title(line.text):
            draft.drop("title", line.text)
            continue
        if _folded(line.text) in draft.captions:  # captions are often printed twice
            draft.drop("caption", line.text)
            continue
        unclassified += 1
        if unclassified == 1 and _is_title_like(line, patterns):
            _set_title(draft, line.text, patterns)
        elif _is_caption_before_credit(lines, index, "header", patterns):
            draft.drop("caption", line.text)
        elif draft.title is not None and unclassified == 2 and _is_subtitle_like(line, patterns):
            draft.subtitle = line.text
            draft.drop("subtitle", line.text)
        elif draft.title is not None and unclassified <= 3 and _dateline_follows(lines, index, patterns):
            _take_dek_above_dateline(draft, line.text)
        else:
            return index
    return len(lines)


def _take_dek_above_dateline(draft: _Draft, text: str) -> None:
    """A line between the headline and the dateline: more caption, or the dek."""
    if draft.last_kind == "caption" or draft.subtitle is not None:
        draft.drop("caption", text)
    else:
        draft.subtitle = text
        draft.drop("subtitle", text)


def _set_title(draft: _Draft, text: str, patterns: Patterns) -> None:
    """Record the headline; an outlet glued to it ("… - Xinhua") becomes the source."""
    draft.title_line = text
    draft.title = text
    draft.drop("title", text)
    for regex in patterns.title_suffixes:
        if match := regex.fullmatch(text):
            draft.title = match.group("title")
            draft.source = draft.source or patterns.agencies.get(_folded(match.group("outlet")))
            return


def _read_footer(lines: Sequence[_Line], body_start: int, draft: _Draft, patterns: Patterns) -> int:
    """Take furniture from the bottom up; return the index just after the last body line."""
    end = len(lines)
    tail: list[tuple[_Found, _Line]] = []
    while end > body_start and (found := _classify(lines[end - 1].text, "footer", patterns)):
        tail.append((found, lines[end - 1]))
        end -= 1
    for found, line in reversed(tail):  # recorded in reading order
        draft.take(found, line.text)
    return end


def _first_body_line(line: _Line, draft: _Draft, patterns: Patterns) -> _Line:
    """The opening line, without a headline printed again in front of it; note its dateline."""
    if draft.title and _opens_with(line.text, draft.title):
        rest = line.text[len(draft.title):]
        skipped = len(line.text) - len(rest.lstrip())
        draft.drop("title", line.text[:skipped])
        line = replace(line, start=line.start + skipped, text=line.text[skipped:])
    if dateline := _dateline(line.text, patterns):
        draft.source = draft.source or dateline.agency
        draft.dateline_date = dateline.date
    return line


def _opens_with(text: str, title: str) -> bool:
    """Whether a line starts with the headline followed by more words ("Tunisia extends … (AP) …")."""
    size = len(title)
    return len(text) > size and text[size].isspace() and text[:size].casefold() == title.casefold()


def _body_lines(lines: Sequence[_Line], draft: _Draft, patterns: Patterns) -> list[_Line]:
    """The lines of the body, with whole lines of furniture taken out of its middle."""
    kept = []
    for index, line in enumerate(lines):
        if index > 0 and line.has_photo_credit:  # a credited photo inside the story: its caption
            draft.drop("caption", line.text)
        elif found := _classify(line.text, "body", patterns):
            draft.take(found, line.text)
        elif _folded(line.text) in draft.captions \
                or _is_caption_before_credit(lines, index, "body", patterns):
            draft.drop("caption", line.text)
        else:
            kept.append(line)
    return kept


def _read_article(lines: Sequence[_Line], patterns: Patterns) -> tuple[_Draft, list[_Line]]:
    """What one article's lines say about it, and the lines that make its body."""
    draft = _Draft()
    body_start = _read_header(lines, draft, patterns)
    body_end = _read_footer(lines, body_start, draft, patterns)
    body = list(lines[body_start:body_end])
    if body:
        body[0] = _first_body_line(body[0], draft, patterns)
    kept = _body_lines(body, draft, patterns)
    _record_prefixes(lines, draft)
    return draft, kept


def _record_prefixes(lines: Sequence[_Line], draft: _Draft) -> None:
    """Glued-on furniture is removed whatever became of its line; a time stamp dates the page."""
    for line in lines:
        for prefix in line.prefixes:
            draft.removed.append((prefix.kind, prefix.text))
            if prefix.date and draft.published is None:
                draft.published = _date_or_none(prefix.date)


def _joined(text: str, kept: Sequence[_Line]) -> str:
    """The body: kept lines as slices of the input, each followed by the white space it had there."""
    pieces = [text[kept[0].start:kept[0].end]]
    for before, after in itertools.pairwise(kept):
        pieces.append(text[before.end:before.next_start])
        pieces.append(text[after.start:after.end])
    return "".join(pieces)


def _article(draft: _Draft, body: str, origin: str) -> Article:
    published = draft.publication_date()
    article = Article(
        text=body,
        title=draft.title,
        subtitle=draft.subtitle,
        authors=list(draft.authors),
        published=published[0] if published else None,
        published_precision=published[1] if published else None,
        source=draft.source,
        page=draft.page,
        page_count=draft.page_count,
        origin=origin,
        format="text",
    )
    for kind, value in draft.removed:
        article.remove(kind, value)
    return article


# --------------------------------------------------------------------------------------------
# The reader
# --------------------------------------------------------------------------------------------

def read_text(text: str, *, origin: str) -> list[Article]:
    """Read a decoded plain-text file into one article, or one per block of a collection.

    When a collection yields several articles, each gets the origin `"{origin}#{n}"`, n counting
    the file's blocks from 1. Raises `InputRejected(Reason.NO_ARTICLE)` when only a title, page
    furniture and boilerplate remain. Language and length are checked by a later stage.
    """
    patterns = load_patterns()
    text = _normalised(text)
    blocks = _document(text, patterns)
    collection = _looks_like_collection(blocks)
    log.debug("%s: %d blocks, read as %s", origin, len(blocks), "a collection" if collection else "one page")
    units = blocks if collection else [[line for block in blocks for line in block]]
    found = list(_articles_in(text, units, patterns))
    if not found:
        raise InputRejected(Reason.NO_ARTICLE, "only a title, page furniture or boilerplate was found")
    several = len(found) > 1
    return [_article(draft, body, f"{origin}#{number}" if several else origin)
            for number, draft, body in found]


def _articles_in(text: str, units: Sequence[Sequence[_Line]],
                 patterns: Patterns) -> Iterator[tuple[int, _Draft, str]]:
    """(block number, draft, body) of every unit of lines that holds a body."""
    carried: list[_Line] = []
    for number, unit in enumerate(units, start=1):
        lines = carried + list(unit)
        draft, kept = _read_article(lines, patterns)
        if not kept:
            carried = lines  # a header with no body yet (a headline on its own): it heads the next block
            continue
        carried = []
        yield number, draft, _joined(text, kept)
