"""From what a client sends (text, HTML, a URL, a file, records) to articles and rejections.

Runs in the request's thread, before anything is queued for the writer, with the same readers
and admission checks as `entente ingest`. Nothing here opens a path the client names: an upload
is copied into a private temporary directory under a name of our own (only its extension is
kept, as a hint for the format), read, and deleted.
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from typing import BinaryIO, cast

from ..errors import InputRejected, Reason
from ..ingest import IngestOptions, iter_articles
from ..ingest.checks import admit
from ..records import Article, Precision, Rejected
from .models import ArticlesIn, HtmlIn, TextIn, precision_of

Item = Article | Rejected
_SUFFIX = re.compile(r"(\.[A-Za-z0-9]{1,8}){1,2}$")


def from_text(body: TextIn, options: IngestOptions) -> list[Item]:
    """A body or a raw scrape, read as `entente ingest file.txt` reads one; the fields given win."""
    from ..ingest.text import read_text
    if len(body.text.encode("utf-8")) > options.max_bytes:
        raise InputRejected(Reason.TOO_LARGE, f"the text is over the cap of {options.max_bytes} bytes")
    origin = "api:text" + (f":{body.url}" if body.url else "")
    articles = read_text(body.text, origin=origin)
    if not articles:
        raise InputRejected(Reason.NO_ARTICLE, "no article body was found in the text")
    for article in articles:
        article.format = article.format or "text"
        if body.url:
            article.url = body.url
        if body.source:
            article.source = body.source
    if len(articles) == 1:
        if body.title:
            articles[0].title = body.title
        if body.published:  # already read and normalised by `TextIn`
            articles[0].published = body.published
            articles[0].published_precision = cast(Precision, precision_of(body.published))
    return [admit(a, options) for a in articles]


def from_html(body: HtmlIn, options: IngestOptions) -> list[Item]:
    from ..ingest.html import read_html
    data = body.html.encode("utf-8")
    if len(data) > options.max_bytes:
        raise InputRejected(Reason.TOO_LARGE, f"the page is over the cap of {options.max_bytes} bytes")
    article = read_html(data, origin="api:html" + (f":{body.url}" if body.url else ""), url=body.url)
    return [admit(article, options)]


def from_url(url: str, options: IngestOptions) -> list[Item]:
    """Fetch and read a URL (a page or a feed) under the server's address policy."""
    if not url.lower().startswith(("http://", "https://")):
        raise InputRejected(Reason.MALFORMED, "only http and https URLs are fetched")
    return list(iter_articles([url], options))


def from_upload(stream: BinaryIO, filename: str | None, options: IngestOptions) -> list[Item]:
    """Read an uploaded file (any format `entente ingest` reads) from a private temporary copy."""
    folder = tempfile.mkdtemp(prefix="entente-upload-")
    try:
        match = _SUFFIX.search(os.path.basename(filename or ""))
        path = os.path.join(folder, "upload" + (match.group(0).lower() if match else ""))
        with open(path, "wb") as out:
            shutil.copyfileobj(stream, out, 1024 * 1024)
        origin = f"upload:{os.path.basename(filename or 'file')[:200]}"
        items = []
        for item in iter_articles([path], options):
            if isinstance(item, Article):
                item.origin = origin if item.origin in (None, path) else item.origin.replace(path, origin)
            else:
                item = Rejected(item.origin.replace(path, origin), item.reason,
                                item.detail.replace(path, origin), item.format, item.size)
            items.append(item)
        return items
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def from_records(body: ArticlesIn) -> list[Item]:
    """Articles and rejections a client has already read; ids are recomputed from the text."""
    items: list[Item] = [Article.from_dict(a.model_dump()) for a in body.articles]
    for r in body.rejects:
        try:
            reason = Reason(r.reason)
        except ValueError:
            reason = Reason.MALFORMED
        items.append(Rejected(r.origin, reason, r.detail, r.format, r.size))
    return items


def articles_only(items: Iterable[Item]) -> tuple[list[Article], list[Rejected]]:
    articles: list[Article] = []
    rejects: list[Rejected] = []
    for item in items:
        if isinstance(item, Article):
            articles.append(item)
        else:
            rejects.append(item)
    return articles, rejects
