"""Relations explain the weights they used (issue 15, part 4): /api/dyads/A/B and /api/why/A/B give each
listed record's mode and weight, a legend of the mode weights and the records excluded, by mode; the
OpenAPI schema documents the weights."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from entente.api import create_app
from entente.graph import rules
from entente.store import Store

from ..graph.builders import StoreBuilder


def get(client: TestClient, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, (url, response.text[:500])
    return response.json()


def _records_explained(items: list[dict[str, Any]]) -> None:
    for e in items:
        assert e["mode_weight"] == rules.mode_weight(e["mode"])
        w = e["weights"]
        assert w["mode"] == (e["mode"] or "asserted") and w["weight"] == e["weight"]
        assert w["text"].split(" ")[0] == w["mode"].split("+")[0]


def test_api_dyad_explains_the_weights_it_used(client: TestClient) -> None:
    dyad = get(client, "/api/dyads/IRN/ISR")
    weights = dyad["weights"]
    assert weights["legend"] == rules.legend() and weights["modes"] == rules.MODE_WEIGHTS
    # the denial is told in the same story as the disputed report: one evidence unit (rule 7), counted
    assert weights["n_excluded"] == dyad["n_excluded"] == sum(weights["excluded_by_mode"].values())
    assert "denied 0" in weights["in_use"] and "planned 0.25" in weights["in_use"]
    assert dyad["relation"]["excluded_by_mode"] == weights["excluded_by_mode"]
    _records_explained(dyad["strongest"])
    denied = next(e for e in dyad["strongest"] if e["mode"] == "denied")
    assert denied["mode_weight"] == 0 and denied["weights"]["excluded"] is True
    disputed = next(e for e in dyad["strongest"] if e["disputed"])
    assert f"disputed {rules.number(rules.DISPUTED_FACTOR)}" in disputed["weights"]["text"]


def test_api_why_explains_the_weights_it_used(client: TestClient) -> None:
    why = get(client, "/api/why/ISR/AZE")
    assert why["weights"]["legend"].startswith("asserted 1 · reported 0.7 · alleged 0.5")
    _records_explained(why["direct"]["evidence"])
    for path in why["paths"]:
        for step in path["steps"]:
            _records_explained(step["evidence"])
    hostile = get(client, "/api/why/ISR/IRN")
    assert hostile["weights"]["n_excluded"] == sum(hostile["weights"]["excluded_by_mode"].values())
    in_use = {item.rsplit(" ", 1)[0] for item in hostile["weights"]["in_use"].split(" · ")}
    assert {part for e in hostile["direct"]["evidence"] for part in e["mode"].split("+")} <= in_use



def test_openapi_documents_the_mode_weights(client: TestClient) -> None:
    schema = get(client, "/api/openapi.json")
    for path in ("/api/dyads/{a}/{b}", "/api/why/{a}/{b}"):
        description = schema["paths"][path]["get"]["description"]
        assert rules.legend() in description and "multiply" in description and "own period" in description
    components = schema["components"]["schemas"]
    assert rules.legend() in components["WeightsUsed"]["properties"]["modes"]["description"]
    assert "weights" in components["Dyad"]["properties"] and "weights" in components["Why"]["properties"]
    assert "mode_weight" in components["WeightExplained"]["properties"]


def test_dyad_page_escapes_the_modes_it_lists(tmp_path: Path) -> None:
    """A mode is text from the store: the page's weights box and counts print it escaped."""
    evil = '<img src=x onerror="window.__pwned=1">'
    with Store(tmp_path / "evil.duckdb") as store:
        b = StoreBuilder(store)
        art = b.article("Israel struck Iran. Israel did not strike Iran.", published="2013-09-17")
        b.event(art, "ISR", "ASSAULT", "IRN", intensity=-9.0, sentence="Israel struck Iran.")
        b.event(art, "ISR", "COERCE", "IRN", intensity=-7.0, mode=f"{evil}+denied", sentence="Israel did not strike Iran.")
    with TestClient(create_app(tmp_path / "evil.duckdb", token="t")) as client:
        data = get(client, "/api/dyads/ISR/IRN")
        assert data["weights"]["excluded_by_mode"] == {f"{evil}+denied": 1}
        response = client.get("/dyads/ISR/IRN")
        assert response.status_code == 200
        assert evil not in response.text and "&lt;img src=x" in response.text
        assert "1 not counted (weight 0)" in response.text
