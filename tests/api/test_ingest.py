"""Ingestion through the API: the token, every kind of input, jobs, the address policy."""
from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from entente.api import create_app

from ..conftest import shared_file
from .conftest import AUTH, TOKEN

ARTICLE = ("Azerbaijan and Georgia signed a pipeline agreement on Monday in Tbilisi, officials said. "
           "The deal expands energy cooperation between the two neighbours and was welcomed by Turkey, "
           "whose ports receive much of the oil that flows through the region each year.")
PAGE = (f"<html><head><title>Pipeline deal</title></head><body><article><h1>Pipeline deal signed</h1>"
        f"<p>{ARTICLE}</p><p>{ARTICLE.replace('Monday', 'Tuesday')}</p></article></body></html>")


@pytest.mark.parametrize("path", ["/api/ingest/text", "/api/ingest/html", "/api/ingest/url", "/api/ingest/articles"])
def test_ingest_needs_the_token(client: TestClient, path: str) -> None:
    missing = client.post(path, json={"text": ARTICLE})
    assert missing.status_code == 401 and missing.json()["error"]["code"] == "unauthorized"
    assert missing.headers["www-authenticate"].startswith("Bearer")
    wrong = client.post(path, json={"text": ARTICLE}, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "invalid_token"
    basic = client.post(path, json={"text": ARTICLE}, headers={"Authorization": f"Basic {TOKEN}"})
    assert basic.status_code == 401


def test_ingest_file_needs_the_token(client: TestClient) -> None:
    response = client.post("/api/ingest/file", files={"file": ("a.txt", ARTICLE.encode())})
    assert response.status_code == 401


def test_ingest_without_a_server_token_takes_no_writes(filled_template, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "ro.duckdb"
    target.write_bytes(filled_template.path.read_bytes())
    with TestClient(create_app(target, token="")) as c:
        response = c.post("/api/ingest/text", json={"text": ARTICLE}, headers=AUTH)
        assert response.status_code == 403 and response.json()["error"]["code"] == "writes_disabled"
        assert c.get("/api/health").json()["writes"] is False


def test_ingest_text_is_stored_and_searchable(fresh_client: TestClient) -> None:
    response = fresh_client.post("/api/ingest/text", headers=AUTH, json={
        "text": ARTICLE, "title": "Pipeline deal", "published": "2014-02-03", "source": "Trend", "extract": False})
    assert response.status_code == 200, response.text
    job = response.json()
    assert job["status"] == "done" and job["summary"]["stored"] == 1 and len(job["article_ids"]) == 1
    article = fresh_client.get(f"/api/articles/{job['article_ids'][0]}").json()
    assert article["title"] == "Pipeline deal" and article["published"] == "2014-02-03" and article["source"] == "Trend"
    assert fresh_client.get("/api/articles?q=pipeline agreement").json()["total"] == 1
    again = fresh_client.post("/api/ingest/text", headers=AUTH, json={"text": ARTICLE, "extract": False}).json()
    assert again["summary"]["stored"] == 0 and again["summary"]["duplicates"] == 1
    assert again["article_ids"] == job["article_ids"]


def test_ingest_text_that_is_no_article_is_refused(fresh_client: TestClient) -> None:
    response = fresh_client.post("/api/ingest/text", headers=AUTH, json={"text": "Too short.", "extract": False})
    assert response.status_code == 422 and response.json()["error"]["code"] == "no_article"
    bad_date = fresh_client.post("/api/ingest/text", headers=AUTH,
                                 json={"text": ARTICLE, "published": "the day after never", "extract": False})
    assert bad_date.status_code == 422 and bad_date.json()["error"]["code"] == "invalid_request"


def test_ingest_html(fresh_client: TestClient) -> None:
    response = fresh_client.post("/api/ingest/html", headers=AUTH,
                                 json={"html": PAGE, "url": "https://example.org/pipeline", "extract": False})
    assert response.status_code == 200, response.text
    article = fresh_client.get(f"/api/articles/{response.json()['article_ids'][0]}").json()
    assert "pipeline agreement" in article["text"] and "<p>" not in article["text"]
    assert article["url"] == "https://example.org/pipeline"


def test_ingest_file_upload_jsonl_with_rejects(fresh_client: TestClient) -> None:
    lines = shared_file("data", "news", "wikinews", "wikinews_en.jsonl").read_text(encoding="utf-8").splitlines()
    body = "\n".join(lines[30:40] + ['{"title": "empty", "text": ""}', "{broken json"]) + "\n"
    response = fresh_client.post("/api/ingest/file", headers=AUTH, files={"file": ("batch.jsonl", body.encode())},
                                 data={"extract": "false"})
    assert response.status_code == 200, response.text
    job = response.json()
    assert job["summary"]["stored"] == 10 and job["summary"]["rejected"] == 2
    assert {r["reason"] for r in job["rejects"]} <= {"empty", "malformed", "no_article"}
    assert all(r["origin"].startswith("upload:batch.jsonl") for r in job["rejects"])
    assert all("/tmp" not in r["detail"] for r in job["rejects"])
    assert fresh_client.get("/api/summary").json()["rejects"] == 2


def test_ingest_file_upload_csv_with_column_names(fresh_client: TestClient) -> None:
    csv = "headline,body,day\n" + f'"Pipeline deal","{ARTICLE}",2014-02-03\n'
    response = fresh_client.post("/api/ingest/file", headers=AUTH, files={"file": ("x.csv", csv.encode())},
                                 data={"extract": "false", "text_col": "body", "title_col": "headline",
                                       "date_col": "day"})
    assert response.status_code == 200, response.text
    article = fresh_client.get(f"/api/articles/{response.json()['article_ids'][0]}").json()
    assert article["title"] == "Pipeline deal" and article["published"] == "2014-02-03"


def test_ingest_articles_batch_as_the_cli_sends_it(fresh_client: TestClient) -> None:
    body = {"extract": False, "articles": [{"text": ARTICLE, "title": "One", "origin": "cli:a.txt", "format": "text"},
                                            {"text": ARTICLE + " More words.", "title": "Two", "id": "ignored"}],
            "rejects": [{"origin": "cli:bad.bin", "reason": "binary", "detail": "NUL bytes"}]}
    response = fresh_client.post("/api/ingest/articles", headers=AUTH, json=body)
    assert response.status_code == 422  # `id` is not a field a client may set
    del body["articles"][1]["id"]
    job = fresh_client.post("/api/ingest/articles", headers=AUTH, json=body).json()
    assert job["summary"]["stored"] == 2 and job["summary"]["rejected"] == 1
    assert fresh_client.get("/api/summary").json()["rejects_by_reason"] == {"binary": 1}


def test_ingest_wait_zero_answers_202_then_the_job_finishes(fresh_client: TestClient) -> None:
    response = fresh_client.post("/api/ingest/text", headers=AUTH, json={"text": ARTICLE, "extract": False, "wait": 0})
    assert response.status_code in (200, 202)
    location = response.headers["location"]
    assert location == f"/api/ingest/jobs/{response.json()['id']}"
    for _ in range(100):
        job = fresh_client.get(location).json()
        if job["status"] == "done":
            break
        threading.Event().wait(0.05)
    assert job["status"] == "done" and job["summary"]["stored"] == 1
    assert fresh_client.get("/api/ingest/jobs/0123456789abcdef").status_code == 404


@pytest.fixture
def local_site() -> Iterator[str]:
    """A web server on 127.0.0.1 serving one news page."""
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            data = PAGE.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/news/pipeline.html"
    server.shutdown()


def test_ingest_url_refuses_loopback_by_default(fresh_client: TestClient, local_site: str) -> None:
    response = fresh_client.post("/api/ingest/url", headers=AUTH, json={"url": local_site, "extract": False})
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "forbidden_address" and "loopback" in error["message"]
    for url in ("file:///etc/passwd", "ftp://example.org/x", "/etc/passwd", "http://169.254.169.254/latest/meta-data"):
        refused = fresh_client.post("/api/ingest/url", headers=AUTH, json={"url": url, "extract": False})
        assert refused.status_code == 422 and refused.json()["error"]["code"] in ("malformed", "forbidden_address"), url


def test_ingest_url_fetches_private_addresses_when_allowed(filled_template, tmp_path: Path, local_site: str) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "private.duckdb"
    target.write_bytes(filled_template.path.read_bytes())
    with TestClient(create_app(target, token=TOKEN, allow_private=True)) as c:
        response = c.post("/api/ingest/url", headers=AUTH, json={"url": local_site, "extract": False})
        assert response.status_code == 200, response.text
        article = c.get(f"/api/articles/{response.json()['article_ids'][0]}").json()
        assert article["url"] == local_site and "pipeline agreement" in article["text"]


def test_ingest_with_extraction_reports_a_missing_model_clearly(fresh_client: TestClient) -> None:
    """With extract (the default) the server runs the extractors; without the model it says so (503)."""
    from entente import nlp
    from entente.errors import ModelNotInstalled
    try:
        nlp.load_model()
    except ModelNotInstalled:
        response = fresh_client.post("/api/ingest/text", headers=AUTH, json={"text": ARTICLE})
        assert response.status_code == 503 and response.json()["error"]["code"] == "model_not_installed"
        return
    response = fresh_client.post("/api/ingest/text", headers=AUTH, json={"text": ARTICLE})
    assert response.status_code == 200, response.text
    article_id = response.json()["article_ids"][0]
    article = fresh_client.get(f"/api/articles/{article_id}").json()
    assert article["text"].startswith("Azerbaijan and Georgia")
    if "entente_actors" in nlp.available_stages():
        assert {"AZE", "GEO"} <= {m["actor"] or m["country"] for m in article["mentions"]}


# -- defect 9: a date neither endpoint can read is refused alike, by the request model --------------
BAD_DATES = ["garbage-date", "the day after never"]


def _text_body(published: str) -> dict[str, object]:
    return {"text": ARTICLE, "published": published, "extract": False}


def _articles_body(published: str) -> dict[str, object]:
    return {"extract": False, "articles": [{"text": ARTICLE, "title": "Dated", "published": published}]}


@pytest.mark.parametrize("published", BAD_DATES)
@pytest.mark.parametrize(("path", "body"), [("/api/ingest/text", _text_body),
                                            ("/api/ingest/articles", _articles_body)])
def test_ingest_refuses_an_unreadable_date_in_text_and_articles_alike(fresh_client: TestClient, path: str,
                                                                      body, published: str) -> None:  # type: ignore[no-untyped-def]
    response = fresh_client.post(path, headers=AUTH, json=body(published))
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "invalid_request"
    assert "published" in error["message"] and published in error["message"]
    assert "2013-09-17" in error["message"], "the message shows a form that is read"
    assert fresh_client.get("/api/articles?q=pipeline agreement").json()["total"] == 0


@pytest.mark.parametrize(("published", "stored", "precision"), [
    ("2014-02-03", "2014-02-03", "day"),
    ("2014-02", "2014-02", "month"),
    ("2014", "2014", "year"),
    ("2014-02-03T10:15:00Z", "2014-02-03", "day"),
    ("2014-02-03 10:15:00+02:00", "2014-02-03", "day"),
])
@pytest.mark.parametrize(("path", "body"), [("/api/ingest/text", _text_body),
                                            ("/api/ingest/articles", _articles_body)])
def test_ingest_reads_iso_dates_and_datetimes_alike(fresh_client: TestClient, path: str, body,  # type: ignore[no-untyped-def]
                                                   published: str, stored: str, precision: str) -> None:
    response = fresh_client.post(path, headers=AUTH, json=body(published))
    assert response.status_code == 200, response.text
    article = fresh_client.get(f"/api/articles/{response.json()['article_ids'][0]}").json()
    assert (article["published"], article["published_precision"]) == (stored, precision)


def test_ingest_articles_refuses_a_precision_finer_than_its_date(fresh_client: TestClient) -> None:
    body = _articles_body("2014")
    body["articles"][0]["published_precision"] = "day"  # type: ignore[index]
    response = fresh_client.post("/api/ingest/articles", headers=AUTH, json=body)
    assert response.status_code == 422, response.text
    assert "published_precision" in response.json()["error"]["message"]


@pytest.mark.slow
@pytest.mark.model
def test_ingest_file_upload_stores_an_article_over_a_million_characters_with_its_neighbours(
        fresh_client: TestClient) -> None:
    """spaCy refuses a text over nlp.max_length; the API reads it in sections like the CLI does."""
    import json

    from ..ingest.test_bad_inputs import _long_article_paragraphs

    long_text = "\n\n".join(_long_article_paragraphs(1_200_000))
    records = [{"title": "Pipeline deal", "text": ARTICLE},
               {"title": "Bridge inquiry: the full transcript", "text": long_text},
               {"title": "Pipeline deal, day two", "text": ARTICLE.replace("Monday", "Tuesday")}]
    body = "".join(json.dumps(r) + "\n" for r in records)
    response = fresh_client.post("/api/ingest/file", headers=AUTH, files={"file": ("long.jsonl", body.encode())})
    assert response.status_code in (200, 202), response.text
    job = response.json()
    for _ in range(1200):  # the long article takes a minute or two to extract
        if job["status"] != "running":
            break
        threading.Event().wait(0.5)
        job = fresh_client.get(response.headers["location"]).json()
    assert job["status"] == "done", job
    assert (job["summary"]["stored"], job["summary"]["rejected"]) == (3, 0)
    lengths = sorted(len(fresh_client.get(f"/api/articles/{i}").json()["text"]) for i in job["article_ids"])
    assert lengths[-1] == len(long_text)
