"""The watch routes in an app with the API's own token check and error handlers: create, list, read,
test, alerts, feed, delete, the page and its forms; private fields go in and never come out."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import feedparser
import pytest
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient

from entente.api import errors
from entente.api.deps import require_token
from entente.store import Store
from entente.watch.api import watch_page_router, watch_router

from .conftest import STORY, article, event, ingest

TOKEN = "test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
ADDRESS = "analyst.private@example.org"
SECRET = "webhook-secret-value"
HOOK = "https://hooks.example.org/services/T0K3N/B1"
PRIVATE = (ADDRESS, "analyst.private", SECRET, "T0K3N", HOOK)


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    app = FastAPI()
    app.state.token = TOKEN

    def get_store(request: Request) -> Any:
        return store

    app.include_router(watch_router(get_store, require_token), prefix="/api")
    app.include_router(watch_page_router(get_store, require_token, api_prefix="/api"))
    errors.install(app)
    with TestClient(app) as c:
        yield c


def _no_private(text: str) -> None:
    for private in PRIVATE:
        assert private not in text, private


def _create(client: TestClient, **body: Any) -> dict[str, Any]:
    body = {"name": "ISR–AZE", "dyad": ["ISR", "AZE"], "email": ADDRESS, "webhook_url": HOOK,
            "webhook_secret": SECRET, "feed": True, **body}
    response = client.post("/api/watches", json=body, headers=AUTH)
    assert response.status_code == 201, response.text
    _no_private(response.text)
    return response.json()  # type: ignore[no-any-return]


def test_api_create_list_get_delete(client: TestClient) -> None:
    created = _create(client)
    assert created["channels"] == {"feed": True, "webhook": {"url": "https://hooks.example.org/…", "has_secret": True},
                                   "email": {"address": "a***@example.org", "mode": "immediate"}}
    assert created["dyad"] == ["ISR", "AZE"]
    assert created["feed_url"].endswith(f"/api/watches/{created['id']}/feed.atom")
    listed = client.get("/api/watches")
    assert listed.status_code == 200 and listed.json()["total"] == 1
    _no_private(listed.text)
    one = client.get(f"/api/watches/{created['id']}")
    assert one.json()["id"] == created["id"]
    _no_private(one.text)
    assert client.delete(f"/api/watches/{created['id']}", headers=AUTH).status_code == 204
    assert client.get(f"/api/watches/{created['id']}").status_code == 404
    assert client.delete(f"/api/watches/{created['id']}", headers=AUTH).status_code == 404


def test_api_writes_need_the_token(client: TestClient) -> None:
    body = {"name": "x", "dyad": ["ISR", "AZE"]}
    assert client.post("/api/watches", json=body).status_code == 401
    assert client.post("/api/watches", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
    watch = _create(client)
    assert client.delete(f"/api/watches/{watch['id']}").status_code == 401
    assert client.post(f"/api/watches/{watch['id']}/test").status_code == 401


def test_api_invalid_watch_is_refused_without_echoing_private_fields(client: TestClient) -> None:
    bad = client.post("/api/watches", json={"name": "x", "dyad": ["ISR", "AZE"], "email": "not-an-address-" + SECRET},
                      headers=AUTH)
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_watch"
    _no_private(bad.text)
    short = client.post("/api/watches", json={"name": "x", "dyad": ["ISR", "AZE"], "webhook_url": HOOK,
                                               "webhook_secret": "short"}, headers=AUTH)
    assert short.status_code == 422
    _no_private(short.text)
    extra = client.post("/api/watches", json={"name": "x", "dyad": ["ISR", "AZE"], "colour": "red"}, headers=AUTH)
    assert extra.status_code == 422


def test_api_alerts_test_and_feed(client: TestClient, store: Store) -> None:
    watch = _create(client)
    ingest(store, [(article(STORY, url="https://example.org/story"),
                    [event("e1", "COOPERATE", ["ISR"], ["AZE"], intensity=6.0)])])
    alerts = client.get(f"/api/watches/{watch['id']}/alerts")
    assert alerts.json()["total"] == 1
    item = alerts.json()["items"][0]
    assert item["event_id"] == "e1"
    assert {d["channel"]: d["status"] for d in item["deliveries"]} == {"email": "pending", "webhook": "pending"}
    _no_private(alerts.text)

    tested = client.post(f"/api/watches/{watch['id']}/test", headers=AUTH)
    assert [a["event_id"] for a in tested.json()["items"]] == ["e1"]
    _no_private(tested.text)

    feed = client.get(f"/api/watches/{watch['id']}/feed.atom")
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(feed.content)
    assert not parsed.bozo and [e.title for e in parsed.entries] == ["Israel → Azerbaijan: COOPERATE"]
    assert parsed.feed.links[0].href == f"http://testserver/api/watches/{watch['id']}/feed.atom"
    _no_private(feed.text)
    assert client.get("/api/watches/" + "0" * 24 + "/feed.atom").status_code == 404


def test_api_page_lists_and_manages_watches_without_showing_private_fields(client: TestClient,
                                                                           store: Store) -> None:
    page = client.get("/watches")
    assert page.status_code == 200 and "No watches yet" in page.text
    form = {"token": TOKEN, "name": "Iran & <neighbours>", "actors": "IRN", "partners": "AZE ARM",
            "modes": ["denied", "alleged"], "email": ADDRESS, "email_mode": "digest", "webhook_url": HOOK,
            "webhook_secret": SECRET, "feed": "1"}
    created = client.post("/watches", data=form, follow_redirects=False)
    assert created.status_code == 303
    shown = client.get(created.headers["location"])
    assert "Iran &amp; &lt;neighbours&gt;" in shown.text and "<neighbours>" not in shown.text
    _no_private(shown.text)
    owner = client.post("/watches/show", data={"token": TOKEN})  # masks and the delete button need the token
    assert "a***@example.org" in owner.text and "(signed)" in owner.text and "Delete" in owner.text
    _no_private(owner.text)
    twin = client.get("/watches?format=json", headers=AUTH)
    assert twin.json()["items"][0]["modes"] == ["denied", "alleged"]
    _no_private(twin.text)

    # an invalid form comes back with the public fields, never the private ones
    wrong = client.post("/watches", data={**form, "name": "again", "min_intensity": "eleven"})
    assert wrong.status_code == 422 and "must be a number" in wrong.text
    _no_private(wrong.text)
    assert client.post("/watches", data={**form, "token": "nope"}).status_code == 401

    watch_id = twin.json()["items"][0]["id"]
    assert client.post(f"/watches/{watch_id}/delete", data={"token": "nope"}).status_code == 401
    deleted = client.post(f"/watches/{watch_id}/delete", data={"token": TOKEN}, follow_redirects=False)
    assert deleted.status_code == 303 and deleted.headers["location"] == f"/watches?removed={watch_id}"
    assert store.con.execute("SELECT count(*) FROM watches").fetchone() == (0,)


# -- defect 5: a watch's id is its feed's capability; the list shows it only with the token --------
HOOK_WITH_PORT = "https://hooks.example.org:8443/services/T0K3N/B1"


def _capabilities(watch: dict[str, Any]) -> tuple[str, ...]:
    """What must not be shown without the token: the id (the feed's key), the feed's address, and
    where alerts go (the webhook's host and port, the e-mail's masked address)."""
    return (watch["id"], f"/watches/{watch['id']}/feed.atom", "hooks.example.org", "8443", "a***@example.org")


def test_watch_list_without_token_shows_no_capability(client: TestClient) -> None:
    watch = _create(client, webhook_url=HOOK_WITH_PORT)
    for url in ("/api/watches", "/watches", "/watches?format=json", "/watches.json"):
        response = client.get(url)
        assert response.status_code in (200, 404), url  # /watches.json only where the app maps suffixes
        for capability in _capabilities(watch):
            assert capability not in response.text, (url, capability)
    listed = client.get("/api/watches").json()
    assert listed["view"] == "public" and listed["total"] == 1 and "token" in listed["hint"]
    item = listed["items"][0]
    assert item["description"] == "ISR–AZE" and item["dyad"] == ["ISR", "AZE"]
    assert item["channels"] == ["feed", "webhook", "email"] and item["alerts"] == 0
    assert "Show them" in client.get("/watches").text, "the page offers the token form"


def test_watch_list_with_token_shows_ids_feeds_and_channels(client: TestClient) -> None:
    watch = _create(client, webhook_url=HOOK_WITH_PORT)
    for url in ("/api/watches", "/watches?format=json", "/watches"):
        response = client.get(url, headers=AUTH)
        assert response.status_code == 200, url
        for capability in _capabilities(watch):
            assert capability in response.text, (url, capability)
        _no_private(response.text)
    assert client.get("/api/watches", headers=AUTH).json()["view"] == "owner"
    shown = client.post("/watches/show", data={"token": TOKEN})
    assert shown.status_code == 200
    for capability in _capabilities(watch):
        assert capability in shown.text, capability
    _no_private(shown.text)
    assert client.post("/watches/show", data={"token": "nope"}).status_code == 401
    assert client.get("/api/watches", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert client.get("/watches?format=json", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_watch_feed_stays_readable_by_its_address_without_token(client: TestClient, store: Store) -> None:
    watch = _create(client, webhook_url=HOOK_WITH_PORT)
    ingest(store, [(article(STORY, url="https://example.org/story"),
                    [event("e1", "COOPERATE", ["ISR"], ["AZE"], intensity=6.0)])])
    feed = client.get(watch["feed_url"])
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("application/atom+xml")
    assert [e.title for e in feedparser.parse(feed.content).entries] == ["Israel → Azerbaijan: COOPERATE"]
    # whoever holds the id sees the watch and its feed address, but not where alerts go
    one = client.get(f"/api/watches/{watch['id']}")
    assert one.status_code == 200 and one.json()["feed_url"] == watch["feed_url"]
    assert "hooks.example.org" not in one.text and "a***@example.org" not in one.text
    assert "hooks.example.org:8443" in client.get(f"/api/watches/{watch['id']}", headers=AUTH).text


def test_watch_page_shows_the_new_feed_to_whoever_added_it(client: TestClient) -> None:
    form = {"token": TOKEN, "name": "Iran", "actors": "IRN", "feed": "1", "webhook_url": HOOK_WITH_PORT}
    created = client.post("/watches", data=form, follow_redirects=False)
    assert created.status_code == 303
    watch_id = created.headers["location"].split("created=", 1)[1]
    shown = client.get(created.headers["location"])
    assert f"/api/watches/{watch_id}/feed.atom" in shown.text
    assert "hooks.example.org" not in shown.text
    assert f"/api/watches/{watch_id}/feed.atom" not in client.get("/watches").text


def test_watch_on_an_unknown_actor_is_refused(client: TestClient, store: Store) -> None:
    """Like the API's other answers to an invented code (issue 14, defect 6): it would never alert."""
    api = client.post("/api/watches", json={"name": "x", "dyad": ["ISR", "XXX"]}, headers=AUTH)
    assert api.status_code == 422 and api.json()["error"]["code"] == "invalid_watch"
    assert "no actor 'XXX'" in api.json()["error"]["message"] and "/api/actors" in api.json()["error"]["message"]
    page = client.post("/watches", data={"token": TOKEN, "name": "x", "actors": "ISRR", "feed": "1"})
    assert page.status_code == 422 and "no actor &#39;ISRR&#39;" in page.text
    assert store.con.execute("SELECT count(*) FROM watches").fetchone() == (0,)
    assert client.post("/api/watches", json={"name": "UN", "dyad": ["UN.SC", "TUV"]}, headers=AUTH).status_code == 201
