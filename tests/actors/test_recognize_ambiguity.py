"""Ambiguous names in running text, read by the spaCy component."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def codes(doc):
    return [(m.text, m.actor, m.country, m.sector, m.role) for m in doc._.mentions]


def test_recognize_jordan_person_vs_country(annotate):
    doc = annotate("Michael Jordan scored 40 points. Jordan closed its border with Syria.", "2020-01-01")
    got = codes(doc)
    assert ("Jordan", "JOR", "JOR", None, None) in got
    first = [m for m in doc._.mentions if m.start == 8]
    assert not first or first[0].actor != "JOR"


def test_recognize_georgia_us_state(annotate):
    doc = annotate(
        "Voters in Georgia lined up in Atlanta as the Republican governor urged calm.", "2020-11-03"
    )
    at = doc.text.index("Georgia")
    geo = [m for m in doc._.mentions if m.start <= at < m.end]
    assert geo and geo[0].country == "USA"


def test_recognize_georgia_country(annotate):
    doc = annotate("Georgia accused Russia of moving the border fence near Tbilisi.", "2020-11-03")
    geo = [m for m in doc._.mentions if m.text == "Georgia"]
    assert geo and geo[0].actor == "GEO"


def test_recognize_turkey_vs_turkey(annotate):
    doc = annotate("Families ate turkey. Turkey recalled its ambassador.", "2020-11-26")
    assert [m.actor for m in doc._.mentions if m.text.lower() == "turkey"] == ["TUR"]


def test_recognize_chad(annotate):
    doc = annotate("Chad Smith sang. Chad sent troops to Niger.", "2020-01-01")
    chad = [m for m in doc._.mentions if m.actor == "TCD"]
    assert len(chad) == 1 and chad[0].start == doc.text.index("Chad sent")


def test_recognize_washington(annotate):
    doc = annotate(
        "Washington imposed sanctions on Tehran. Wildfires spread in Washington state.", "2021-08-01"
    )
    w = [m for m in doc._.mentions if m.text.startswith("Washington")]
    assert (w[0].country, w[0].sector) == ("USA", "GOV")
    assert w[1].role == "location"


def test_recognize_turkish_ship_vs_pop_hit(annotate):
    doc = annotate("Commandos stormed a Turkish ship. She sang a Turkish pop hit.", "2010-06-01")
    assert [m.text for m in doc._.mentions if m.country == "TUR"] == ["Turkish ship"]


def test_recognize_the_president_and_leader_names_by_date(annotate):
    doc = annotate("President Obama met Netanyahu in Washington.", "2013-05-01")
    got = {m.actor: m.sector for m in doc._.mentions}
    assert got["USA.BARACK_OBAMA"] == "GOV" and got["ISR.BENJAMIN_NETANYAHU"] == "GOV"
    doc = annotate("Obama criticised the plan.", "2019-05-01")
    m = [m for m in doc._.mentions if m.actor == "USA.BARACK_OBAMA"][0]
    assert m.former and m.sector == "ELI"


def test_recognize_surname_after_full_name(annotate):
    doc = annotate(
        "Foreign Minister Elmar Mammadyarov arrived. Mammadyarov said talks went well.", "2013-09-17"
    )
    ms = [m for m in doc._.mentions if m.actor == "AZE.ELMAR_MAMMADYAROV"]
    assert len(ms) == 2


def test_recognize_government_spokesman_unresolved(annotate):
    doc = annotate("A government spokesman declined to comment.", "2013-09-17")
    m = [m for m in doc._.mentions if "spokesman" in m.text][0]
    assert m.actor is None and m.country is None and m.sector == "GOV"


@pytest.mark.parametrize(
    ("text", "word", "country"),
    [
        ("Albania charges Briton with child sex abuse.", "Briton", "GBR"),
        ("Seven Iraqis who seized a Sudanese airliner were charged with hijack in Britain.", "Iraqis", "IRQ"),
        ("An American was killed in Baghdad.", "American", "USA"),
        ("A U.S.-led air force has protected Iraqi Kurds against attack from Baghdad.", "Iraqi Kurds", "IRQ"),
        ("Thousands of Iraqis fled to Jordan.", "Iraqis", "IRQ"),
    ],
)
def test_people_of_a_state_are_not_the_state(annotate, text, word, country):
    doc = annotate(text, "1996-08-30")
    at = doc.text.index(word)
    mention = next(m for m in doc._.mentions if m.start <= at < m.end)
    assert (mention.country, mention.sector) == (country, "CVL")


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        ("Israelis and Palestinians resumed talks in Washington.", "Israelis", "ISR"),
        ("The Americans insisted on a deadline.", "Americans", "USA"),
        ("Britain and France agreed, and the British rejected the demand.", "British", "GBR"),
        ("Iraqi troops massed near the border.", "Iraqi", "IRQ"),
    ],
)
def test_demonyms_standing_for_the_state_stay_the_state(annotate, text, word, code):
    doc = annotate(text, "1996-08-30")
    at = doc.text.index(word)
    mention = next(m for m in doc._.mentions if m.start <= at < m.end)
    assert mention.actor == code and mention.sector in (None, "MIL")


def test_a_state_name_modifying_a_market_word_is_no_actor(annotate):
    doc = annotate("Mexican stocks were also hurt by U.S. long bond rates which had begun to rise.", "1996-12-06")
    assert all(m.actor != "USA" and m.actor != "MEX" for m in doc._.mentions)
    doc = annotate("U.S. troops entered Iraq.", "1996-12-06")
    assert any(m.actor == "USA" and m.sector == "MIL" for m in doc._.mentions)


def test_national_television_is_one_mention_of_the_media(annotate):
    doc = annotate("Iranian national television accused Iraq of aggression.", "1996-12-06")
    iranian = [m for m in doc._.mentions if m.country == "IRN"]
    assert [(m.text, m.sector) for m in iranian] == [("Iranian national television", "JRN")]
