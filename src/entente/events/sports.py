"""Sports reports: results and fixtures are not relations between states.

Wire services file sports under the same country names as politics: "Wales beat San Marino 4-0",
"England face Moldova in a World Cup qualifier", "Sandrine Testud (France) beat Ines Gorrochategui
(Argentina) 4-6 6-2 6-1". Read as news of states, these become assaults and meetings between allies. The
extractors therefore skip

- every sentence of an article whose headline opens with a wire's sports desk tag, in capitals
  ("SOCCER - ...", "TENNIS: RESULTS ...");
- every sentence of an article in which sports sentences are the majority (`ARTICLE_SHARE`), or whose
  headline names a sport or a competition and whose body reports at least two games;
- any other sentence that reports a game: a score beside a result verb ("defeated ... 6-1") or a sports
  word, or two sports words ("a World Cup qualifier"). A score is not a tally of votes ("voted
  250-150"), a range of counts ("12-15 people", "1-2 million") or of days ("22-23 June").

The words are data, in `data/sports.toml`.
"""
from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Span

from ..doctext import text_of

DATA = Path(__file__).with_name("data") / "sports.toml"

#: Share of an article's sentences that must report games for the whole article to be a sports report.
ARTICLE_SHARE = 0.5
#: ... and the least number of such sentences (one line of results in a short item is not enough).
ARTICLE_MIN_SENTENCES = 2

# A game score: "2-0", "6-4", "(6-8)", "3 - 6"; not a date ("1996-08-22"), a range of years
# ("1995-96" has a four-digit side) or a compound ("12-year-old").
_SCORE = re.compile(r"(?<![\w.,/\u2013-])\d{1,3} ?[-\u2013] ?\d{1,3}(?![\w/]|[.,]\d|-\d| ?[-\u2013] ?\d)")


@dataclass(frozen=True, slots=True)
class SportsCues:
    """The word lists of `data/sports.toml`, compiled."""

    desk: re.Pattern[str]
    terms: re.Pattern[str]
    weak: re.Pattern[str]
    results: frozenset[str]
    ballots: re.Pattern[str]


def _words(words: Iterable[str]) -> re.Pattern[str]:
    """One case-insensitive pattern for whole words or phrases, longest first."""
    alternatives = sorted({re.escape(w.lower()) for w in words}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def sports_cues() -> SportsCues:
    table = tomllib.loads(DATA.read_text(encoding="utf-8"))["sports"]
    desks = sorted({re.escape(d) for d in table["desks"]}, key=len, reverse=True)
    return SportsCues(
        desk=re.compile(r"^\W*(?:" + "|".join(desks) + r")\b[^-:\u2013\u2014]{0,30}?\s*[-:\u2013\u2014]\s*",
                        re.IGNORECASE),
        terms=_words(table["terms"]),
        weak=_words(table["weak"]),
        results=frozenset(table["results"]),
        ballots=_words(table["ballots"]),
    )


def is_sports_headline(title: str | None, cues: SportsCues | None = None) -> bool:
    """Does the headline carry a sports desk tag ("SOCCER - ENGLAND BEAT MOLDOVA", "Tennis: ...")?"""
    if not title:
        return False
    cues = cues or sports_cues()
    tag = cues.desk.match(str(title))
    # wire desks write their tags in capitals; "Football diplomacy - Turkey and Armenia meet" is news
    return tag is not None and tag.group(0).isupper()


def is_sports_sentence(sent: Span, cues: SportsCues | None = None) -> bool:
    """Does the sentence report a game, a result or a fixture?"""
    cues = cues or sports_cues()
    text = _text(sent)
    strong = len({m.group(0).lower() for m in cues.terms.finditer(text)})
    if strong >= 2:
        return True
    if not _has_score(sent, text) or cues.ballots.search(text):
        return False  # "the parliament voted 250-150 in a victory for Yeltsin" is a tally of votes
    if strong or cues.weak.search(text):
        return True
    return any(tok.lemma_.lower() in cues.results for tok in sent if tok.pos_ == "VERB")


def _text(sent: Span) -> str:
    """The sentence's text, sliced from the Doc's (`Span.text` is rebuilt from the tokens each time)."""
    return text_of(sent.doc)[sent.start_char:sent.end_char]


def _has_score(sent: Span, text: str) -> bool:
    """A score, not a range of counts: "beat Moldova 2-0 (halftime 1-0)", not "killed 12-15 people"."""
    for match in _SCORE.finditer(text):
        if _MONTH_BEFORE.search(text, 0, match.start()):
            continue  # "the September 25-27 poll" is a range of days
        end = sent.start_char + match.end()
        nxt = next((t for t in sent if t.idx >= end and not t.is_space), None)
        if nxt is not None and _MONTH.fullmatch(nxt.text):
            continue  # "the summit on 22-23 June"
        counted = nxt is not None and (nxt.pos_ in _COUNTED or nxt.dep_ == "compound")  # "10-12 Scud missiles"
        if not counted or nxt.lower_ in _RESULT_NOUNS:
            return True
    return False


#: What a range of counts stands before ("12-15 people", "1-2 million", "10-12 Scud missiles").
_COUNTED = frozenset({"NOUN", "NUM", "ADJ"})
_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
           r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_MONTH = re.compile(_MONTHS + r"\.?", re.IGNORECASE)
_MONTH_BEFORE = re.compile(r"\b" + _MONTHS + r"\.? $", re.IGNORECASE)

#: Nouns a score may stand before ("a 2-1 win", "a 3-0 lead").
_RESULT_NOUNS = frozenset({"win", "victory", "defeat", "loss", "lead", "draw", "drubbing", "thrashing", "aggregate"})


def sports_sentences(sents: Sequence[Span], title: str | None = None) -> list[bool]:
    """Which sentences to skip as sports: all of a sports article's, else those that report games."""
    cues = sports_cues()
    title = str(title) if title else None
    if is_sports_headline(title, cues):
        return [True] * len(sents)
    flags = [is_sports_sentence(s, cues) for s in sents]
    games = sum(flags)
    # "FIFA World Cup 2018 day five: Sweden, Belgium, England win": a sports headline over a few results
    about_sports = bool(title) and cues.terms.search(title) is not None
    if games >= ARTICLE_MIN_SENTENCES and (about_sports or games >= ARTICLE_SHARE * len(sents)):
        return [True] * len(sents)
    return flags
