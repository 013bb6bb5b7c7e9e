"""HTML pages through trafilatura: real news pages against their gold bodies, and the edge cases."""
from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

from entente.errors import InputRejected, Reason
from entente.ingest.html import declared_charset, decode_html, read_html

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SCRAPINGHUB = SHARED / "data" / "extraction" / "scrapinghub"

#: Pages from the Scrapinghub article-extraction set (MIT): English news from several sites.
PAGES = {
    "042bb7b5fedab6eac7db576522b89b93904c237d344bcbe14a6a5ab7f7335856": "wsj.com",
    "06e5123e4ef7cfb4533250dc45d1e03d0838fc66223f45c583c4d12f48b4da85": "venturebeat.com",
    "0d46122928b6f468cc4bbc694051d0dbae5702bc75a16dab82a99b58daf150a0": "sportsnet.ca",
    "16c30add7e96315e9cc957d85aa876ccb6b70055f0ddab51547a586117cc1f56": "vox.com",
    "1ace8c85aaee21b9d4505eca506d50c4721c29db62848b567a9703bfe0583892": "techcrunch.com",
    "291a8bf33ee49074f33dcff37544ac40506cae450db83b6cb63f02b9920b51c2": "crn.com",
}

_TOKEN = re.compile(r"\w+")

BODY = "".join(
    f"<p>{sentence}</p>" for sentence in (
        "Ministers from both countries met in Geneva on Tuesday to discuss the disputed border crossing.",
        "The talks, the first in three years, ended without an agreement but with a promise to meet again.",
        "Officials said the two delegations had exchanged maps and agreed on a joint commission of experts.",
        "Observers from the United Nations attended the meeting and described the atmosphere as constructive.",
    )
)


def _gold() -> dict[str, dict[str, str]]:
    path = SCRAPINGHUB / "ground-truth.json"
    if not path.exists():
        pytest.skip(f"{path} is not available (the shared data folder sits beside the repository)")
    return _load_gold(path)


@lru_cache(maxsize=1)
def _load_gold(path: Path) -> dict[str, dict[str, str]]:
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _page(page_id: str) -> bytes:
    path = SCRAPINGHUB / "html" / f"{page_id}.html.gz"
    if not path.exists():
        pytest.skip(f"{path} is not available (the shared data folder sits beside the repository)")
    return gzip.decompress(path.read_bytes())


def _precision_recall(text: str, gold: str) -> tuple[float, float]:
    ours, theirs = Counter(_TOKEN.findall(text.lower())), Counter(_TOKEN.findall(gold.lower()))
    shared = sum((ours & theirs).values())
    return shared / max(1, sum(ours.values())), shared / max(1, sum(theirs.values()))


def _html(body: str, head: str = "<title>Border talks end without a deal</title>") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body><article>{body}</article></body></html>"


@pytest.mark.parametrize("page_id", sorted(PAGES), ids=lambda pid: PAGES[pid])
def test_html_body_matches_the_gold_article(page_id: str) -> None:
    gold = _gold()[page_id]
    article = read_html(_page(page_id), origin=page_id, url=gold["url"])
    precision, recall = _precision_recall(article.text, gold["articleBody"])
    assert precision > 0.9 and recall > 0.9, (precision, recall)
    assert article.format == "html" and article.origin == page_id
    assert article.url is not None and PAGES[page_id] in article.url
    assert article.title and article.title not in article.text.split("\n\n")[0]


def test_html_reads_the_metadata_of_a_news_page() -> None:
    page_id = "042bb7b5fedab6eac7db576522b89b93904c237d344bcbe14a6a5ab7f7335856"
    article = read_html(_page(page_id), origin="wsj.html")
    assert article.title == "Google Stadia, Microsoft xCloud, Apple Arcade: So Many Ways to Play…and Pay"
    assert article.authors == ["Sarah E Needleman"]
    assert (article.published, article.published_precision) == ("2019-11-19", "day")
    assert article.source == "Wall Street Journal"
    assert article.url == _gold()[page_id]["url"]
    # The dek is not the body's opening, so it is a subtitle, kept out of the body.
    assert article.subtitle and article.subtitle.startswith("There are more devices")
    assert article.subtitle not in article.text
    assert article.removed["title"] == [article.title]
    assert article.removed["subtitle"] == [article.subtitle]


def test_html_given_url_is_used_only_when_the_page_names_none() -> None:
    plain = read_html(_html(BODY), origin="a.html", url="https://example.org/talks")
    assert plain.url == "https://example.org/talks"
    canonical = _html(BODY, head='<title>T</title><link rel="canonical" href="https://news.example.com/a/1">')
    assert read_html(canonical, origin="b.html", url="https://example.org/talks").url == "https://news.example.com/a/1"


def test_html_headline_and_description_that_repeat_the_body_are_not_body_or_dek() -> None:
    head = ('<title>Border talks end without a deal | Example News</title>'
            '<meta name="description" content="Ministers from both countries met in Geneva on Tuesday...">'
            '<meta property="article:published_time" content="2024-03-05T10:00:00Z">')
    article = read_html(_html("<h1>Border talks end without a deal</h1>" + BODY, head), origin="c.html")
    assert article.text.startswith("Ministers from both countries")
    assert article.subtitle is None  # the description is only the body's first sentence, cut short
    assert "Border talks end without a deal" in article.removed["title"]
    assert (article.published, article.published_precision) == ("2024-03-05", "day")
    assert article.text.count("\n\n") == 3  # one blank line between paragraphs


def test_html_figure_captions_are_recorded_as_removed() -> None:
    figure = '<figure><img src="m.jpg"><figcaption>The delegations in Geneva. Photo: Jane Roe</figcaption></figure>'
    article = read_html(_html(BODY[:200] + figure + BODY[200:]), origin="d.html")
    assert "Photo: Jane Roe" not in article.text
    assert article.removed["caption"] == ["The delegations in Geneva. Photo: Jane Roe"]


def test_html_nav_only_page_is_no_article() -> None:
    nav = ("<!DOCTYPE html><html><head><title>Example News</title></head><body><nav><ul>"
           '<li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li>'
           "</ul></nav><footer><p>&copy; 2024 Example News</p></footer></body></html>")
    with pytest.raises(InputRejected) as caught:
        read_html(nav, origin="nav.html")
    assert caught.value.reason is Reason.NO_ARTICLE


@pytest.mark.parametrize("data", [b"no markup here, only words", b"<<<>>>"])
def test_html_that_does_not_parse_is_malformed(data: bytes) -> None:
    with pytest.raises(InputRejected) as caught:
        read_html(data, origin="bad.html")
    assert caught.value.reason is Reason.MALFORMED


def test_html_scripts_never_reach_the_body() -> None:
    hostile = ("<script>alert(1)</script>" + BODY[:150] + '<script type="text/javascript">alert(1)</script>'
               '<p onclick="alert(1)">Click handlers are attributes, not text.</p>' + BODY[150:]
               + "<style>p { color: red }</style><noscript><p>Enable JavaScript</p></noscript>")
    article = read_html(_html(hostile, head="<title>t</title><script>alert(1)</script>"), origin="x.html")
    assert "alert" not in article.text and "<script" not in article.text
    assert "color: red" not in article.text
    assert "Ministers from both countries" in article.text


def test_html_respects_the_declared_charset() -> None:
    # Windows-1252 bytes for curly quotes and accents, declared the way old CMSs do ("iso-8859-1").
    text = "“We will meet again,” said the café owner, naïvely hopeful about the talks’ outcome."
    page = _html(BODY + f"<p>{text}</p>", head='<meta charset="iso-8859-1"><title>Talks</title>').encode("cp1252")
    assert declared_charset(page) == "cp1252"
    assert text in decode_html(page)
    assert text in read_html(page, origin="latin.html").text


def test_html_prefers_valid_utf8_over_a_wrong_declaration() -> None:
    page = _html("<p>Zürich and São Paulo sent observers.</p>" + BODY,
                 head='<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">')
    assert "Zürich and São Paulo" in decode_html(page.encode("utf-8"))


def test_html_undecodable_bytes_are_an_encoding_or_binary_rejection() -> None:
    with pytest.raises(InputRejected) as caught:
        read_html(b"\x00\x01\x02\x03" * 100, origin="blob.html")
    assert caught.value.reason in (Reason.BINARY, Reason.ENCODING)


def _nested(depth: int) -> str:
    return _html("<div>" * depth + BODY + "</div>" * depth)


@pytest.mark.parametrize("depth", [300, 2000])
def test_html_story_nested_deeper_than_255_levels_keeps_its_body(depth: int) -> None:
    # libxml2 stops at 256 levels by default; page builders and newsletters nest layout that deep.
    article = read_html(_nested(depth), origin="deep.html")
    assert "Ministers from both countries met in Geneva" in article.text
    assert "described the atmosphere as constructive" in article.text


def test_html_nested_past_what_the_parser_follows_is_a_clear_reject() -> None:
    with pytest.raises(InputRejected) as caught:
        read_html(_nested(2100), origin="deeper.html")
    assert caught.value.reason is Reason.MALFORMED
    assert "more than 2048 levels deep" in caught.value.detail
