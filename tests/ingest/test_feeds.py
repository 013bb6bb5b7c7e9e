"""RSS 2.0 and Atom 1.0 feeds built here around real Wikinews stories (CC BY 2.5), a broken feed,
and following entry links to a page on a local server."""
from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from email.utils import format_datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest

from entente.errors import InputRejected, Reason
from entente.ingest import IngestOptions
from entente.ingest.feeds import read_feed
from entente.ingest.fetch import Fetched
from entente.records import Article, Rejected, normalise_body

from .test_fetch import Route, local_server, scrapinghub_page

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
WIKINEWS = SHARED / "data" / "news" / "wikinews" / "wikinews_en.jsonl"

OPTIONS = IngestOptions()


@lru_cache(maxsize=1)
def _load_stories() -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in WIKINEWS.read_text(encoding="utf-8").splitlines()[:20]]
    return [row for row in rows if len(row["text"]) > 600][:3]


@pytest.fixture
def stories() -> list[dict[str, Any]]:
    if not WIKINEWS.exists():
        pytest.skip(f"{WIKINEWS} is not available (the shared data folder sits beside the repository)")
    return _load_stories()


def _html_body(story: dict[str, Any]) -> str:
    return "".join(f"<p>{escape(paragraph)}</p>" for paragraph in story["text"].split("\n\n"))


def _rfc822(day: str) -> str:
    return format_datetime(datetime.fromisoformat(f"{day}T09:30:00+00:00"))


def rss(items: list[str], title: str = "Wikinews") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        f"<channel><title>{title}</title><link>https://en.wikinews.org/</link>"
        "<description>News from Wikinews, CC BY 2.5</description>\n" + "\n".join(items) + "\n</channel></rss>"
    ).encode("utf-8")


def rss_item(story: dict[str, Any], *, body: str | None = None, link: bool = True) -> str:
    content = _html_body(story) if body is None else body
    return (
        f"<item><title>{escape(story['title'])}</title>"
        + (f"<link>{escape(story['url'])}</link><guid>{escape(story['url'])}</guid>" if link else "")
        + f"<pubDate>{_rfc822(story['date'])}</pubDate><dc:creator>Wikinews contributors</dc:creator>"
        f"<description>{escape(story['text'][:120])}…</description>"
        f"<content:encoded><![CDATA[{content}]]></content:encoded></item>"
    )


def atom(story: dict[str, Any]) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Wikinews Atom</title><id>urn:example:wikinews</id><updated>2006-03-28T00:00:00Z</updated>"
        f"<entry><title>{escape(story['title'])}</title><link rel=\"alternate\" href=\"{escape(story['url'])}\"/>"
        f"<id>urn:example:{escape(story['url'])}</id><published>{story['date']}T12:00:00Z</published>"
        f"<updated>{story['date']}T18:00:00Z</updated><author><name>Jane Roe</name></author>"
        f"<author><name>John Doe</name></author><summary>{escape(story['text'][:100])}</summary>"
        f'<content type="html">{escape(_html_body(story))}</content></entry></feed>'
    ).encode()


def _articles(items: list[Article | Rejected]) -> list[Article]:
    assert all(isinstance(item, Article) for item in items), items
    return [item for item in items if isinstance(item, Article)]


def test_feeds_rss_entries_become_articles(stories: list[dict[str, Any]]) -> None:
    items = list(read_feed(rss([rss_item(s) for s in stories]), origin="wikinews.rss", options=OPTIONS))
    articles = _articles(items)
    assert [a.title for a in articles] == [s["title"] for s in stories]
    assert [a.url for a in articles] == [s["url"] for s in stories]
    for article, story in zip(articles, stories, strict=True):
        assert article.text == story["text"]  # the full content:encoded, not the short description
        assert (article.published, article.published_precision) == (story["date"], "day")
        assert article.authors == ["Wikinews contributors"]
        assert article.source == "Wikinews"
        assert article.origin == f"wikinews.rss#{story['url']}"
        assert article.external_id == story["url"]
        assert article.format == "feed"


def test_feeds_atom_entry_becomes_an_article(stories: list[dict[str, Any]]) -> None:
    story = stories[1]
    (article,) = _articles(list(read_feed(atom(story), origin="wikinews.atom", options=OPTIONS)))
    assert article.title == story["title"] and article.url == story["url"]
    assert normalise_body(article.text) == normalise_body(story["text"])
    assert (article.published, article.published_precision) == (story["date"], "day")
    assert article.authors == ["Jane Roe", "John Doe"]
    assert article.source == "Wikinews Atom"


def test_feeds_plain_text_description_is_used_when_there_is_no_content(stories: list[dict[str, Any]]) -> None:
    story = stories[0]
    item = (f"<item><title>{escape(story['title'])}</title><link>{escape(story['url'])}</link>"
            f"<description>{escape(story['text'])}</description></item>")
    (article,) = _articles(list(read_feed(rss([item]), origin="plain.rss", options=OPTIONS)))
    assert normalise_body(article.text) == normalise_body(story["text"])
    assert article.published is None  # no pubDate: no date is invented


def test_feeds_an_entry_without_text_is_rejected_and_the_feed_goes_on(stories: list[dict[str, Any]]) -> None:
    empty_linked = "<item><title>Only a title</title><link>https://example.org/empty</link></item>"
    empty_unlinked = "<item><title>No link either</title></item>"
    items = list(read_feed(rss([empty_linked, rss_item(stories[0]), empty_unlinked]), origin="f.rss",
                           options=OPTIONS))
    assert [type(item).__name__ for item in items] == ["Rejected", "Article", "Rejected"]
    first, _, third = items
    assert isinstance(first, Rejected) and isinstance(third, Rejected)
    assert (first.origin, first.reason) == ("f.rss#https://example.org/empty", Reason.NO_ARTICLE)
    assert (third.origin, third.reason) == ("f.rss#3", Reason.NO_ARTICLE)


def test_feeds_scripts_in_entry_html_never_reach_the_body(stories: list[dict[str, Any]]) -> None:
    body = "<script>alert(1)</script>" + _html_body(stories[0]) + '<img src="x" onerror="alert(1)">'
    (article,) = _articles(list(read_feed(rss([rss_item(stories[0], body=body)]), origin="x.rss", options=OPTIONS)))
    assert "alert" not in article.text
    assert article.text == stories[0]["text"]


@pytest.mark.parametrize("data", [
    b"this is not a feed at all <<<",
    b"<?xml version='1.0'?><rss version='2.0'><channel><title>cut short</title",
    b"<html><body><p>A web page, not a feed.</p></body></html>",
])
def test_feeds_broken_feed_is_malformed(data: bytes) -> None:
    items = list(read_feed(data, origin="broken.rss", options=OPTIONS))
    assert len(items) == 1 and isinstance(items[0], Rejected)
    assert (items[0].reason, items[0].origin, items[0].format) == (Reason.MALFORMED, "broken.rss", "feed")


def test_feeds_without_entries_is_empty() -> None:
    (item,) = read_feed(rss([]), origin="empty.rss", options=OPTIONS)
    assert isinstance(item, Rejected) and item.reason is Reason.EMPTY


@pytest.fixture
def page_server() -> Iterator[str]:
    routes: dict[str, Route] = {"/story": (200, {"Content-Type": "text/html; charset=utf-8"}, scrapinghub_page())}
    with local_server(routes) as base:
        yield base


def test_feeds_follow_links_reads_the_linked_page(page_server: str, stories: list[dict[str, Any]]) -> None:
    teaser = {**stories[0], "url": f"{page_server}/story", "title": "NY attorney general investigates WeWork"}
    broken = {**stories[1], "url": f"{page_server}/missing"}
    feed = rss([rss_item(teaser, body="<p>A teaser of the story.</p>"), rss_item(broken)])
    options = IngestOptions(follow_links=True, allow_private=True, timeout=5.0)
    followed, fallback = _articles(list(read_feed(feed, origin="teasers.rss", options=options)))
    assert "New York State Attorney General" in followed.text and "teaser" not in followed.text
    assert followed.title == "NY attorney general investigates WeWork"  # the entry's headline wins
    assert (followed.published, followed.published_precision) == (stories[0]["date"], "day")
    assert followed.origin == f"teasers.rss#{page_server}/story" and followed.source == "Wikinews"
    assert "venturebeat.com" in (followed.url or "")  # the page's canonical URL
    # The 404 costs nothing: the entry's own content is used.
    assert fallback.text == stories[1]["text"] and fallback.url == f"{page_server}/missing"


def test_feeds_follow_links_uses_the_injected_fetcher(stories: list[dict[str, Any]]) -> None:
    calls: list[str] = []

    def failing(url: str, *, options: IngestOptions) -> Fetched:
        calls.append(url)
        raise InputRejected(Reason.UNREACHABLE, "offline")

    options = IngestOptions(follow_links=True)
    (article,) = _articles(list(read_feed(rss([rss_item(stories[0])]), origin="f.rss", options=options,
                                          fetcher=failing)))
    assert calls == [stories[0]["url"]]
    assert article.text == stories[0]["text"]


def test_feeds_data_naming_a_local_file_is_not_opened(tmp_path: Path) -> None:
    # feedparser reads bytes that name an existing file as that file; the reader must not.
    local = tmp_path / "local.rss"
    local.write_bytes(rss(["<item><title>Local secret</title><description>from disk</description></item>"]))
    items = list(read_feed(str(local).encode(), origin="remote.rss", options=OPTIONS))
    assert len(items) == 1 and isinstance(items[0], Rejected) and items[0].reason is Reason.MALFORMED


BOMB_PROLOG = ('<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY lol "lol">\n'
               '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
               '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n]>\n')


@pytest.mark.parametrize("title", ["&lol5;", "&lol3;"], ids=["undefined", "defined"])
def test_feeds_declaring_entities_is_refused_not_stored(stories: list[dict[str, Any]], title: str) -> None:
    item = rss_item(stories[0]).replace(escape(stories[0]["title"]), title, 1)
    feed = rss([item]).replace(b'<?xml version="1.0" encoding="UTF-8"?>\n', BOMB_PROLOG.encode())
    (rejected,) = read_feed(feed, origin="bomb.rss", options=OPTIONS)
    assert isinstance(rejected, Rejected) and rejected.reason is Reason.MALFORMED
    assert "<!ENTITY>" in rejected.detail and "&lol2;" in rejected.detail


def test_feeds_with_a_public_dtd_and_no_declarations_are_read(stories: list[dict[str, Any]]) -> None:
    doctype = ('<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
               '"http://my.netscape.com/publish/formats/rss-0.91.dtd">\n')
    feed = rss([rss_item(stories[0])]).replace(b"<rss ", doctype.encode() + b"<rss ", 1)
    (article,) = _articles(list(read_feed(feed, origin="old.rss", options=OPTIONS)))
    assert article.title == stories[0]["title"]
