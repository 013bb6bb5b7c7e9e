"""Dates of events, resolved against the article's publication date, with their precision.

`resolve_date("last year", "2013-09-17")` is `ResolvedDate("2012", "year")`. The result is an ISO 8601
string of the precision the text gives, never finer: "in January" is a month (`2013-01`), "the 2010
storming" a year, "the 1990s" a decade (`199`, ISO 8601-2), "the last century" a century (`19`, the
20th century as ISO 8601 writes it). Weekdays and "yesterday" do name a day relative to publication,
so they give one; nothing else does. Without a publication date, relative expressions resolve to None
while absolute ones ("March 2012") still resolve.

The second half reads a parsed Doc: `date_phrases` finds the date phrases of a text and the word each
one dates, leaving out years that belong to a name ("Vision 2030", the "Zrínyi 2026" programme, "the
2020 Olympics") or to a question; `event_date` gives an event the date of the phrase on its own words
or on the clause it sits in, read in that clause's tense ("will meet on Wednesday" looks ahead,
"met on Wednesday" back).
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .lexicon import lexicon

PRECISIONS = ("day", "month", "year", "decade", "century")

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "several": None,
    "few": None, "a few": None,
}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "twenty-first": 21,
}

_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_YEAR = r"(1[5-9]\d\d|20\d\d)"
_NUM = r"(\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|several|a few|few)"


@dataclass(slots=True, frozen=True)
class ResolvedDate:
    date: str
    precision: str

    def as_tuple(self) -> tuple[str, str]:
        return self.date, self.precision


def parse_published(published: str | None) -> tuple[dt.date | None, str | None]:
    """The publication date as a date (first day of its period) and its precision, or (None, None)."""
    if not published:
        return None, None
    text = str(published).strip()[:10]
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text), "day"
        if re.fullmatch(r"\d{4}-\d{2}", text):
            return dt.date(int(text[:4]), int(text[5:7]), 1), "month"
        if re.fullmatch(r"\d{4}", text):
            return dt.date(int(text), 1, 1), "year"
    except ValueError:
        return None, None
    return None, None


def _month_str(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _year_for_month(month: int, pub: dt.date | None, future: bool) -> int | None:
    """The year of a month named without one: the latest such month not after publication (or the
    next one from publication on, for an event in the future)."""
    if pub is None:
        return None
    if future:
        return pub.year if month >= pub.month else pub.year + 1
    return pub.year if month <= pub.month else pub.year - 1


def _year_of_weekday(year: int, month: int, day: int, weekday: int) -> int:
    """The year, of this one and the next, in which the day falls on the weekday the text names
    ("Wednesday, August 28" in a paper of 26 August 1996 is that week's, not 1995's)."""
    for candidate in (year, year + 1):
        try:
            if dt.date(candidate, month, day).weekday() == weekday:
                return candidate
        except ValueError:
            continue
    return year


def _count(word: str) -> int | None:
    word = word.lower()
    if word.isdigit():
        return int(word)
    return NUMBERS.get(word)


#: Wars and eras that date an event by their name (pattern on the lower-cased phrase, ISO value,
#: precision); a war of several years is dated by the decade most of it fell in.
NAMED_PERIODS: tuple[tuple[str, str, str], ...] = (
    (r"\b(world war (two|ii|2)|second world war|ww2|wwii)\b", "194", "decade"),
    (r"\b(world war (one|i|1)|first world war|great war|ww1|wwi)\b", "191", "decade"),
    (r"\bkorean war\b", "195", "decade"),
    (r"\bvietnam war\b", "196", "decade"),
    (r"\b(six[- ]day war)\b", "1967", "year"),
    (r"\b(yom kippur war|october war)\b", "1973", "year"),
    (r"\bfalklands? war\b", "1982", "year"),
    (r"\biran[- ]iraq war\b", "198", "decade"),
    (r"\b(1991 gulf war|first gulf war|persian gulf war)\b", "1991", "year"),
    (r"\bcold war\b", "19", "century"),
)


def names_a_period(text: str) -> bool:
    """Does the phrase name a war or an era that dates what happened in it ("World War Two")?"""
    t = text.lower().replace("\u2013", "-")
    return any(re.search(pattern, t) for pattern, _v, _p in NAMED_PERIODS)


def resolve_date(text: str, published: str | None = None, *, future: bool = False) -> ResolvedDate | None:
    """Resolve a date expression against the publication date; None when it names no date we can place."""
    t = " " + re.sub(r"\s+", " ", text.lower().replace("\u2019", "'").replace("\u2013", "-")).strip() + " "
    pub, pub_precision = parse_published(published)
    day_known = pub is not None and pub_precision == "day"

    # ISO dates written out
    m = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", t)
    if m:
        try:
            d = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            return ResolvedDate(d.isoformat(), "day")
        except ValueError:
            pass

    # wars and eras named by their name: "in World War Two", "during the Korean War"
    for pattern, value, precision in NAMED_PERIODS:
        if re.search(pattern, t):
            return ResolvedDate(value, precision)

    # centuries: "the 19th century", "the twentieth century", "last century", "this century"
    m = re.search(r"\b(\d{1,2})(?:st|nd|rd|th) century", t) or re.search(
        r"\b(" + "|".join(sorted(ORDINALS, key=len, reverse=True)) + r")[- ]century", t)
    if m:
        n = int(m.group(1)) if m.group(1).isdigit() else ORDINALS[m.group(1)]
        if "bc" not in t:
            return ResolvedDate(f"{n - 1:02d}", "century")
    m = re.search(r"\b(last|previous|past|this|current|next) century\b", t)
    if m and pub is not None:
        current = (pub.year - 1) // 100 + 1   # 2013 is in the 21st century
        n = current - 1 if m.group(1) in ("last", "previous", "past") else current + (m.group(1) == "next")
        if m.group(1) == "past" and re.search(r"\b(over|during|in) the past century", t):
            return None   # "over the past century" is the last hundred years, not a century
        return ResolvedDate(f"{n - 1:02d}", "century")

    # decades: "the 1990s", "the '90s", "the early 2000s"
    m = re.search(r"\b(1[5-9]\d|20\d)0'?s\b", t)
    if m:
        return ResolvedDate(m.group(1), "decade")
    m = re.search(r"'(\d)0s\b", t)
    if m:
        century = "19" if int(m.group(1)) >= 3 else "20"
        return ResolvedDate(century + m.group(1), "decade")
    m = re.search(r"\b(last|previous|this|next|past) decade\b", t)
    if m and pub is not None and m.group(1) != "past":
        decade = pub.year // 10 + {"last": -1, "previous": -1, "this": 0, "next": 1}[m.group(1)]
        return ResolvedDate(str(decade), "decade")

    # month (day) (year): "January 5, 2012", "5 January 2012", "January 2012", "Jan. 5", "in January"
    m = re.search(r"\b" + _MONTH + r" (\d{1,2})(?:st|nd|rd|th)?,? " + _YEAR + r"\b", t)
    if m:
        return _day(int(m.group(3)), MONTHS[m.group(1)], int(m.group(2)))
    m = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)? (?:of )?" + _MONTH + r",? " + _YEAR + r"\b", t)
    if m:
        return _day(int(m.group(3)), MONTHS[m.group(2)], int(m.group(1)))
    m = re.search(r"\b" + _MONTH + r",? (?:of )?" + _YEAR + r"\b", t)
    if m:
        return ResolvedDate(_month_str(int(m.group(2)), MONTHS[m.group(1)]), "month")
    m = re.search(r"\b" + _MONTH + r" (\d{1,2})(?:st|nd|rd|th)?\b(?! ?(?:%|per|percent|million|billion))", t) \
        or re.search(r"\b(\d{1,2})(?:st|nd|rd|th)? (?:of )?" + _MONTH + r"\b", t)
    if m:
        if m.group(1).isdigit():
            day, month = int(m.group(1)), MONTHS[m.group(2)]
        else:
            month, day = MONTHS[m.group(1)], int(m.group(2))
        if month == 5 and not re.search(r"\bmay\b \d", t) and not m.group(1).isdigit():
            return None   # "may" alone is the verb
        year = _year_for_month(month, pub, future)
        if year is None or not 1 <= day <= 31:
            return None
        if pub is not None and not future and pub_precision == "day" and dt.date(year, month, min(day, 28)) > pub:
            year -= 1
        named = re.search(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", t)
        if named is not None:
            year = _year_of_weekday(year, month, day, WEEKDAYS[named.group(1)])
        return _day(year, month, day)
    m = re.search(r"\b(last|this|next|early|late|mid|earlier|later) ?-?" + _MONTH + r"(?! \d)", t) \
        or re.search(r"\b(?:in|of|since|during|until|by|from|through) (?:early |late |mid-?)?" + _MONTH + r"(?! \d)", t) \
        or re.fullmatch(r" (?:early |late |mid-?)?" + _MONTH + " ", t)
    if m:
        name = m.group(m.lastindex or 1)
        month = MONTHS[name]
        if month == 5 and not re.search(r"\b(in|of|since|during|until|by|from|through|last|this|next) may\b", t):
            return None
        rel = m.group(1) if m.lastindex and m.lastindex > 1 else None
        if rel == "last" and pub is not None:
            year = pub.year if month < pub.month else pub.year - 1
        elif rel == "next" and pub is not None:
            year = pub.year if month > pub.month else pub.year + 1
        else:
            year = _year_for_month(month, pub, future)
        if year is None:
            return None
        return ResolvedDate(_month_str(year, month), "month")

    # a span of years: "the 1980-88 war", "from 2009 to 2017" (a span of two years keeps its first)
    is_span, span = _year_span(t, pub)
    if is_span:
        return span

    # years: "in 2010", "the 2010 storming", "mid-2012", "fiscal 2012"
    years = re.findall(r"(?<![\d$.,])" + _YEAR + r"(?![\d%])", t)
    if years:
        return ResolvedDate(years[0], "year")

    if pub is None:
        return None

    # relative years, months, weeks
    m = re.search(r"\b(last|past|previous|this|current|next|coming) (year|month|week)\b", t)
    if m:
        rel, unit = m.groups()
        if rel == "past" and re.search(r"\b(over|during|in|for) the past (year|month|week)", t):
            rel = "span"
        step = {"last": -1, "past": -1, "previous": -1, "this": 0, "current": 0, "next": 1, "coming": 1,
                "span": 0}[rel]
        if unit == "year":
            return ResolvedDate(str(pub.year + step), "year")
        if unit == "month":
            y, mo = _shift_month(pub.year, pub.month, step)
            return ResolvedDate(_month_str(y, mo), "month")
        if not day_known:
            return ResolvedDate(str(pub.year), "year")
        start = pub + dt.timedelta(days=7 * step - pub.weekday())
        end = start + dt.timedelta(days=6)
        if start.month == end.month:
            return ResolvedDate(_month_str(start.year, start.month), "month")
        return ResolvedDate(str(start.year), "year") if start.year == end.year else None
    m = re.search(r"\b(earlier|later) this (year|month)\b", t)
    if m:
        return ResolvedDate(str(pub.year), "year") if m.group(2) == "year" else \
            ResolvedDate(_month_str(pub.year, pub.month), "month")
    m = re.search(r"\b" + _NUM + r" (year|month|week|day|decade)s? (ago|earlier|before)\b", t)
    if m and m.group(3) == "ago":
        n = _count(m.group(1))
        unit = m.group(2)
        if n is None:
            return None
        if unit == "year":
            return ResolvedDate(str(pub.year - n), "year")
        if unit == "decade":
            return ResolvedDate(str((pub.year - 10 * n) // 10), "decade")
        if unit == "month":
            y, mo = _shift_month(pub.year, pub.month, -n)
            return ResolvedDate(_month_str(y, mo), "month")
        if not day_known:
            return None
        days = n * (7 if unit == "week" else 1)
        d = pub - dt.timedelta(days=days)
        return ResolvedDate(d.isoformat(), "day") if unit == "day" else \
            ResolvedDate(_month_str(d.year, d.month), "month")

    # days named relative to publication
    if day_known:
        if re.search(r"\b(today|tonight|this morning|this afternoon|this evening)\b", t):
            return ResolvedDate(pub.isoformat(), "day")
        if re.search(r"\b(yesterday|last night)\b", t):
            return ResolvedDate((pub - dt.timedelta(days=1)).isoformat(), "day")
        if re.search(r"\btomorrow\b", t):
            return ResolvedDate((pub + dt.timedelta(days=1)).isoformat(), "day")
        m = re.search(r"\b(last |next |this )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", t)
        if m:
            rel = (m.group(1) or "").strip()
            wd = WEEKDAYS[m.group(2)]
            if rel == "next" or (future and rel != "last"):
                # "will meet on Wednesday" in a Wednesday paper is that day; "next Wednesday" a week on
                delta = (wd - pub.weekday()) % 7 or (7 if rel == "next" else 0)
                return ResolvedDate((pub + dt.timedelta(days=delta)).isoformat(), "day")
            delta = (pub.weekday() - wd) % 7
            if rel == "last" and delta == 0:
                delta = 7
            return ResolvedDate((pub - dt.timedelta(days=delta)).isoformat(), "day")
    return None


# "1980-88", "from 2009 to 2017", "between 2008 and 2016" (a bare "2012 and 2013" is two years)
_SPAN = re.compile(r"(?:\bbetween " + _YEAR + r" and |\b" + _YEAR + r" ?(?:-|to|until|till|through) ?)(\d{4}|\d{2})\b")


def _year_span(text: str, pub: dt.date | None) -> tuple[bool, ResolvedDate | None]:
    """Whether the text holds a span of years, and its date: the decade most of it fell in, or the
    century when it runs longer than two decades ("1980-88" is the 1980s). A span that runs past
    publication ("effects over 2000 - 2050") is a projection and dates nothing. A span of one or two
    years is not taken for one ("2010-11" may be a season or a month; its first year stands)."""
    m = _SPAN.search(text)
    if m is None:
        return False, None
    first = int(m.group(1) or m.group(2))
    last = int(m.group(3)) if len(m.group(3)) == 4 else first // 100 * 100 + int(m.group(3))
    if last - first < 2:
        return False, None
    if pub is not None and last > pub.year:
        return True, None
    years = range(first, last + 1)
    unit = 10 if len(years) <= 20 else 100
    counts: dict[int, int] = {}
    for year in years:
        counts[year // unit] = counts.get(year // unit, 0) + 1
    most = max(counts, key=lambda k: (counts[k], -k))
    return True, ResolvedDate(str(most) if unit == 10 else f"{most:02d}", "decade" if unit == 10 else "century")


def _day(year: int, month: int, day: int) -> ResolvedDate | None:
    try:
        return ResolvedDate(dt.date(year, month, day).isoformat(), "day")
    except ValueError:
        return ResolvedDate(_month_str(year, month), "month")


def is_historical(date: ResolvedDate | None, published: str | None) -> bool:
    """True when the date's period ends a year or more before the article's day: the event is told
    as background (the newswire guidelines' "historical"). "Last year" in September is not (it may
    have been in December); "in 1994" in a 1996 story, or a decade that ended before, is."""
    pub, _ = parse_published(published)
    end = last_day_of(date) if date is not None else None
    if pub is None or end is None:
        return False
    try:
        year_before = pub.replace(year=pub.year - 1)
    except ValueError:  # 29 February
        year_before = pub.replace(year=pub.year - 1, day=28)
    return end <= year_before


def last_day_of(date: ResolvedDate) -> dt.date | None:
    """The last day of a resolved date's period (day, month, year, decade or century)."""
    last_year = last_year_of(date)
    if last_year is None:
        return None
    try:
        if date.precision == "day":
            return dt.date.fromisoformat(date.date[:10])
        if date.precision == "month":
            year, month = int(date.date[:4]), int(date.date[5:7])
            return dt.date(year, month, calendar.monthrange(year, month)[1])
    except ValueError:
        return None
    return dt.date(last_year, 12, 31)


def last_year_of(date: ResolvedDate) -> int | None:
    text = date.date
    if date.precision == "century":
        return int(text) * 100 + 99
    if date.precision == "decade":
        return int(text) * 10 + 9
    try:
        return int(text[:4])
    except ValueError:
        return None


# ------------------------------------------------------------------------------------------------
# date phrases in a parsed text, and the date of an event
# ------------------------------------------------------------------------------------------------
#: The date phrases of a Doc: token index of the word a phrase dates -> the phrases, in text order.
DatePhrases = dict[int, list[str]]

#: A year written alone, as the tagger may miss it ("the 2010 storming").
_BARE_YEAR = re.compile(r"(?<![\w.,$])(1[89]\d\d|20\d\d)(?![\w%])")
#: Words after a number that make it a clock time or a quantity, not a year ("1800 UTC", "2000 km").
_NOT_A_YEAR_AFTER = frozenset({"utc", "gmt", "hrs", "hours", "km", "kilometres", "kilometers", "miles", "metres",
                               "meters", "feet", "tonnes", "tons"})
#: Capitalised words beside a year that are dates themselves, not names ("March 2012", "In 2010").
_DATE_WORDS = frozenset(MONTHS) | frozenset(WEEKDAYS) | frozenset(
    {"in", "since", "by", "until", "from", "during", "after", "before", "mid", "early", "late", "fiscal", "fy",
     "summer", "winter", "spring", "autumn", "fall", "the", "of", "and", "to", "on", "at", "for"})
#: Prepositions whose noun phrase holds the time of the clause ("fought during the 1980-88 war").
_TIME_PREPOSITIONS = frozenset({"during", "in", "throughout", "amid", "amidst"})
#: Subordinators of a clause that happens at the time of the clause it modifies, and of one that
#: happens shortly before or after it: only a date of a year or coarser covers the latter too.
_AT_THE_TIME = frozenset({"when", "while", "as", "whilst"})
_AROUND_THE_TIME = frozenset({"after", "before", "until", "till", "once", "since"})
#: Heads of "be ___ to do": "is due to sign", "is set to meet", "is scheduled to visit".
_AHEAD_FRAMES = frozenset({"due", "set", "schedule", "expect", "poise", "go", "slate", "about", "plan"})
#: Adjectives that put a noun's event ahead: "the planned talks on Friday".
_AHEAD_ADJECTIVES = frozenset({"planned", "proposed", "upcoming", "scheduled", "forthcoming", "coming", "future",
                               "expected", "imminent", "prospective"})


def date_phrases(doc: Doc, text: str | None = None) -> DatePhrases:
    """The date phrases of a Doc (DATE and TIME entities, named wars, bare years the tagger missed),
    keyed by the word each dates: the first verb above it, or the noun it modifies ("the 2010
    storming"). A year in a name or a title, and any date in a question, dates nothing. `text` is
    `doc.text` when the caller has it already."""
    found: DatePhrases = {}
    covered: list[tuple[int, int]] = []
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME") and not (ent.label_ == "EVENT" and names_a_period(ent.text)):
            continue
        phrase = _with_span_end(ent)
        covered.append((ent.start_char, ent.start_char + len(phrase)))
        if _in_a_question(ent.root) or (len(ent) == 1 and (_year_in_a_name(ent[0]) or not _reads_as_a_year(ent[0]))):
            continue
        _keep(found, ent.root, phrase)
    for m in _BARE_YEAR.finditer(doc.text if text is None else text):
        if any(a <= m.start() < b for a, b in covered):
            continue
        span = doc.char_span(m.start(), m.end())
        if span is None or len(span) != 1:
            continue
        tok = span[0]
        if tok.dep_ not in ("nummod", "compound", "pobj", "npadvmod", "amod", "appos", "nmod"):
            continue
        if _in_a_question(tok) or _year_in_a_name(tok) or not _reads_as_a_year(tok):
            continue
        _keep(found, tok, tok.text)
    return found


def _keep(found: DatePhrases, phrase_root: Token, text: str) -> None:
    """File a phrase under the word it dates, and under the clause of a time prepositional phrase
    whose noun it dates ("fought during the 1980-88 war" dates the fighting too)."""
    attach = _attachment(phrase_root)
    if attach is not None and attach.ent_type_ in ("DATE", "TIME") and attach.i != phrase_root.i:
        # "Saturday evening" tagged as two phrases: the day dates what the evening dates
        attach = _attachment(attach)
    if attach is None:
        return
    found.setdefault(attach.i, []).append(text)
    if attach.pos_ in ("NOUN", "PROPN") and attach.dep_ == "pobj" and attach.head.lower_ in _TIME_PREPOSITIONS:
        verb = attach.head.head
        if verb.pos_ in ("VERB", "AUX") and verb.i != attach.i:
            found.setdefault(verb.i, []).append(text)


def _with_span_end(ent: Span) -> str:
    """The entity's text, with the end of a span of years the tagger left outside it ("from 2009 to
    2017" is often tagged "2009")."""
    text, end, doc = ent.text, ent.end, ent.doc
    if end + 1 < len(doc) and doc[end].lower_ in ("to", "-", "\u2013", "until", "through", "and") and \
            _BARE_YEAR.fullmatch(doc[end + 1].text) and _BARE_YEAR.fullmatch(text.split()[-1]):
        return f"{text} {doc[end].text} {doc[end + 1].text}"
    return text


def _attachment(token: Token) -> Token | None:
    """The word a date phrase dates: the noun a year modifies ("the 2010 storming"), else the first
    verb above it."""
    t = token.head
    steps = 0
    while steps < 6:
        if t.pos_ in ("VERB", "AUX") or (t.pos_ == "NOUN" and t.i != token.i and token.dep_ in
                                        ("nummod", "compound", "amod", "npadvmod", "nmod") and steps == 0):
            return t
        if t.head.i == t.i:
            return t
        t = t.head
        steps += 1
    return None


def _reads_as_a_year(tok: Token) -> bool:
    """A number that may be a year, not a clock time or a quantity ("1800 UTC", "2000 km")."""
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    return nxt is None or nxt.lower_ not in _NOT_A_YEAR_AFTER


def _year_in_a_name(year: Token) -> bool:
    """Is this year part of a name or a title rather than a date: "Vision 2030", the "Zrínyi 2026"
    programme, "the 2020 Olympics", "the 2008 Beijing Olympics", "Resolution 1973"? A year after a
    capitalised word of a name is, and so is one before a proper noun that heads its phrase; "in
    2010", "March 2012", "the 2010 storming" and "the 1979 Egypt-Israel peace treaty" (a common
    noun heads them) are dates."""
    if not _BARE_YEAR.fullmatch(year.text):
        return False
    before = year.nbor(-1) if year.i > 0 else None
    if before is not None and before.sent == year.sent and _is_name_word(before):
        return True
    head = year.head
    while head.dep_ == "compound" and head.head.i != head.i:
        head = head.head
    # a place is no name a year belongs to: "the 1979 Egypt-Israel peace treaty" parsed with Egypt as head
    return head.i > year.i and head.pos_ == "PROPN" and _is_name_word(head) and \
        head.ent_type_ not in ("GPE", "LOC", "NORP")


def _is_name_word(tok: Token) -> bool:
    """A capitalised word that can be part of a name (not a month, a weekday or a capitalised
    preposition opening the sentence)."""
    return tok.is_alpha and tok.text[:1].isupper() and tok.lower_ not in _DATE_WORDS and \
        tok.pos_ in ("PROPN", "NOUN", "ADJ")


def _in_a_question(tok: Token) -> bool:
    """Does the token stand in a question ("Will Iran build a nuclear weapon by 2025?")? A question
    asks about a time; it tells of nothing that happened then."""
    sent = tok.sent
    last = next((t for t in reversed(sent) if not t.is_space and t.text not in ('"', "'", "\u201d", ")")), None)
    return last is not None and last.text == "?"


def event_date(trigger: Token, anchor: Token, phrases: DatePhrases, published: str | None) -> ResolvedDate | None:
    """The date of the event at `trigger` (with `anchor`, the verb that carries it): the date phrase
    on its own words, else on the clause above it (through infinitives, conjuncts, prepositions and
    the governing event, not through reported speech or relative clauses; through a "when" clause,
    and through an "after" or "before" clause for a year or coarser). Each phrase is read in the
    tense of the clause it sits in, not in the event's mode: in "declared on Sunday an intent to
    impose", Sunday is past although the imposing is planned."""
    for tok in (trigger, anchor):
        if tok.i in phrases:
            found = _resolve_at(tok, phrases[tok.i], published)
            if found is not None:
                return found
    t = anchor
    coarse_only = False
    for _ in range(8):
        if t.head.i == t.i or t.dep_ in ("ccomp", "relcl", "parataxis"):
            return None
        if t.dep_ == "advcl" and not _is_infinitive(t):
            mark = next((c.lower_ for c in t.children if c.dep_ in ("mark", "advmod") and c.i < t.i), None)
            if mark in _AROUND_THE_TIME:
                coarse_only = True
            elif mark not in _AT_THE_TIME:
                return None
        t = t.head
        if t.i in phrases:
            found = _resolve_at(t, phrases[t.i], published)
            if found is not None and coarse_only and found.precision in ("day", "month"):
                return None
            if found is not None:
                return found
    return None


def _resolve_at(word: Token, texts: list[str], published: str | None) -> ResolvedDate | None:
    """The first of the phrases on a word that names a date ("a decade later, in 2008": 2008), read
    in the tense of the word's clause."""
    future = looks_ahead(word)
    for text in texts:
        found = resolve_date(text, published, future=future)
        if found is not None:
            return found
    return None


def _is_infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def looks_ahead(word: Token) -> bool:
    """Does the clause of this word speak of what is still to come? "will meet", "is to travel", "is
    due to sign", "plans to visit", "is meeting" (an arrangement), "said it would attend" (the future
    of reported speech) and "the planned talks" do; "met", "had planned to meet" and a plain noun
    ("Monday's attack") do not."""
    if word.pos_ in ("NOUN", "PROPN"):
        # "the planned talks on Friday", "the upcoming vote in March"
        return any(c.dep_ == "amod" and c.lower_ in _AHEAD_ADJECTIVES for c in word.children)
    if word.pos_ not in ("VERB", "AUX"):
        return False
    future = lexicon().cue("plan", "future")
    auxes = [c for c in word.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in future or a.lemma_ in future for a in auxes):
        return True
    if any(a.lower_ == "would" for a in auxes) and word.dep_ == "ccomp" and \
            word.head.lemma_.lower() in lexicon().cue("frames", "speech"):
        return True
    # "is meeting Russia on Friday": the present progressive of an arrangement
    if word.tag_ == "VBG" and any(a.lemma_ == "be" and a.tag_ in ("VBZ", "VBP") for a in auxes):
        return True
    # "are to travel": "be" with an infinitive of its own
    if word.lemma_ == "be" and any(c.dep_ == "xcomp" and _is_infinitive(c) for c in word.children):
        return _present_or_future(word)
    if word.dep_ == "xcomp":
        head = word.head
        # "is due to sign", "plans to visit": an infinitive under a frame of the future, itself not past
        frames = _AHEAD_FRAMES | lexicon().cue("plan", "verbs") | {"be"}
        if _is_infinitive(word) and (head.lemma_.lower() in frames or head.lower_ in frames) and \
                _present_or_future(head):
            return True
        # "are due to begin voting", "continued to fight": the tense of the verb above
        return looks_ahead(head)
    return False


def _present_or_future(word: Token) -> bool:
    """Is the verb (or "due" with its copula) not in a past tense? "had planned to meet", "was due
    to sign" look ahead from a past that may be behind publication."""
    if word.tag_ == "VBD" or any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in word.children):
        return False
    return not (word.pos_ == "ADJ" and word.head.tag_ == "VBD")
