"""RSS and Atom feeds to articles, one entry at a time.

feedparser reads every dialect (RSS 0.9x/1.0/2.0, Atom 0.3/1.0, CDF) and already resolves
relative links and sanitises embedded HTML. Each entry becomes an `Article` built from its fullest
text (`content:encoded` / Atom `content`, else `description` / `summary`), read through
`read_html` when that text is HTML, with the entry's own metadata taking precedence over what
the HTML says: a feed's titles, links and dates are the publisher's structured statement.

With `IngestOptions.follow_links`, the page an entry links to is fetched and read instead,
because many feeds carry only a teaser; if the fetch or the page fails, the entry's own text is
used, so following links never loses an entry. Failures are per entry: one bad entry yields a
`Rejected` and the rest of the feed is read.
"""
from __future__ import annotations

import html
import io
import logging
import re
import time
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import feedparser
from trafilatura import html2txt

from ..errors import InputRejected, Reason
from ..records import Article, Rejected
from .dates import Precision, parse_published
from .fetch import Fetched, fetch
from .html import read_html
from .options import IngestOptions

log = logging.getLogger(__name__)

__all__ = ["read_feed"]

#: A fetcher as `fetch` is: (url, *, options) -> Fetched. Tests and callers may inject their own.
Fetcher = Callable[..., Fetched]

_FORMAT = "feed"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TAG = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9]*)(?:\s[^>]*)?/?>")


def read_feed(data: bytes, *, origin: str, options: IngestOptions,
              fetcher: Fetcher = fetch) -> Iterator[Article | Rejected]:
    """Yield one `Article` or `Rejected` per entry of an RSS or Atom document.

    Args:
        data: the feed's bytes (feedparser finds the encoding from the prolog and the bytes).
        origin: where the feed came from; an entry's origin is `origin#<link>` or `origin#<n>`
            (n counting entries from 1) when it has no link.
        options: `follow_links` decides whether each entry's page is fetched with `fetcher`.
        fetcher: called as `fetcher(url, options=options)`, returning a `Fetched`.
    """
    declared = _declared_entities(data)
    if declared:
        yield Rejected(origin, Reason.MALFORMED,
                       f"the feed's DOCTYPE declares XML entities ({', '.join(declared[:3])}): RSS and Atom never "
                       "need <!ENTITY>, and nested ones are an entity-expansion attack ('billion laughs'); "
                       "ask the publisher for a plain feed", _FORMAT, len(data))
        return
    # A stream, never bytes or str: feedparser fetches a str that looks like a URL, and tries any
    # bytes or str as a local file name first, so a body reading b"/etc/hosts" would open that file.
    parsed = feedparser.parse(io.BytesIO(data))
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            problem = parsed.get("bozo_exception")
            yield Rejected(origin, Reason.MALFORMED, f"not a readable RSS or Atom feed ({problem})", _FORMAT, len(data))
        elif not parsed.get("version"):
            # Well-formed XML or HTML that feedparser recognises as no feed dialect at all.
            yield Rejected(origin, Reason.MALFORMED, "well-formed, but not RSS or Atom", _FORMAT, len(data))
        else:
            yield Rejected(origin, Reason.EMPTY, "the feed has no entries", _FORMAT, len(data))
        return
    if parsed.get("bozo"):
        # A feed with a wrong encoding declaration or a stray character is still mostly readable;
        # say so once, and read what feedparser recovered.
        log.warning("%s: feed is not well-formed (%s); reading the entries recovered",
                    origin, parsed.get("bozo_exception"))
    source = _text(parsed.get("feed", {}).get("title"))
    for number, entry in enumerate(entries, start=1):
        link = _http_link(entry.get("link"))
        where = f"{origin}#{link or number}"
        try:
            yield _read_entry(entry, where=where, link=link, source=source, options=options, fetcher=fetcher)
        except InputRejected as exc:
            yield Rejected(where, exc.reason, exc.detail, _FORMAT)
        except Exception as exc:  # one broken entry must never stop the feed; log the cause
            log.exception("unexpected failure reading feed entry %s", where)
            yield Rejected(where, Reason.MALFORMED, f"unexpected {type(exc).__name__}: {exc}", _FORMAT)


#: The internal subset of a DOCTYPE, `<!DOCTYPE rss [ ... ]>`, where entities are declared.
_INTERNAL_SUBSET = re.compile(rb"<!DOCTYPE\s[^\[>]*\[(.*?)\]\s*>", re.DOTALL | re.IGNORECASE)
_ENTITY_NAME = re.compile(rb"<!ENTITY\s+(%\s+)?([^\s\"'>]+)", re.IGNORECASE)
#: The prolog comes before the root element; a DOCTYPE further in would not be one.
_PROLOG_BYTES = 65536


def _declared_entities(data: bytes) -> list[str]:
    """Names of the entities a feed declares in its DOCTYPE, which no RSS or Atom feed needs.

    Entity declarations are the means of XML bombs: nested ones expand a few hundred bytes into
    gigabytes ("billion laughs"), external ones read local files or URLs. feedparser's strict
    parser (expat) refuses the expansion, and its fallback, the loose parser, then keeps the
    references as literal text, so without this check the attack was stored as an article titled
    "&lol5;". Refusing the declarations, before any parser sees them, is simpler and safe.
    An external DTD by public identifier (`<!DOCTYPE rss PUBLIC "..." "...rss-0.91.dtd">`,
    common in old RSS 0.91 feeds) has no internal subset and passes.
    """
    subset = _INTERNAL_SUBSET.search(data[:_PROLOG_BYTES])
    if subset is None:
        return []
    return [f"&{match.group(2).decode('utf-8', 'replace')};" for match in _ENTITY_NAME.finditer(subset.group(1))]


def _read_entry(entry: Any, *, where: str, link: str | None, source: str | None, options: IngestOptions,
                fetcher: Fetcher) -> Article:
    title = _text(entry.get("title"))
    article = _followed(link, where=where, options=options, fetcher=fetcher) if options.follow_links else None
    if article is None:
        article = _from_entry_text(entry, where=where, link=link, title=title)
    elif article.url is None:
        article.url = link
    # The entry's metadata wins over what trafilatura read from the HTML; the page's own values
    # stay where the entry is silent.
    if title:
        article.title = title
    published = _entry_date(entry)
    if published is not None:
        article.published, article.published_precision = published
    authors = _entry_authors(entry)
    if authors:
        article.authors = authors
    article.source = source or article.source
    article.external_id = _text(entry.get("id")) or article.external_id
    article.origin, article.format = where, _FORMAT
    return article


def _followed(link: str | None, *, where: str, options: IngestOptions, fetcher: Fetcher) -> Article | None:
    """The article on the entry's page, or None (and a log line) when it cannot be had."""
    if link is None:
        return None
    try:
        page = fetcher(link, options=options)
        article = read_html(page.data, origin=where, url=page.final_url)
    except InputRejected as exc:
        log.info("%s: following %s failed (%s); using the entry's own text", where, link, exc.reason.value)
        return None
    except Exception:  # an injected fetcher may fail in its own ways; the entry text remains
        log.warning("%s: following %s failed unexpectedly; using the entry's own text", where, link, exc_info=True)
        return None
    return article


def _from_entry_text(entry: Any, *, where: str, link: str | None, title: str | None) -> Article:
    value, kind = _fullest_text(entry)
    if not value.strip():
        raise InputRejected(Reason.NO_ARTICLE, "the entry has no text (no content, description or summary)")
    if kind in _HTML_TYPES and _TAG.search(value):
        return _from_html_fragment(value, where=where, link=link, title=title)
    # Plain text; feedparser has already turned entities into characters.
    text = "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n", value) if p.strip())
    return Article(text=text, url=link, origin=where, format=_FORMAT)


def _from_html_fragment(fragment: str, *, where: str, link: str | None, title: str | None) -> Article:
    """Read an entry's HTML through `read_html`, wrapped as the full page it expects.

    The entry title goes into `<title>`, so that a body opening with the headline loses it as a
    page's would. When trafilatura judges the fragment too short to be an article, its plain text
    is kept instead: a feed entry has no page furniture to mistake for text, and the length gate
    after reading (`checks.admit`) decides whether it is enough.
    """
    head = f"<title>{html.escape(title)}</title>" if title else ""
    page = f"<!DOCTYPE html><html><head>{head}</head><body><article>{fragment}</article></body></html>"
    try:
        article = read_html(page, origin=where, url=link)
    except InputRejected as exc:
        if exc.reason is not Reason.NO_ARTICLE:
            raise
        text = " ".join(html2txt(page).split())
        if not text:
            raise InputRejected(Reason.NO_ARTICLE, "the entry's HTML holds no text") from exc
        article = Article(text=text, url=link)
    # trafilatura invents a site name from the URL's host when the page has none; the feed title
    # is the better source and is set by the caller.
    article.source = None
    return article


def _fullest_text(entry: Any) -> tuple[str, str]:
    """The longest of the entry's content blocks and its summary, with its media type.

    Feeds usually put the whole story in `content:encoded`/Atom `content` and a teaser in the
    summary, but some do the reverse; the longer text is the fuller one either way.
    """
    candidates: list[tuple[str, str]] = []
    for block in entry.get("content") or []:
        candidates.append((block.get("value") or "", block.get("type") or "text/html"))
    summary = entry.get("summary")
    if summary:
        detail = entry.get("summary_detail") or {}
        candidates.append((summary, detail.get("type") or "text/html"))
    if not candidates:
        return "", "text/plain"
    return max(candidates, key=lambda c: len(c[0]))


def _entry_date(entry: Any) -> tuple[str, Precision] | None:
    """Publication (else update) date at day precision; feedparser gives a UTC struct_time."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value: time.struct_time | None = entry.get(key)
        if value is not None:
            try:
                return parse_published(date(value.tm_year, value.tm_mon, value.tm_mday))
            except ValueError:
                continue
    return None


def _entry_authors(entry: Any) -> list[str]:
    names: list[str] = []
    for author in entry.get("authors") or []:
        name = _text(author.get("name")) if isinstance(author, dict) else None
        if name and name not in names:
            names.append(name)
    if not names:
        single = _text(entry.get("author"))
        if single:
            names.append(single)
    return names


def _http_link(value: object) -> str | None:
    if isinstance(value, str) and value.strip().lower().startswith(("http://", "https://")):
        return value.strip()
    return None


def _text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None
