"""The gate every article passes after its reader: is it an article, and is it in a language we read?"""
from __future__ import annotations

import re

import py3langid

from ..errors import Reason
from ..records import Article, Rejected
from .options import IngestOptions

_WORD = re.compile(r"[^\W\d_]+")
#: Language identification reads this many characters: plenty for a decision, cheap on long texts.
_SAMPLE = 3000


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language (py3langid, a model shipped inside the package)."""
    code, _score = py3langid.classify(text[:_SAMPLE])
    return str(code)


def admit(article: Article, options: IngestOptions) -> Article | Rejected:
    """Return the article with its language set, or the reason it cannot be one."""
    origin = article.origin or article.url or "?"
    if not article.text.strip():
        return Rejected(origin, Reason.EMPTY, "the body is empty", article.format)
    words = len(_WORD.findall(article.text))
    if words < options.min_words:
        return Rejected(origin, Reason.NO_ARTICLE,
                        f"only {words} words of body (at least {options.min_words} needed)", article.format)
    language = detect_language(article.text)
    article.language = language
    if options.languages and language not in options.languages:
        return Rejected(origin, Reason.LANGUAGE,
                        f"the text reads as {language!r}, not {', '.join(options.languages)}", article.format)
    return article
