"""Every failure has the same body, the right status, and a hint; limits hold."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from .conftest import AUTH


def error_of(response, status: int) -> dict[str, str]:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text[:300]
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "hint"}, body
    assert body["error"]["message"]
    return body["error"]  # type: ignore[no-any-return]


@pytest.mark.parametrize(("url", "status", "code"), [
    ("/api/articles/doesnotexist", 404, "not_found"),
    ("/api/nowhere", 404, "not_found"),
    ("/api/events?limit=0", 422, "invalid_request"),
    ("/api/events?limit=100000", 422, "invalid_request"),
    ("/api/events?offset=-1", 422, "invalid_request"),
    ("/api/events?quad=9", 422, "invalid_request"),
    ("/api/events?since=yesterday", 422, "invalid_request"),
    ("/api/events?dyad=ISR", 422, "invalid_request"),
    ("/api/actors/has%20space", 422, "invalid_request"),
    ("/api/articles?q=" + "x" * 300, 422, "invalid_request"),
    ("/api/dyads/ISR/AZE?window=fortnight", 422, "invalid_request"),
])
def test_api_errors_have_one_shape(client: TestClient, url: str, status: int, code: str) -> None:
    error = error_of(client.get(url), status)
    assert error["code"] == code


def test_api_wrong_method_is_405_with_the_error_body(client: TestClient) -> None:
    assert error_of(client.delete("/api/articles"), 405)["code"] == "method_not_allowed"
    assert error_of(client.get("/api/ingest/text"), 405)["code"] == "method_not_allowed"


def test_api_too_large_bodies_are_refused_before_reading(client: TestClient) -> None:
    big = b"x" * (7 * 1024 * 1024)
    error = error_of(client.post("/api/ingest/text", content=big, headers={**AUTH, "Content-Type": "application/json"}),
                     413)
    assert error["code"] == "too_large" and "limit" in error["message"]
    # a body with no length header (chunked) is cut off once it passes the cap
    def chunks():  # type: ignore[no-untyped-def]
        for _ in range(8):
            yield b"y" * (1024 * 1024)
    error = error_of(client.post("/api/ingest/html", content=chunks(), headers={**AUTH, "Content-Type": "application/json"}),
                     413)
    assert error["code"] == "too_large"
    assert error_of(client.post("/api/articles", content=b"z" * 100_000), 413)["code"] == "too_large"


@pytest.mark.parametrize("path", ["/static/../__init__.py", "/static/%2e%2e/__init__.py", "/static/..%2Fpages.py",
                                  "/static/vendor/../../pages.py", "/static//etc/passwd"])
def test_static_files_never_leave_their_folder(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404, (path, response.status_code)
    assert "def " not in response.text and "root:" not in response.text


def test_api_overlong_urls_are_refused(client: TestClient) -> None:
    assert error_of(client.get("/api/articles?x=" + "a" * 9000), 414)["code"] == "uri_too_long"


def test_api_malformed_json_is_422(client: TestClient) -> None:
    error = error_of(client.post("/api/ingest/text", content=b"{not json", headers={**AUTH, "Content-Type": "application/json"}),
                     422)
    assert error["code"] == "invalid_request"


def test_pages_render_errors_as_html_and_json(client: TestClient) -> None:
    page = client.get("/articles/doesnotexist")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "not_found" in page.text and "no article" in page.text
    twin = client.get("/articles/doesnotexist?format=json")
    assert error_of(twin, 404)["code"] == "not_found"
    assert error_of(client.get("/articles/doesnotexist.json"), 404)["code"] == "not_found"


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    for url in ("/", "/api/health", "/api/nowhere", "/static/app.css"):
        headers = client.get(url).headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
