"""Publication dates as ISO 8601 strings of the precision the source gives: never invent a day."""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import Literal

import dateparser

from ..errors import InputRejected, Reason

Precision = Literal["year", "month", "day"]

_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ][\d:.+\-Z]*)?\s*$")
_YEAR_ONLY = re.compile(r"^\s*(\d{4})\s*$")
_HAS_DAY = re.compile(r"\b\d{1,2}(st|nd|rd|th)?\b(?!\s*:)")
_MONTHS = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b", re.I)


def parse_published(value: str | date | datetime) -> tuple[str, Precision]:
    """Parse a publication date into (`YYYY[-MM[-DD]]`, precision).

    >>> parse_published("Published September 17, 2013.")
    ('2013-09-17', 'day')
    >>> parse_published("2013-09")
    ('2013-09', 'month')
    """
    if isinstance(value, datetime):
        return value.date().isoformat(), "day"
    if isinstance(value, date):
        return value.isoformat(), "day"
    text = value.strip()
    match = _ISO.match(text)
    if match:
        year, month, day = match.groups()
        if day:
            return f"{year}-{month}-{day}", "day"
        if month:
            return f"{year}-{month}", "month"
        return year, "year"
    text = re.sub(r"^(published|updated|posted|first published)( on)?:?\s*", "", text, flags=re.I).rstrip(". ")
    parsed = dateparser.parse(text, languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first",
                                                                  "REQUIRE_PARTS": ["year"]})
    if parsed is None:
        raise InputRejected(Reason.MALFORMED, f"not a date: {value!r}")
    without_month = _MONTHS.sub(" ", text)
    if _MONTHS.search(text) and _HAS_DAY.search(re.sub(r"\b\d{4}\b", " ", without_month)):
        return parsed.date().isoformat(), "day"
    if _MONTHS.search(text) or re.search(r"\b\d{4}[/-]\d{1,2}\b", text):
        return f"{parsed.year:04d}-{parsed.month:02d}", "month"
    return f"{parsed.year:04d}", "year"
