"""Every read endpoint over a store filled with real rows: shapes, filters, pagination, evidence."""
from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from .conftest import Filled


def get(client: TestClient, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, (url, response.text[:500])
    return response.json()


def test_api_health_and_summary(client: TestClient, filled: Filled) -> None:
    health = get(client, "/api/health")
    assert health["status"] == "ok" and health["writes"] is True and health["articles"] == 24
    assert health["db"] == str(filled.path)
    summary = get(client, "/api/summary")
    assert summary["articles"] == 24 and summary["events"] == 15 and summary["quotes"] == 3
    facets = get(client, "/api/facets")
    assert {"ASSAULT", "ACCUSE", "COOPERATE"} <= {t["type"] for t in facets["types"]}
    assert {"energy", "arms", "nuclear"} <= {d["dimension"] for d in facets["dimensions"]}
    assert facets["dates"]["first"] <= "2010" and facets["dates"]["last"] >= "2013-09"


def test_api_articles_search_pages_with_totals(client: TestClient) -> None:
    first = get(client, "/api/articles?limit=10")
    assert first["total"] == 24 and len(first["items"]) == 10 and first["offset"] == 0
    assert first["next"].startswith("/api/articles?") and "offset=10" in first["next"] and first["prev"] is None
    last = get(client, "/api/articles?limit=10&offset=20")
    assert len(last["items"]) == 4 and last["next"] is None and last["prev"]
    ids = {a["id"] for page in (first, get(client, first["next"]), last) for a in page["items"]}
    assert len(ids) == 24
    found = get(client, "/api/articles?q=AZERBAIJAN")
    assert found["total"] == 2
    assert all("azerbaijan" in (a["title"] + a["snippet"]).lower() for a in found["items"])
    assert found["items"][0]["title"].startswith("Azerbaijan")  # title matches first
    assert get(client, "/api/articles?source=bbc")["total"] == 1
    assert get(client, "/api/articles?actor=ARM")["total"] == 1
    assert get(client, "/api/articles?q=zzzznothing")["total"] == 0


def test_api_article_has_its_extractions_with_offsets(client: TestClient, filled: Filled) -> None:
    article = get(client, f"/api/articles/{filled.info['articles'][0]}")
    text = article["text"]
    assert article["title"].startswith("Oil, arms") and article["source"] == "JTA"
    assert len(article["events"]) == 6 and len(article["quotes"]) == 1 and len(article["stances"]) == 2
    for m in article["mentions"]:
        assert text[m["start"]:m["end"]] == m["text"]
    for e in article["events"]:
        s = e["sentence"]
        assert text[s["start"]:s["end"]] == s["text"]
        for h in s["highlights"]:
            assert 0 <= h["start"] < h["end"] <= len(s["text"])
    trigger = {e["type"] + "/" + e["mode"]: e for e in article["events"]}["ASSAULT/denied"]["sentence"]
    assert [trigger["text"][h["start"]:h["end"]] for h in trigger["highlights"] if h["kind"] == "trigger"] == ["denied"]
    quote = article["quotes"][0]
    assert quote["content"]["text"] == "These reports sound like James Bond stories"
    assert quote["speaker"]["actor"] == "ISR" and quote["claims"][0]["relation"] == "denies"
    get(client, "/api/articles/0000000000000000", 404)


def test_api_actors_search_and_detail(client: TestClient) -> None:
    actors = get(client, "/api/actors")
    codes = [a["code"] for a in actors["items"]]
    assert codes[:3] == ["ISR", "IRN", "AZE"] or set(codes[:3]) == {"ISR", "IRN", "AZE"}
    assert actors["items"][0]["name"] in ("Israel", "Iran", "Azerbaijan")
    assert [a["code"] for a in get(client, "/api/actors?q=azer")["items"]] == ["AZE"]
    assert get(client, "/api/actors?q=israel")["items"][0]["code"] == "ISR"
    assert {a["group"] for a in get(client, "/api/actors?kind=state")["items"]} == {"state"}
    isr = get(client, "/api/actors/ISR")
    assert isr["name"] == "Israel" and isr["counts"]["n_events"] >= 8
    assert "AZE" in [p["code"] for p in isr["partners"]]
    assert {"IRN", "TUR"} <= {p["code"] for p in isr["adversaries"]}
    assert all(p["series"] for p in isr["partners"] + isr["adversaries"])
    assert isr["events"]["total"] >= 8 and isr["quotes"]["total"] == 1
    get(client, "/api/actors/NOWHERE", 404)
    get(client, "/api/actors?kind=planet", 422)


@pytest.mark.parametrize(("query", "expected"), [
    ("", 15),
    ("actor=TUR", 2),
    ("dyad=ISR,AZE", 3),
    ("dyad=AZE,ISR", 3),
    ("type=assault", 3),
    ("quad=4", 4),
    ("mode=denied", 1),
    ("mode=planned", 1),        # one component of reported+planned
    ("mode=reported", 2),
    ("dimension=energy", 2),
    ("since=2013-03&until=2013-05", 5),
    ("until=2012", 5),          # the 2010 raid and the four 2012 events
    ("source=reuters", 4),
    ("actor=IRN&quad=3", 3),
])
def test_api_events_filters(client: TestClient, query: str, expected: int) -> None:
    page = get(client, f"/api/events?{query}&limit=100")
    assert page["total"] == expected == len(page["items"]), [(e["type"], e["mode"], e["when"]) for e in page["items"]]


def test_api_events_pages_and_evidence(client: TestClient, filled: Filled) -> None:
    pages = [get(client, f"/api/events?limit=4&offset={o}") for o in (0, 4, 8, 12)]
    assert [len(p["items"]) for p in pages] == [4, 4, 4, 3] and {p["total"] for p in pages} == {15}
    whens = [e["when"] for p in pages for e in p["items"]]
    assert whens == sorted(whens, reverse=True)
    event = pages[0]["items"][0]
    assert set(event) >= {"id", "type", "mode", "real", "date", "sentence", "source", "target", "article"}
    assert event["article"]["title"] and event["article"]["published"]
    denial = get(client, f"/api/events/{filled.info['keys']['denial']}")
    assert denial["mode"] == "denied" and denial["real"] is False
    assert denial["denies"] == filled.info["keys"]["plan"]
    assert [r["id"] for r in denial["related"]] == [filled.info["keys"]["plan"]]
    plan = get(client, f"/api/events/{filled.info['keys']['plan']}")
    assert plan["denied_by"] == filled.info["keys"]["denial"] and plan["reported_by"] == "Reuters"
    assert plan["quotes"][0]["content"]["text"].startswith("These reports")
    get(client, "/api/events/ffffffffffffffff", 404)
    get(client, "/api/events?dyad=ISR,ISR", 422)


def test_api_quotes_filters(client: TestClient) -> None:
    assert get(client, "/api/quotes")["total"] == 3
    assert get(client, "/api/quotes?speaker=ambassador")["items"][0]["speaker"]["actor"] == "ISR"
    assert get(client, "/api/quotes?actor=RUS")["items"][0]["direct"] is False
    assert get(client, "/api/quotes?q=james bond")["total"] == 1
    assert get(client, "/api/quotes?since=2013-04")["total"] == 2


def test_api_dyad_series_and_evidence(client: TestClient) -> None:
    dyad = get(client, "/api/dyads/ISR/AZE?window=month")
    assert dyad["a"]["name"] == "Israel" and dyad["b"]["name"] == "Azerbaijan"
    assert dyad["sign"] == 1 and dyad["score"] > 0
    windows = [p["window"] for p in dyad["series"]]
    assert windows == sorted(windows) and "2013-09" in windows and all(len(w) == 7 for w in windows)
    assert dyad["events"]["total"] == 3 and dyad["events"]["items"]
    yearly = get(client, "/api/dyads/AZE/ISR?window=year")
    assert [p["window"] for p in yearly["series"]] == ["2012", "2013"]
    hostile = get(client, "/api/dyads/IRN/AZE")
    assert hostile["sign"] == -1
    assert get(client, "/api/dyads/ISR/IRN")["quotes"], "the ambassador's denial is a quote about the dyad"
    get(client, "/api/dyads/ISR/ISR", 422)
    get(client, "/api/dyads/ISR/AZE?window=week", 422)
    listed = get(client, "/api/dyads?actor=AZE")
    assert {frozenset((d["source"], d["target"])) for d in listed["items"]} == {
        frozenset(("AZE", "ISR")), frozenset(("AZE", "IRN")), frozenset(("ARM", "AZE"))}


def test_api_network_window_and_filters(client: TestClient) -> None:
    net = get(client, "/api/network")
    nodes = {n["id"]: n for n in net["nodes"]}
    assert {"ISR", "AZE", "IRN", "TUR", "USA", "RUS", "ARM"} <= set(nodes)
    edges = {frozenset((e["source"], e["target"])): e for e in net["edges"]}
    assert edges[frozenset(("ISR", "AZE"))]["sign"] == 1
    assert edges[frozenset(("AZE", "IRN"))]["sign"] == -1
    assert all(set(e) >= {"sign", "weight", "n_events", "n_sources", "dimensions"} for e in net["edges"])
    assert nodes["ISR"]["bloc"] == nodes["AZE"]["bloc"] != nodes["IRN"]["bloc"]
    y2012 = get(client, "/api/network?since=2012&until=2012")
    assert {n["id"] for n in y2012["nodes"]} == {"AZE", "ISR", "ARM", "IRN"}
    energy = get(client, "/api/network?dimension=energy")
    assert [frozenset((e["source"], e["target"])) for e in energy["edges"]] == [frozenset(("AZE", "ISR"))]
    busy = get(client, "/api/network?min_events=3")
    assert all(e["n_events"] >= 3 for e in busy["edges"]) and busy["edges"]
    nobody = get(client, "/api/network?kind=person")
    assert nobody["nodes"] == [] and nobody["edges"] == []
    get(client, "/api/network?since=2013-13-45", 422)


def test_api_balance_blocs_why_shifts(client: TestClient) -> None:
    balance = get(client, "/api/balance")
    whole = balance["windows"][0]
    assert whole["triads"] == 2 and whole["share_balanced"] == 1.0 and whole["frustration"] == 0 and whole["exact"]
    assert balance["names"]["AZE"] == "Azerbaijan"
    yearly = get(client, "/api/balance?window=year")
    assert [w["window"] for w in yearly["windows"]] == ["2010", "2012", "2013"]
    camps = [set(b["members"]) for b in get(client, "/api/blocs")["windows"][0]["blocs"]]
    assert {"AZE", "ISR"} <= next(c for c in camps if "ISR" in c) and "IRN" not in next(c for c in camps if "ISR" in c)
    assert [w["window"] for w in get(client, "/api/blocs?window=year")["windows"]] == ["2010", "2012", "2013"]
    why = get(client, "/api/why/ISR/AZE")
    assert why["a"]["code"] == "ISR" and why["direct"]["relation"]["sign"] == 1 and why["direct"]["evidence"]
    assert "Iran" in why["summary"] and why["shared_adversaries"] == ["IRN"]
    via_iran = next(p for p in why["paths"] if p["via"]["code"] == "IRN")
    assert via_iran["kind"] == "common_enemy" and via_iran["supports"] is True
    assert all(step["evidence"] and step["sign"] == -1 for step in via_iran["steps"])
    for e in via_iran["steps"][0]["evidence"]:
        assert e["sentence"]["text"] and e["article"]["id"] and e["weight"] > 0
    shifts = get(client, "/api/shifts?window=month")
    assert shifts["total"] == len(shifts["shifts"]) and shifts["window"] == "month"
    get(client, "/api/why/ISR/ISR", 422)


def test_api_dyad_strongest_evidence_follows_the_rules(client: TestClient) -> None:
    dyad = get(client, "/api/dyads/IRN/ISR")
    assert dyad["sign"] == -1
    kinds = {(e["type"], e["mode"]): e for e in dyad["strongest"]}
    assert kinds[("ASSAULT", "denied")]["weight"] == 0
    assert kinds[("ASSAULT", "reported+planned")]["disputed"] is True


def test_people_of_a_state_have_a_readable_name() -> None:
    from entente.api.names import lookup

    civilians = lookup("GBR.CVL")
    assert (civilians.name, civilians.group, civilians.country) == ("civilians (United Kingdom)", "group", "GBR")
