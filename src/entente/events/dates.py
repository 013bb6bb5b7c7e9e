"""Dates of events, resolved against the article's publication date, with their precision.

`resolve_date("last year", "2013-09-17")` is `ResolvedDate("2012", "year")`. The result is an ISO 8601
string of the precision the text gives, never finer: "in January" is a month (`2013-01`), "the 2010
storming" a year, "the 1990s" a decade (`199`, ISO 8601-2), "the last century" a century (`19`, the
20th century as ISO 8601 writes it). Weekdays and "yesterday" do name a day relative to publication,
so they give one; nothing else does. Without a publication date, relative expressions resolve to None
while absolute ones ("March 2012") still resolve.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

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
                delta = (wd - pub.weekday()) % 7 or 7
                return ResolvedDate((pub + dt.timedelta(days=delta)).isoformat(), "day")
            delta = (pub.weekday() - wd) % 7
            if rel == "last" and delta == 0:
                delta = 7
            return ResolvedDate((pub - dt.timedelta(days=delta)).isoformat(), "day")
    return None


def _day(year: int, month: int, day: int) -> ResolvedDate | None:
    try:
        return ResolvedDate(dt.date(year, month, day).isoformat(), "day")
    except ValueError:
        return ResolvedDate(_month_str(year, month), "month")


def is_historical(date: ResolvedDate | None, published: str | None, *, years: int = 10) -> bool:
    """True when the date lies wholly `years` or more before publication (a decade or century that
    ended before it counts too)."""
    if date is None:
        return False
    pub, _ = parse_published(published)
    if pub is None:
        return False
    end_year = last_year_of(date)
    return end_year is not None and end_year <= pub.year - years


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
