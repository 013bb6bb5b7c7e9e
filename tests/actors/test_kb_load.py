"""The shipped knowledge base: what it holds, how it is indexed, how a user extends it."""

from __future__ import annotations

import json

import pytest

from entente.actors import get_kb, load_kb
from entente.actors.kb import ENV_VAR, read_records
from entente.errors import ConfigError


def test_kb_sizes_by_kind(kb):
    stats = kb.stats()
    assert stats["actors"] > 20000
    kinds = stats["by_kind"]
    assert kinds["state"] >= 195
    assert kinds["territory"] >= 30
    assert kinds["igo"] >= 60
    assert kinds["person"] > 10000
    assert kinds["group"] > 100
    assert stats["agents"] > 3000


@pytest.mark.parametrize(
    "alias, code",
    [
        ("Azeri", "AZE"),
        ("Azerbaijani", "AZE"),
        ("Baku", "AZE"),
        ("Israeli", "ISR"),
        ("the Jewish state", "ISR"),
        ("the Kremlin", "RUS"),
        ("Downing Street", "GBR"),
        ("the White House", "USA"),
        ("the Islamic Republic", "IRN"),
        ("Tehran", "IRN"),
        ("NATO", "NATO"),
        ("IAEA", "IAEA"),
        ("European Parliament", "EU.EP"),
        ("European Commission", "EU.EC"),
        ("African Union", "AU"),
        ("Arab League", "LAS"),
        ("ASEAN", "ASEAN"),
        ("OSCE", "OSCE"),
        ("OPEC", "OPEC"),
        ("Hezbollah", "LBN.HEZBOLLAH"),
        ("Kosovo", "XKX"),
    ],
)
def test_kb_lookup_alias(kb, alias, code):
    assert code in {a.code for a in kb.lookup(alias)}


def test_kb_states_use_iso_alpha3(kb):
    for code in ("USA", "GBR", "ISR", "AZE", "IRN", "TUR", "GEO", "JOR", "TCD", "PSE", "TWN"):
        a = kb.get(code)
        assert a is not None and a.kind == "state" and a.country == code


def test_kb_organisation_codes_never_clash_with_states(kb):
    iso_like = {a.code for a in kb if a.kind in ("state", "territory")}
    assert not [
        a.code for a in kb if a.kind in ("igo", "org", "organ", "group", "party") and a.code in iso_like
    ]


def test_kb_people_have_dated_roles(kb):
    aliyev = kb.get("AZE.ILHAM_ALIYEV")
    assert aliyev is not None and aliyev.kind == "person" and aliyev.country == "AZE"
    role = aliyev.role_on("2013-09-17")
    assert role is not None and role.sector == "GOV" and role.office == "head_of_state"


def test_kb_current_leaders_are_known(kb):
    # the stale dictionaries stop around 2014; Wikidata brings them to 2025
    assert {a.code for a in kb.holders("USA", "head_of_state", "2025-06-01")} == {"USA.DONALD_TRUMP"}
    assert {a.name for a in kb.holders("GBR", "head_of_government", "2025-06-01")} == {"Keir Starmer"}
    assert {a.name for a in kb.holders("IRN", "head_of_government", "2025-06-01")} == {"Masoud Pezeshkian"}


def test_kb_office_titles_by_country(kb):
    assert kb.office_for("FRA", "president") == ["head_of_state"]
    assert "head_of_government" in kb.office_for("IRN", "president")
    assert kb.office_for("DEU", "chancellor") == ["head_of_government"]


def test_kb_user_extension_file(tmp_path, monkeypatch):
    path = tmp_path / "mine.jsonl"
    path.write_text(
        "\n".join(
            json.dumps(r)
            for r in [
                {
                    "code": "XX.ACME_MILITIA",
                    "name": "Acme Militia",
                    "kind": "group",
                    "country": "AZE",
                    "sector": "PRM",
                    "aliases": ["Acme Militia", "Acme Brigades"],
                },
                {"code": "AZE", "adjectives": ["Azerbaijanese"]},
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    kb = load_kb(extra=[path], use_env=False)
    assert [a.code for a in kb.lookup("Acme Brigades")] == ["XX.ACME_MILITIA"]
    assert "AZE" in {a.code for a in kb.lookup("Azerbaijanese")}
    assert "AZE" in {a.code for a in kb.lookup("Azeri")}  # the shipped names stay
    monkeypatch.setenv(ENV_VAR, str(path))
    assert [a.code for a in get_kb().lookup("Acme Militia")] == ["XX.ACME_MILITIA"]


def test_kb_user_file_errors_are_config_errors(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"name": "no code"}\n', encoding="utf-8")
    with pytest.raises(ConfigError):
        read_records(bad)
    with pytest.raises(ConfigError):
        read_records(tmp_path / "missing.jsonl")
