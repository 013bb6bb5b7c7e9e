"""resolve_phrase: table-driven phrase -> actor cases, with the ambiguities and dates of issue #3."""

from __future__ import annotations

import pytest

from entente.actors import resolve_phrase

# phrase, date, context -> first actor: code, country, sector, role (None = anything), former
CASES = [
    ("Israel's ambassador to Azerbaijan", "2013-09-17", None, "ISR", "ISR", "DIP", "posted_to:AZE", False),
    ("Azerbaijani officials", None, None, "AZE", "AZE", "GOV", None, False),
    ("Israeli commandos", None, None, "ISR", "ISR", "MIL", None, False),
    ("American diplomats", None, None, "USA", "USA", "DIP", None, False),
    ("a government spokesman", None, None, None, None, "GOV", None, False),
    ("the Jewish state", None, None, "ISR", "ISR", "GOV", None, False),
    ("the Mullah regime", None, None, "IRN", "IRN", "GOV", None, False),
    ("the Islamic Republic", None, None, "IRN", "IRN", None, None, False),
    ("Baku", None, None, "AZE", "AZE", "GOV", None, False),
    ("Azeri", None, None, "AZE", "AZE", None, None, False),
    ("the Kremlin", None, None, "RUS", "RUS", "GOV", None, False),
    ("the White House", None, None, "USA", "USA", "GOV", None, False),
    ("Downing Street", None, None, "GBR", "GBR", "GOV", None, False),
    ("Tehran", None, None, "IRN", "IRN", "GOV", None, False),
    ("the European Parliament", None, None, "EU.EP", "EU", "LEG", None, False),
    ("IAEA", None, None, "IAEA", "UN", None, None, False),
    ("Russia's ambassador to Poland", None, None, "RUS", "RUS", "DIP", "posted_to:POL", False),
    ("Canadian Ambassador to the United Nations", None, None, "CAN", "CAN", "DIP", "posted_to:UN", False),
    ("Chile's Defense Ministry", None, None, "CHL", "CHL", "GOV", None, False),
    ("Defense Minister", None, "German", None, "DEU", "GOV", None, False),
    ("Shanghai police", None, None, "CHN", "CHN", "COP", None, False),
    ("trade unions in Denmark", None, None, "DNK", "DNK", "LAB", None, False),
    ("the rebel FDLR force", "2022-01-01", None, "RWA.FDLR", "RWA", "REB", None, False),
    ("Hezbollah spokesman", None, None, "LBN.HEZBOLLAH", "LBN", "REB", None, False),
    ("president of the European Council", None, None, "EU.EUCO", "EU", "GOV", None, False),
    ("the Mongolian President", "2019-01-01", None, None, "MNG", "GOV", "office:president", False),
    ("Nagorno-Karabakh", None, None, "AZE.NAGORNO_KARABAKH", "AZE", "PRE", None, False),
]


@pytest.mark.parametrize("phrase, date, context, code, country, sector, role, former", CASES)
def test_resolve_phrase_table(kb, phrase, date, context, code, country, sector, role, former):
    found = resolve_phrase(phrase, date=date, context=context, kb=kb)
    assert found, f"nothing found in {phrase!r}"
    r = found[0]
    if code is not None:
        assert r.code == code
    assert (r.country, r.sector, r.former) == (country, sector, former)
    if role is not None:
        assert r.role == role


def test_resolve_coordinated_adjectives(kb):
    found = resolve_phrase("Israeli and Azerbaijani officials", kb=kb)
    assert [(r.code, r.sector) for r in found] == [("ISR", "GOV"), ("AZE", "GOV")]


def test_resolve_spans_index_the_phrase(kb):
    text = "a government spokesman"
    r = resolve_phrase(text, kb=kb)[0]
    assert text[r.start : r.end] == r.text == "government spokesman"


# --- dates -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "phrase, date, code, sector, former",
    [
        ("President Obama", "2013-05-01", "USA.BARACK_OBAMA", "GOV", False),
        ("Obama", "2019-05-01", "USA.BARACK_OBAMA", "ELI", True),
        ("Trump", "2015-06-01", "USA.DONALD_TRUMP", None, False),
        ("Trump", "2018-06-01", "USA.DONALD_TRUMP", "GOV", False),
        ("Trump", "2022-06-01", "USA.DONALD_TRUMP", "ELI", True),
        ("Trump", "2025-06-01", "USA.DONALD_TRUMP", "GOV", False),
        ("Angela Merkel", "2017-04-01", "DEU.ANGELA_MERKEL", "GOV", False),
        ("Angela Merkel", "2022-01-10", "DEU.ANGELA_MERKEL", "ELI", True),
        ("Aliyev", "2013-09-17", "AZE.ILHAM_ALIYEV", "GOV", False),
        ("Vladimir Putin", "2010-01-01", "RUS.VLADIMIR_PUTIN", "GOV", False),
    ],
)
def test_resolve_leaders_by_date(kb, phrase, date, code, sector, former):
    r = resolve_phrase(phrase, date=date, kb=kb)[0]
    assert (r.code, r.sector, r.former) == (code, sector, former)


def test_resolve_former_is_flagged(kb):
    r = resolve_phrase("former President Nursultan Nazarbayev", date="2023-01-01", kb=kb)[0]
    assert r.code == "KAZ.NURSULTAN_NAZARBAYEV" and r.former and r.sector == "ELI"
    r = resolve_phrase("a former CIA official", kb=kb)[0]
    assert r.country == "USA" and r.former and r.sector == "ELI"


def test_resolve_the_president_by_date_and_country(kb):
    assert resolve_phrase("the US president", date="2013-09-17", kb=kb)[0].code == "USA.BARACK_OBAMA"
    assert resolve_phrase("the US president", date="2018-09-17", kb=kb)[0].code == "USA.DONALD_TRUMP"
    r = resolve_phrase("the president", date="2018-09-17", kb=kb)[0]
    assert r.code is None and r.country is None and r.sector == "GOV"
    assert resolve_phrase("the president", date="2018-09-17", context="Azerbaijan", kb=kb)[0].country == "AZE"


def test_resolve_groups_by_date(kb):
    assert resolve_phrase("the Taliban", date="2015-01-01", kb=kb)[0].sector == "REB"
    assert resolve_phrase("the Taliban", date="2022-01-01", kb=kb)[0].sector == "GOV"


# --- ambiguity ---------------------------------------------------------------------------------
def test_resolve_jordan_country_vs_person(kb):
    assert resolve_phrase("Jordan", kb=kb)[0].code == "JOR"
    assert resolve_phrase("Jordanian troops", kb=kb)[0].country == "JOR"
    assert not [r for r in resolve_phrase("Michael Jordan", kb=kb) if r.country == "JOR"]
    assert not [r for r in resolve_phrase("Jordan Peterson", kb=kb) if r.country == "JOR"]


def test_resolve_georgia_country_vs_us_state(kb):
    assert resolve_phrase("Georgia", kb=kb)[0].country == "GEO"
    assert resolve_phrase("Georgia", context="Tbilisi accused Moscow", kb=kb)[0].country == "GEO"
    us = resolve_phrase("Georgia", context="the governor in Atlanta and the Republican legislature", kb=kb)[0]
    assert us.country == "USA" and us.role == "location"


def test_resolve_turkey_vs_turkey(kb):
    assert resolve_phrase("Turkey", kb=kb)[0].code == "TUR"
    assert resolve_phrase("turkey", kb=kb) == []
    assert resolve_phrase("a roast turkey", kb=kb) == []


def test_resolve_chad(kb):
    assert resolve_phrase("Chad", kb=kb)[0].code == "TCD"
    assert resolve_phrase("Chadian soldiers", kb=kb)[0].country == "TCD"
    assert not [r for r in resolve_phrase("Chad Smith", kb=kb) if r.country == "TCD"]


def test_resolve_washington(kb):
    gov = resolve_phrase("Washington", kb=kb)[0]
    assert (gov.country, gov.sector) == ("USA", "GOV")
    assert resolve_phrase("Washington state", kb=kb)[0].role == "location"
    assert resolve_phrase("in Washington", kb=kb)[0].role == "location"
    post = resolve_phrase("The Washington Post", kb=kb)[0]
    assert post.sector == "JRN"


def test_resolve_nationality_adjectives(kb):
    ship = resolve_phrase("a Turkish ship", kb=kb)
    assert [r.country for r in ship] == ["TUR"]
    assert resolve_phrase("a Turkish pop hit", kb=kb) == []
    assert resolve_phrase("Turkish and Russian pop hits", kb=kb) == []


def test_resolve_misspelling(kb):
    assert resolve_phrase("Azerbiajan", kb=kb)[0].country == "AZE"


def test_resolve_nothing(kb):
    assert resolve_phrase("", kb=kb) == []
    assert resolve_phrase("yesterday", kb=kb) == []
