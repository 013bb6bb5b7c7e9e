"""HTML pages to articles, with trafilatura doing the extraction.

`read_html` decodes the page, parses it once, hands the tree to trafilatura's `bare_extraction`
(metadata on, precision favoured, comments off, no network) and turns the result into an
`Article` whose `text` is the body only: the headline, the dek and figure captions are moved into
`Article.removed` when the page repeats them.

Decoding is done here rather than by trafilatura, because trafilatura (like `decode_text`) guesses
a non-UTF-8 page's encoding from its bytes alone and ignores the page's own `<meta charset>`;
on short pages in a single-byte code page the guess is often wrong, while the declaration is
nearly always right.
"""
from __future__ import annotations

import codecs
import logging
import re

from lxml import etree
from lxml.html import HtmlElement, HTMLParser, fromstring
from trafilatura import bare_extraction
from trafilatura.settings import Document

from ..errors import InputRejected, Reason
from ..records import Article, normalise_body
from .dates import parse_published
from .decode import decode_text, looks_binary, recode_utf16

log = logging.getLogger(__name__)

__all__ = ["decode_html", "read_html"]

#: Browsers look for the charset declaration in the first 1024 bytes; real pages often put it
#: later, behind long `<script>` or `<link>` blocks, so we look a little further.
_PRESCAN_BYTES = 4096
_META_CHARSET = re.compile(
    rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9][A-Za-z0-9._:\-]*)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._:\-]+)""", re.IGNORECASE)

#: Labels that browsers (WHATWG Encoding Standard) read as a wider code page than Python's codec of
#: the same name. Pages declared "iso-8859-1" are in practice windows-1252 (curly quotes at 0x91-0x94),
#: and a page that says "utf-16" in a meta tag cannot be UTF-16, or the tag would not be readable.
_LABEL_ALIASES = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "iso_8859-1": "cp1252", "latin1": "cp1252",
    "latin-1": "cp1252", "l1": "cp1252", "ascii": "cp1252", "us-ascii": "cp1252", "cp819": "cp1252",
    "ibm819": "cp1252", "iso-8859-9": "cp1254", "latin5": "cp1254", "iso-8859-11": "cp874",
    "tis-620": "cp874", "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030",
    "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932", "euc-kr": "cp949",
    "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8",
}

#: Separators between a headline and the site name in `<title>` ("Headline | Site", "Headline - Site").
_TITLE_SEPARATORS = ("|", "-", ":", "·", "•", "»", "«", "/")
_ELLIPSIS = re.compile(r"(\.\.\.|…|\[\s*…?\s*\])\s*$")


def read_html(data: bytes | str, *, origin: str, url: str | None = None) -> Article:
    """Read one HTML page into an `Article`.

    Args:
        data: the page, as bytes (decoded here, see `decode_html`) or as text.
        origin: where the page came from, for messages and `Article.origin`.
        url: the page's address, used when the page names no canonical URL of its own.

    Raises:
        InputRejected: `Reason.MALFORMED` when the bytes do not parse as HTML at all,
            `Reason.NO_ARTICLE` when trafilatura finds no article body in the page, and
            `Reason.BINARY`/`Reason.ENCODING` from decoding.
    """
    text = decode_html(data) if isinstance(data, bytes) else data
    if not text.strip():
        raise InputRejected(Reason.EMPTY, "the page is empty")
    # Parse once ourselves: trafilatura answers None both for "not HTML" and for "no article",
    # and the two need different reasons. `bare_extraction` copies a tree it is given.
    tree = parse_html(text)
    if tree is None:
        raise InputRejected(Reason.MALFORMED, "the bytes do not parse as an HTML document")
    captions = _captions(tree)
    # Settings for news: precision over recall (menus, related links and share bars cost more
    # downstream than a lost closing line), and reader comments are not the article. On the
    # Scrapinghub news set this scores a higher token F1 than the defaults (bench/bench_extraction.py).
    # Tables stay: results and figures in a story are part of what it reports.
    document = bare_extraction(tree, url=url, with_metadata=True, favor_precision=True, include_comments=False,
                               include_tables=True, include_images=False, include_links=False)
    if not isinstance(document, Document) or not (document.text or "").strip():
        raise InputRejected(Reason.NO_ARTICLE, "trafilatura found no article body in the page")
    return _to_article(document, captions, origin=origin, url=url)


def parse_html(text: str) -> HtmlElement | None:
    """The page's element tree, or None when the text is not an HTML document.

    Parsed here rather than by trafilatura's `load_html` because of nesting: libxml2 stops at 256
    nested elements unless the document is declared huge, and trafilatura's parser keeps that
    default, so a page whose story sits inside deep layout `<div>`s (page builders, e-mail
    newsletters) lost its body. With `huge_tree` the limit is 2048; a page deeper than that is
    rejected with the reason rather than read without its body.

    Raises:
        InputRejected: `Reason.MALFORMED` when the nesting is deeper than the parser follows.
    """
    parser = HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True,
                        remove_pis=True, huge_tree=True)
    # Bytes with the encoding given: lxml refuses a str whose markup declares an encoding.
    data = _NOT_XML_CHARACTERS.sub("", text).encode("utf-8", errors="replace")
    try:
        tree = fromstring(data, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError):
        return None  # nothing that parses: empty, or no markup at all
    if any(entry.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT for entry in parser.error_log):
        raise InputRejected(Reason.MALFORMED, "the page nests its elements more than 2048 levels deep, deeper "
                            "than the HTML parser follows, so its body would be lost; flatten the page's markup")
    if len(tree) < 2 and "html" not in text[:64].lower():
        # Plain words or stray brackets parse into a body holding one paragraph; a page has a
        # head and a body, or at least says it is HTML at its start.
        return None
    return tree


#: Control characters XML 1.0 does not allow; lxml refuses them in text that trafilatura copies.
_NOT_XML_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def decode_html(data: bytes) -> str:
    """Decode an HTML page: BOM, then valid UTF-8, then the page's declared charset, then a guess.

    The declaration comes before the statistical guess because it is what the page's author and
    every browser used; it only loses to UTF-8 that validates, since pages mislabelled as Latin-1
    but written in UTF-8 are common and the reverse cannot validate by accident.
    """
    # UTF-16 (with or without a byte-order mark) is recoded first: read byte by byte, its ASCII
    # letters are separated by NULs, which are valid UTF-8 and would pass the next tests.
    data = recode_utf16(data)
    # NULs and control bytes are valid UTF-8, so the binary test must come before decoding.
    if looks_binary(data):
        raise InputRejected(Reason.BINARY, "the bytes hold NUL or control characters")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data)
    if declared is not None:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            log.debug("page declares %s but does not decode as it; guessing instead", declared)
    return decode_text(data)


def declared_charset(data: bytes) -> str | None:
    """The Python codec for the charset a page declares in `<meta>` or its XML prolog, if known."""
    head = data[:_PRESCAN_BYTES]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if match is None:
        return None
    label = match.group(1).decode("ascii", "ignore").strip().lower()
    label = _LABEL_ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # Browsers refuse UTF-7 (it smuggles markup past filters); a page declaring it is not trusted.
    return None if name == "utf-7" else name


def _to_article(document: Document, captions: list[str], *, origin: str, url: str | None) -> Article:
    title = _clean(document.title)
    body = _paragraphs(document.text or "")
    body, headline = _strip_leading_headline(body, title)
    article = Article(text=body, title=title, origin=origin, format="html")
    if title:
        article.remove("title", title)
    if headline and headline != title:
        article.remove("title", headline)
    article.authors = _authors(document.author)
    article.source = _clean(document.sitename)
    article.url = _http_url(document.url) or url
    if document.date:
        try:
            article.published, article.published_precision = parse_published(document.date)
        except InputRejected:
            log.debug("%s: trafilatura's date %r is not a date; left empty", origin, document.date)
    subtitle = _subtitle(_clean(document.description), body, title)
    if subtitle:
        article.subtitle = subtitle
        article.remove("subtitle", subtitle)
    folded_body = normalise_body(body)
    for caption in captions:
        # A caption trafilatura kept is body text by its judgement; record only what it dropped.
        if normalise_body(caption) not in folded_body:
            article.remove("caption", caption)
    return article


def _paragraphs(text: str) -> str:
    """One paragraph per block, separated by a blank line as in the plain-text readers' bodies.

    Trafilatura separates blocks by single newlines and keeps the page's indentation (some pages
    give rows of tabs); stripping them here keeps every offset later stages store meaningful.
    """
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n\n".join(line for line in lines if line)


def _strip_leading_headline(body: str, title: str | None) -> tuple[str, str | None]:
    """Drop a first paragraph that repeats the headline: the title is metadata, not body.

    `<title>` often carries the site's name after a separator, while the `<h1>` inside the
    article does not, so a first paragraph that is the title minus such a tail counts too.
    """
    if not title:
        return body, None
    first, _, rest = body.partition("\n\n")
    if not rest:
        return body, None  # a one-paragraph body is never only a headline
    line, folded_title = normalise_body(first), normalise_body(title)
    if len(line) < 8:
        return body, None
    if line == folded_title or (
        folded_title.startswith(line) and folded_title[len(line):].lstrip().startswith(_TITLE_SEPARATORS)
    ):
        return rest, first
    return body, None


def _subtitle(description: str | None, body: str, title: str | None) -> str | None:
    """The page's description as a dek, unless it is only the body's opening or the title again.

    Many sites fill `<meta name="description">` with the first sentence of the article, often
    cut short with an ellipsis; that is not a subtitle and would duplicate the body.
    """
    if not description:
        return None
    folded = normalise_body(_ELLIPSIS.sub("", description)).rstrip(" .")
    if len(folded.split()) < 3:
        return None
    if title and folded == normalise_body(title).rstrip(" ."):
        return None
    if folded in normalise_body(body):
        return None
    return description


def _authors(value: str | None) -> list[str]:
    """Trafilatura joins several authors with '; '."""
    if not value:
        return []
    names: list[str] = []
    for name in value.split(";"):
        name = " ".join(name.split())
        if name and name not in names:
            names.append(name)
    return names


def _captions(tree: HtmlElement) -> list[str]:
    """Figure captions, read before extraction (trafilatura drops them when images are off)."""
    found: list[str] = []
    for element in tree.iter("figcaption"):
        caption = " ".join(" ".join(element.itertext()).split())
        if caption and caption not in found:
            found.append(caption)
    return found


def _http_url(value: str | None) -> str | None:
    if value and value.lower().startswith(("http://", "https://")):
        return value
    return None


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None
