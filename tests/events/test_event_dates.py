"""Dates of events on real newswire sentences, through the pipeline, against the publication date.

Each row is a sentence as published (Reuters 1996 and AG News 2004 from `../shared/data/news/`,
Wikinews from the sample corpus), the day it was published, a word of the event's trigger, and the
date and precision the event must carry. AG News carries no dates: its rows give a day of the week
the story fits. Weekdays are written beside the dates so that the table can be checked by eye.
"""
from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.tokens import Doc

from entente.events.dates import date_phrases, event_date

pytestmark = pytest.mark.model

Row = tuple[str, str, str, str | None, str | None]

# A weekday is the latest such day on or before publication (a Wednesday paper's "Wednesday" is that
# very day), unless the clause it sits in speaks of the future: then it is the next such day.
WEEKDAYS: list[Row] = [
    # published Wed 1996-08-28: "on Wednesday" is the day of publication
    ("1996-08-28", ("Algeria, fighting a vicious war against Moslem fundamentalist guerrillas, attacked Britain "
                    "on Wednesday for allowing Islamist groups to meet in London."), "attacked", "1996-08-28", "day"),
    ("1996-08-28", ("Brazilian authorities on Wednesday arrested a 47-year-old Italian man wanted in Italy for "
                    "ties to the leftist Red Brigade guerrilla group of the 1970s, local television said."),
     "arrested", "1996-08-28", "day"),
    # published Tue 2020-06-23: "Saturday evening", tagged as a day and a time, is Sat 20th (was undated)
    ("2020-06-23", ("On Saturday evening in Forbury Gardens in Reading, Berkshire, UK shortly before 19:00 local "
                    "time (1800 UTC), a mass stabbing killed three people and injured three others."), "killed",
     "2020-06-20", "day"),
    # published Wed 2019-01-23: Monday is two days back
    ("2019-01-23", ("Germany on Monday banned Iranian airline Mahan Air from flying in the European nation, with "
                    "officials saying this is for security reasons."), "banned", "2019-01-21", "day"),
    # the audit's case: an announced meeting is still to come (published Fri, the meeting on Wed 28th,
    # once counted back to Wed 21st because the announcement rewrote the mode and lost the future)
    ("1996-08-23", ("Commonwealth foreign ministers will meet in London on Wednesday to discuss what to do, he "
                    "added."), "meet", "1996-08-28", "day"),
    # published Sat: "will meet ... Monday" is the coming Monday
    ("1996-08-31", ("Albright will meet Foreign Minister Jose Miguel Insulza Monday for talks on issues currently "
                    "up for debate on the council, of which Chile is a non-permanent member, a U.S."), "meet",
     "1996-09-02", "day"),
    # published Wed: "this Sunday", said of a visit to come
    ("1996-08-28", ("Israeli Foreign Minister David Levy will visit Egypt this Sunday for talks with President "
                    "Hosni Mubarak, the Foreign Ministry said on Wednesday."), "visit", "1996-09-01", "day"),
    # published Thu: "will meet on Thursday" in a Thursday paper is that day, not a week on
    ("1996-08-22", ("Yasser Arafat will meet Shimon Peres in Gaza on Thursday after Palestinians said the "
                    "right-wing Israeli government had barred the Palestinian leader from flying to the West Bank "
                    "for talks with the former prime minister."), "meet", "1996-08-22", "day"),
    # "is due to": published Thu, leaving on Fri 23rd (was Fri 16th)
    ("1996-08-22", ("this is an important issue in our relationship \", said Fox, who is due to leave for Nepal "
                    "on Friday."), "leave", "1996-08-23", "day"),
    # "are to travel": published Tue 2015-09-22, travelling on Wed 23rd (was Wed 16th)
    ("2015-09-22", "On Wednesday, Mohamed and his father are to travel to the United Nations.", "travel",
     "2015-09-23", "day"),
]

# A weekday on a past clause stays past although the event beneath it is planned: the day is read in
# the tense of the clause that holds it, not in the mode of the event that inherits it.
PAST_CLAUSE_OVER_A_PLAN: list[Row] = [
    # published Wed 2019-05-15: declared on Sun 12th (was Sun 19th)
    ("2019-05-15", ("On Sunday, Polish leader Jarosław Kaczyński of the conservative Law and Justice Party "
                    "publicly declared intent to impose stricter punishment for child sexual abuse."), "impose",
     "2019-05-12", "day"),
    # published Sat 2020-11-07: spoke on Fri 6th (was Fri 13th)
    ("2020-11-07", ("Turkey and Greece had earlier had poor relations over disputed resources in the "
                    "Mediterranean, but the leaders of the two countries spoke by telephone on Friday night, and "
                    "publicly expressed their willingness to help each other."), "help", "2020-11-06", "day"),
    # published Thu 1996-08-22: accused on that Thursday (was Thu 29th)
    ("1996-08-22", ("India's Home (interior) Minister accused Pakistan on on Thursday of planning to disrupt "
                    "state elections in troubled Jammu and Kashmir state."), "disrupt", "1996-08-22", "day"),
]

# A historical event carries its own date where the text gives one: a year, a span of years (dated by
# the decade most of it fell in), a decade, "three decades ago"; never the article's.
HISTORICAL: list[Row] = [
    # an "after" clause shares the year of the clause it follows (was undated: the article's 2019)
    ("2019-11-10", ("The current government of Iraq was established in 2003 after a U.S.-led coalition ousted "
                    "Saddam Hussein."), "ousted", "2003", "year"),
    # "a decade later, in 2008": the phrase that names a date wins (was undated)
    ("2019-10-29", ("A decade later, in 2008, Hagan defeated incumbent Republican US Senator Elizabeth Dole to "
                    "become the first female Democratic US Senator from North Carolina."), "defeated", "2008",
     "year"),
    # "from 2009 to 2017": a span, dated by its decade (was undated)
    ("2020-08-12", ("Biden himself served eight years as vice president from 2009 to 2017, under Barack Obama's "
                    "administration."), "served", "201", "decade"),
    # "Bosnia's 1992-95 war": a span written short
    ("1996-08-25", ("The majority of refugees from Bosnia's 1992-95 war are Moslems from the Serb-controlled north "
                    "and east."), "war", "199", "decade"),
    ("1996-08-29", ("The Salang tunnel, the main supply route for Soviet troops when they were occupying "
                    "Afghanistan in the 1980s, had been closed since 1994 when northern militia leader General "
                    "Abdul Rashid Dostum rebelled against the Kabul government."), "occupying", "198", "decade"),
    ("2020-05-06", ("The last time the Philippine government ordered the network to shut down was during the "
                    "martial law imposed by former Philippine President Ferdinand Marcos back in 1972."), "imposed",
     "1972", "year"),
    # a year before a place is no name: "the 1979 Egypt–Israel peace treaty" is of 1979
    ("2020-10-29", ("President Jimmy Carter mediated an end to the conflict between Israel and Egypt at the Camp "
                    "David Accords in 1978 that brought about the 1979 Egypt–Israel peace treaty and the "
                    "normalization of relations between the two nations."), "treaty", "1979", "year"),
    # a span that runs past publication is a projection, not the date of the study (was 2000)
    ("2014-07-28", ("A research team from the Massachusetts Institute of Technology and Colorado State University "
                    "of the US and the University of Sheffield of the UK has analysed effects of global warming and "
                    "ozone pollution over 2000 - 2050 on the worldwide production of wheat, rice, maize and "
                    "soybean."), "analysed", None, None),
    # AG News 2004 (no date given; the convention opened on Monday 2004-08-30)
    ("2004-08-30", ("John McCain said Monday it was fair game to criticize Democrat John Kerry's anti-war protests "
                    "three decades ago, firing an opening salvo as Republicans at their national convention sought "
                    "to portray President Bush as a strong wartime leader."), "protests", "197", "decade"),
]


def _event_with(doc: Doc, word: str) -> object:
    found = [e for e in doc._.events if word in e.trigger.split()]
    assert found, f"no event triggered by {word!r}: {[e.trigger for e in doc._.events]}"
    return found[0]


@pytest.mark.parametrize("published,sentence,word,date,precision", WEEKDAYS + PAST_CLAUSE_OVER_A_PLAN + HISTORICAL)
def test_event_date(annotate: Callable[..., Doc], published: str, sentence: str, word: str, date: str | None,
                    precision: str | None) -> None:
    event = _event_with(annotate(sentence, published=published), word)
    assert (event.date, event.date_precision) == (date, precision)  # type: ignore[attr-defined]


# Years that name something, and dates in a question, date nothing: the phrases a sentence yields.
PHRASES: list[tuple[str, str, list[str]]] = [
    # a programme named for its target year (sample corpus, 2019-11-07): the act is of 2017
    ("2019-11-07", ("Hungary launched a military development program dubbed \"Zrínyi 2026\" in 2017 to address "
                    "structural and financial challenges faced by the Defence Force and to renew its equipment."),
     ["2017"]),
    # "the 1936 Olympics" names the Games; the race is run in 1996
    ("1996-08-29", ("They had been invited to the meeting to watch a special relay to mark the 60th anniversary of "
                    "Jesse Owens's four gold medals at the 1936 Olympics in the same Berlin stadium."), []),
    # questions of a Wikinews interview: a year asked about is no one's date
    ("2020-10-22", "((WN)) How [do] you envision Melbourne would look like by 2025 under your mayorship?", []),
    ("2020-10-22", "((WN)) Why do you think \"Melbourne is poised to be a world city by 2030\"?", []),
    # a span the tagger cut short keeps its end
    ("2020-08-12", ("Biden himself served eight years as vice president from 2009 to 2017, under Barack Obama's "
                    "administration."), ["eight years", "2009 to 2017"]),
    # a clock time in brackets is not a year (sample corpus, 2019-06-01)
    ("2019-06-01", ("At around 12:20 p.m. local time on Wednesday (1620 UTC) in the United States capital city "
                    "Washington DC, Arnav Gupta, 33-year-old of Bethesda, Maryland, set himself on fire in a "
                    "publicly accessible area called the Ellipse."), ["around 12:20 p.m.", "Wednesday"]),
]


@pytest.mark.parametrize("published,sentence,phrases", PHRASES)
def test_date_phrases(annotate: Callable[..., Doc], published: str, sentence: str, phrases: list[str]) -> None:
    doc = annotate(sentence, published=published)
    found = [text for _word, texts in sorted(date_phrases(doc).items()) for text in texts]
    assert sorted(set(found)) == sorted(phrases)


# The tense of the clause a date phrase sits in, on sentences that hold no event between two actors:
# the date the phrase gives the word it dates (published Mon 26, Wed 28 and Thu 29 August 1996).
CLAUSE_TENSE: list[tuple[str, str, str, str]] = [
    ("1996-08-26", "The hearing is due to resume on Thursday.", "resume", "1996-08-29"),
    ("1996-08-28", "Trading will resume on Thursday.", "resume", "1996-08-29"),
    ("1996-08-29", "Peres is expected to fly home on Friday, officials said.", "fly", "1996-08-30"),
    # "due to begin voting": the tense climbs from the gerund to "are due"; the weekday fixes the year
    ("1996-08-26", ("They are due to begin voting on Wednesday, August 28, just one day after the PEC is supposed "
                    "to make its decision."), "voting", "1996-08-28"),
]


@pytest.mark.parametrize("published,sentence,word,date", CLAUSE_TENSE)
def test_date_in_the_tense_of_its_clause(annotate: Callable[..., Doc], published: str, sentence: str, word: str,
                                         date: str) -> None:
    doc = annotate(sentence, published=published)
    token = next(t for t in doc if t.text == word)
    found = event_date(token, token, date_phrases(doc), published)
    assert found is not None and (found.date, found.precision) == (date, "day")
