"""An actor code neither the knowledge base nor the store knows is a 404 everywhere a code is taken,
with the body of `/api/actors/XXX` and a hint to find valid codes (issue 14, defect 6); a code the
knowledge base knows but the store has no event for is a valid, empty answer."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from entente.api import create_app
from entente.store import Store

from .conftest import TOKEN, Filled
from .test_errors import error_of

#: Codes no knowledge base or store holds: invented, and a real code's typo.
INVENTED = ("XXX", "ISRR")

API_URLS = (
    "/api/dyads/{x}/YYY",
    "/api/dyads/ISR/{x}",
    "/api/dyads/{x}/AZE",
    "/api/why/{x}/YYY",
    "/api/why/ISR/{x}",
    "/api/dyads?actor={x}",
    "/api/shifts?actor={x}",
    "/api/events?actor={x}",
    "/api/events?dyad=ISR,{x}",
    "/api/quotes?actor={x}",
    "/api/articles?actor={x}",
)

PAGE_URLS = (
    "/dyads/{x}/YYY",
    "/dyads/ISR/{x}",
    "/events?actor={x}",
    "/events?dyad={x},AZE",
    "/quotes?actor={x}",
    "/articles?actor={x}",
)


def _assert_unknown_actor(error: dict[str, str], code: str) -> None:
    """The same error as /api/actors/XXX: it names the code and says how to find valid ones."""
    assert error["code"] == "not_found"
    assert f"no actor {code!r}" in error["message"]
    assert "actors" in error["hint"], "the hint points at the actor search"


def test_unknown_actor_detail_is_the_reference_shape(client: TestClient) -> None:
    _assert_unknown_actor(error_of(client.get("/api/actors/XXX"), 404), "XXX")


@pytest.mark.parametrize("code", INVENTED)
@pytest.mark.parametrize("template", API_URLS)
def test_api_unknown_actor_is_404(client: TestClient, template: str, code: str) -> None:
    _assert_unknown_actor(error_of(client.get(template.format(x=code)), 404), code)


@pytest.mark.parametrize("template", PAGE_URLS)
def test_pages_unknown_actor_is_404_in_html_and_json(client: TestClient, template: str) -> None:
    url = template.format(x="XXX")
    page = client.get(url)
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "no actor" in page.text and "XXX" in page.text
    twin = client.get(url + ("&" if "?" in url else "?") + "format=json")
    _assert_unknown_actor(error_of(twin, 404), "XXX")


def test_lower_case_code_is_told_the_upper_case_one(client: TestClient) -> None:
    error = error_of(client.get("/api/dyads/isr/aze"), 404)
    assert "'isr'" in error["message"] and "ISR" in error["hint"]


@pytest.mark.parametrize("other", ["TUV", "UN.SC", "GBR.MIL"])
def test_known_actor_without_events_is_an_empty_answer(client: TestClient, other: str) -> None:
    """Tuvalu and the Security Council are in the knowledge base, British armed forces are a state's
    sector; the store holds no event of any of them: valid codes, no evidence."""
    dyad = client.get(f"/api/dyads/ISR/{other}")
    assert dyad.status_code == 200, dyad.text[:300]
    assert dyad.json()["events"]["total"] == 0 and dyad.json()["b"]["code"] == other
    why = client.get(f"/api/why/ISR/{other}")
    assert why.status_code == 200, why.text[:300]
    assert not why.json()["direct"]["evidence"]
    assert client.get(f"/api/events?actor={other}").json()["total"] == 0
    assert client.get(f"/dyads/ISR/{other}").status_code == 200


#: A code no shipped knowledge base holds, as an ingest with an extended knowledge base may store it.
LOCAL_CODE = "ZZY.LOCAL_MILITIA"


@pytest.fixture
def store_only_client(filled_template: Filled, tmp_path: Path) -> Iterator[TestClient]:
    """The filled store with one more target on an ISR event: an actor only the store knows."""
    target = tmp_path / "local.duckdb"
    target.write_bytes(filled_template.path.read_bytes())
    with Store(target) as store:
        store.con.execute(
            """INSERT INTO event_actors (event_id, role, actor, country)
               SELECT event_id, 'target', ?, NULL FROM event_actors WHERE actor = 'ISR' AND role = 'source'
               ORDER BY event_id LIMIT 1""", [LOCAL_CODE])
    with TestClient(create_app(target, token=TOKEN)) as test_client:
        yield test_client


def test_actor_seen_only_in_the_store_is_valid(store_only_client: TestClient) -> None:
    assert store_only_client.get(f"/api/events?actor={LOCAL_CODE}").json()["total"] == 1
    assert store_only_client.get(f"/api/dyads/ISR/{LOCAL_CODE}").status_code == 200
    assert store_only_client.get(f"/api/why/ISR/{LOCAL_CODE}").status_code == 200
