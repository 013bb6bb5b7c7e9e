"""The actor records serialise to plain dicts."""

from __future__ import annotations

import json

from entente.actors import Actor, Mention, Resolution, Role


def test_records_as_dict_round_trip_json():
    role = Role(title="President", country="AZE", sector="GOV", start="2003-10-31", office="head_of_state")
    a = Actor(
        code="AZE.ILHAM_ALIYEV",
        name="Ilham Aliyev",
        kind="person",
        country="AZE",
        sector="GOV",
        aliases=("Ilham Aliyev",),
        roles=(role,),
    )
    assert json.loads(json.dumps(a.as_dict()))["roles"][0]["office"] == "head_of_state"
    assert a.role_on("2013-09-17") == role and a.role_on("2001-01-01") is None
    m = Mention(0, 6, "Aliyev", "AZE.ILHAM_ALIYEV", "AZE", "GOV")
    assert set(m.as_dict()) >= {
        "start",
        "end",
        "text",
        "actor",
        "country",
        "sector",
        "role",
        "confidence",
        "former",
    }
    r = Resolution("ISR", "Israel", "state", "ISR", "DIP", 0.9, role="posted_to:AZE")
    assert r.as_dict()["role"] == "posted_to:AZE"


def test_records_role_dates():
    r = Role(title=None, country="USA", sector="GOV", start="2017-01-20", end="2021-01-20")
    assert r.holds_on("2018") and r.holds_on("2018-06-01") and not r.holds_on("2022-01-01")
    assert Role(title=None, country="DEU", sector="GOV", seen="2019-06").holds_on("2019-11-01")
