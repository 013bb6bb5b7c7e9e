"""The gate every article passes after its reader: is it an article, and is it in a language we read?"""
from __future__ import annotations

import functools
import re
from importlib.metadata import version
from pathlib import Path

from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

from ..cache import load_or_build, source_hash
from ..errors import Reason
from ..records import Article, Rejected
from .options import IngestOptions

_WORD = re.compile(r"[^\W\d_]+")
#: Language identification reads this many characters: plenty for a decision, cheap on long texts.
_SAMPLE = 3000


#: The languages the identifier chooses among. py3langid knows about a hundred, some of them
#: close relatives of English (Nigerian Pidgin, Scots) that capture English sports tables and
#: headlines; news in those languages is rare enough that we prefer the larger languages of news.
NEWS_LANGUAGES = ["af", "am", "ar", "az", "be", "bg", "bn", "bs", "ca", "cs", "cy", "da", "de", "el", "en", "eo", "es", "et", "eu", "fa", "fi", "fr", "ga", "gl", "gu", "he", "hi", "hr", "hu", "hy", "id", "is", "it", "ja", "ka", "kk", "km", "kn", "ko", "ku", "ky", "lo", "lt", "lv", "mk", "ml", "mn", "mr", "ms", "mt", "my", "ne", "nl", "no", "pa", "pl", "ps", "pt", "ro", "ru", "si", "sk", "sl", "so", "sq", "sr", "sv", "sw", "ta", "te", "th", "tl", "tr", "uk", "ur", "uz", "vi", "xh", "zh", "zu"]


@functools.lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    """py3langid's identifier, restricted to the news languages; its xz-compressed model takes half
    a second to open, so the ready identifier is kept in entente's cache (see `entente.cache`)."""
    key = source_hash(_model_path().read_bytes(), version("py3langid"), " ".join(NEWS_LANGUAGES))
    return load_or_build("langid", key, _build_identifier, LanguageIdentifier)


def _model_path() -> Path:
    path = Path(MODEL_FILE)
    return path if path.is_absolute() else MODEL_DIR / path


def _build_identifier() -> LanguageIdentifier:
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages([code for code in NEWS_LANGUAGES if code in identifier.labels])
    return identifier


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language (py3langid, a model shipped inside the package)."""
    code, _score = _identifier().classify(text[:_SAMPLE])
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
    if _reads_as_table(article.text):
        return Rejected(origin, Reason.NO_ARTICLE, "a table of figures (results, prices), not prose", article.format)
    language = detect_language(article.text)
    article.language = language
    if options.languages and language not in options.languages:
        return Rejected(origin, Reason.LANGUAGE,
                        f"the text reads as {language!r}, not {', '.join(options.languages)}", article.format)
    return article


#: A story this long (in words of full-length lines) is prose even when a table follows it.
PROSE_WORDS = 60


def _reads_as_table(text: str) -> bool:
    """Sports results, price lists and shipping fixtures: many short lines, most with figures, and
    no story beside them (wires file a story and a price table as one document)."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) < 6:
        return False
    short_with_figures = sum(1 for line in lines if len(line) < 80 and any(ch.isdigit() for ch in line))
    prose_words = sum(len(_WORD.findall(line)) for line in lines if len(line) >= 80)
    return short_with_figures / len(lines) > 0.6 and prose_words < PROSE_WORDS
