"""Every page renders, has a JSON twin with the same data, and escapes untrusted text."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from entente.web import vendor_missing

from .conftest import Filled
from .storefill import INJECTION_IMG, INJECTION_SCRIPT


def pages(filled: Filled) -> list[str]:
    info = filled.info
    return ["/", "/dyads/ISR/AZE", "/dyads/ISR/AZE?window=year", "/actors", "/actors?q=iran&kind=state",
            "/actors/ISR", "/articles", "/articles?q=israel", f"/articles/{info['articles'][0]}",
            f"/articles/{info['injection_article']}", "/events", "/events?mode=denied&dimension=military",
            f"/events/{info['keys']['plan']}", "/quotes", "/quotes?speaker=ambassador", "/search?q=israel",
            "/structure", "/structure?window=month", "/about"]


def test_pages_render_and_have_json_twins(client: TestClient, filled: Filled) -> None:
    for url in pages(filled):
        html = client.get(url)
        assert html.status_code == 200, (url, html.text[:300])
        assert html.headers["content-type"].startswith("text/html")
        assert "<title>" in html.text and 'href="/static/app.css"' in html.text
        sep = "&" if "?" in url else "?"
        twin = client.get(url + sep + "format=json")
        assert twin.status_code == 200 and twin.headers["content-type"] == "application/json", url
        assert isinstance(twin.json(), dict)
        # the JSON link in the page leads to the twin
        assert "format=json" in html.text


def test_pages_json_twin_by_suffix_is_the_same_data(client: TestClient, filled: Filled) -> None:
    article = filled.info["articles"][0]
    assert client.get(f"/articles/{article}.json").json() == client.get(f"/articles/{article}?format=json").json()
    assert client.get("/actors/ISR.json").json() == client.get("/actors/ISR?format=json").json()
    assert client.get("/dyads/ISR/AZE.json").json()["a"]["code"] == "ISR"
    network = client.get("/?format=json").json()
    assert network["nodes"] and network["edges"]
    # the twin of a page is what the API serves
    assert client.get("/api/articles/" + article).json() == client.get(f"/articles/{article}.json").json()


def test_pages_escape_article_text_title_source_and_quotes(client: TestClient, filled: Filled) -> None:
    html = client.get(f"/articles/{filled.info['injection_article']}").text
    assert INJECTION_SCRIPT not in html and INJECTION_IMG not in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert "onerror=&#34;window.__pwned=1&#34;" in html or "onerror=&quot;window.__pwned=1&quot;" in html
    assert "Evil &lt;i&gt;Times&lt;/i&gt;" in html and "<b>fail</b>" not in html
    assert "javascript:" not in html, "a javascript: URL is never linked"
    for url in ("/articles?q=talks", "/events?actor=IRN", "/quotes", "/search?q=talks", "/actors/IRN"):
        page = client.get(url).text
        assert INJECTION_SCRIPT not in page and "<b>this</b>" not in page, url
    # inline scripts are data blocks only, and their JSON is escaped
    network = client.get("/").text
    assert '<script type="application/json" id="setup">' in network


def test_pages_scripts_are_served_by_the_app(client: TestClient) -> None:
    html = client.get("/").text
    for script in ("/static/vendor/cytoscape.min.js", "/static/vendor/chart.umd.min.js", "/static/js/network.js",
                   "/static/js/common.js", "/static/js/evidence.js"):
        assert f'src="{script}"' in html
        if "vendor" in script and vendor_missing():
            pytest.skip("run scripts/build_web_assets.sh to install the JavaScript libraries")
        response = client.get(script)
        assert response.status_code == 200 and len(response.content) > 500, script
    assert "http://" not in html.split("<main")[0] and "https://" not in html.split("<main")[0], "no CDN"


def test_pages_search_redirects_a_lone_actor_and_lists_both(client: TestClient) -> None:
    both = client.get("/search?q=israel&format=json").json()
    assert both["actors"]["items"][0]["code"] == "ISR" and both["articles"]["total"] >= 3
    lone = client.get("/search?q=armenia", follow_redirects=False)
    assert lone.status_code in (200, 303)
