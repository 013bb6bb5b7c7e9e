"""The page in a real browser: the network, an edge click, the dyad chart and evidence, the time
window, search, the evidence modes, three clicks to a sentence, and script injection."""
from __future__ import annotations

from typing import Any

import pytest

from ..api.storefill import INJECTION_IMG, INJECTION_SCRIPT
from .conftest import Page

pytestmark = pytest.mark.slow


def wait_network(page: Page, since: str = "") -> dict[str, Any]:
    """Wait for the network drawn after `since` (the previous draw's stamp) and return its counts."""
    page.page.wait_for_function(
        "(since) => document.body.dataset.networkReady && document.body.dataset.networkReady !== since", arg=since)
    return page.page.evaluate("""() => ({
        stamp: document.body.dataset.networkReady,
        nodes: window.ententeNetwork.cy.nodes().map(n => n.id()).sort(),
        edges: window.ententeNetwork.cy.edges().length})""")


def click_edge(page: Page, a: str, b: str) -> None:
    """Click the edge between a and b on the canvas, at its midpoint, with the mouse."""
    point = page.page.evaluate("""([a, b]) => {
        const cy = window.ententeNetwork.cy;
        const edge = cy.edges().filter(e => [e.source().id(), e.target().id()].sort().join() === [a, b].sort().join());
        const p = edge.renderedMidpoint();
        const box = cy.container().getBoundingClientRect();
        return {x: box.left + p.x, y: box.top + p.y};
    }""", [a, b])
    page.page.mouse.click(point["x"], point["y"])


def test_browser_network_edge_click_shows_dyad_chart_why_and_evidence(page: Page) -> None:
    page.goto("/")
    net = wait_network(page)
    assert {"AZE", "ISR", "IRN", "TUR", "USA"} <= set(net["nodes"]) and net["edges"] >= 7
    page.shot("network")
    click_edge(page, "ISR", "AZE")
    page.page.wait_for_selector("#panel-dyad[data-ready]")
    assert page.page.inner_text("#dyad-title") in ("Israel – Azerbaijan", "Azerbaijan – Israel")
    assert "friendly" in page.page.inner_text("#dyad-score")
    points = page.page.get_attribute("#dyad-chart", "data-points")
    assert points is not None and int(points) >= 2
    assert page.page.evaluate("() => Chart.getChart('dyad-chart').data.datasets[0].data.length") == int(points)
    cards = page.page.locator("#dyad-events article.evidence")
    assert cards.count() == 3
    assert cards.first.locator("mark.hl-trigger").count() == 1
    assert "Iran" in page.page.inner_text("#dyad-why")
    page.shot("dyad-panel")


def test_browser_time_window_redraws_the_network(page: Page) -> None:
    page.goto("/")
    everything = wait_network(page)
    page.page.select_option("#window-size", "year")
    latest = wait_network(page, everything["stamp"])
    assert page.page.input_value("#window-pos") == page.page.get_attribute("#window-pos", "max")
    assert page.page.inner_text("#window-label") == "2013"
    page.page.click("#window-prev")
    y2012 = wait_network(page, latest["stamp"])
    assert page.page.inner_text("#window-label") == "2012"
    assert y2012["nodes"] == ["ARM", "AZE", "IRN", "ISR"]
    assert "since=2012" in page.page.url and "until=2012" in page.page.url
    page.shot("network-2012")
    # the evidence panel follows the window
    click_edge(page, "AZE", "IRN")
    page.page.wait_for_selector("#panel-dyad[data-ready]")
    dates = page.page.locator("#dyad-events article.evidence header time").all_inner_texts()
    assert dates and all(d.startswith("2012") for d in dates)
    # a shared address opens the same window
    page.goto("/?since=2012&until=2012")
    again = wait_network(page)
    assert again["nodes"] == ["ARM", "AZE", "IRN", "ISR"] and page.page.inner_text("#window-label") == "2012"


def test_browser_filters_dimension_and_kind(page: Page) -> None:
    page.goto("/")
    first = wait_network(page)
    page.page.select_option("#dimension", "energy")
    energy = wait_network(page, first["stamp"])
    assert energy["nodes"] == ["AZE", "ISR"] and energy["edges"] == 1
    page.page.check("input[name=kind][value=person]")
    page.page.uncheck("input[name=kind][value=state]")
    page.page.wait_for_function("() => location.search.includes('kind=person') && !location.search.includes('kind=state')"
                                " && window.ententeNetwork.cy.edges().length === 0")
    page.page.wait_for_selector("#net-empty", state="visible")


def test_browser_search_an_actor(page: Page) -> None:
    page.goto("/")
    wait_network(page)
    page.page.fill("#search-q", "Azerbaijan")
    page.page.press("#search-q", "Enter")
    page.page.wait_for_url("**/search?q=Azerbaijan")
    page.page.click(".results-actors a.actor >> text=Azerbaijan")
    page.page.wait_for_url("**/actors/AZE")
    assert page.page.inner_text("h1").startswith("Azerbaijan")
    page.page.wait_for_function("() => document.getElementById('actor-chart').dataset.points")
    partners = page.page.locator("table").first.inner_text()
    assert "Israel" in partners
    page.shot("actor")
    # the search box suggests actors as one types
    page.page.fill("#search-q", "Isr")
    page.page.wait_for_function("() => document.querySelectorAll('#actor-suggestions option').length > 0")
    assert "Israel" in page.page.evaluate(
        "() => [...document.querySelectorAll('#actor-suggestions option')].map(o => o.value)")


def test_browser_three_clicks_from_the_network_to_a_sentence(page: Page) -> None:
    page.goto("/")
    wait_network(page)
    page.page.click("#top-dyads button >> nth=0")                       # 1: the busiest relation
    page.page.wait_for_selector("#panel-dyad[data-ready]")
    sentence = page.page.locator("#dyad-events article.evidence blockquote.sentence").first
    assert sentence.is_visible() and len(sentence.inner_text()) > 20  # the sentence is already there
    page.page.locator("#dyad-events a.article-link").first.click()     # 2: its article, at the sentence
    page.page.wait_for_url("**/articles/**#ev-*")
    anchor = page.page.url.split("#", 1)[1]
    assert page.page.locator(f"#{anchor}").count() == 1
    assert page.page.locator("#article-text mark.trigger").count() >= 1
    page.shot("article")


def test_browser_denied_and_reported_events_look_different(page: Page, site: Any) -> None:
    page.goto("/dyads/ISR/IRN")
    page.page.wait_for_function("() => document.getElementById('dyad-chart').dataset.points")
    cards = page.page.locator(".evidence-list article.evidence")
    denied = cards.and_(page.page.locator(".mode-denied")).first
    asserted = cards.and_(page.page.locator(".mode-asserted")).first
    reported = cards.and_(page.page.locator(".mode-reported")).first
    style = """(el) => { const s = getComputedStyle(el); const b = getComputedStyle(el.querySelector('.mode-badge'));
        const m = getComputedStyle(el.querySelector('mark.hl-trigger'));
        return {bg: s.backgroundImage, border: s.borderTopStyle, badge: b.backgroundColor, badgeText: el.querySelector('.mode-badge').textContent,
                trigger: m.textDecorationLine, font: getComputedStyle(el.querySelector('.sentence')).fontStyle}; }"""
    d, a, r = denied.evaluate(style), asserted.evaluate(style), reported.evaluate(style)
    assert d["badgeText"].lower().endswith("denied") and d["badge"] != a["badge"]
    assert "line-through" in d["trigger"] and "line-through" not in a["trigger"]
    assert d["bg"] != "none" and a["bg"] == "none"
    assert a["border"] == "solid" and r["border"] in ("dashed", "dotted")
    page.shot("dyad-page", full_page=True)


def test_browser_script_injection_shows_as_text_and_never_runs(page: Page, site: Any) -> None:
    _, info = site
    article = info["injection_article"]
    page.goto(f"/articles/{article}")
    text = page.page.inner_text("#article-text")
    assert INJECTION_SCRIPT in text and INJECTION_IMG in text
    assert INJECTION_SCRIPT in page.page.inner_text("h1")
    assert page.page.locator("#article-text img, #article-text script, h1 script, h1 b").count() == 0
    assert INJECTION_SCRIPT in page.page.inner_text(".quote-card .quote-text")
    page.shot("injection-article")
    for path in ("/search?q=talks", "/articles?q=talks", "/quotes", "/events?actor=IRN", f"/articles/{article}.json"):
        page.goto(path)
        assert page.page.evaluate("() => typeof window.__pwned") == "undefined", path
    # the script-built panels (textContent only) on the network page
    page.goto("/")
    wait_network(page)
    click_edge(page, "ISR", "IRN")
    page.page.wait_for_selector("#panel-dyad[data-ready]")
    panel = page.page.inner_text("#dyad-events")
    assert "rejected the proposal" in panel
    assert "James Bond stories" in page.page.inner_text("#dyad-quotes")  # the denial: claim -> denial
    page.shot("dyad-panel-quotes")
    assert page.page.evaluate("() => typeof window.__pwned") == "undefined"
    page.goto(f"/articles/{article}")
    assert page.page.evaluate("() => typeof window.__pwned") == "undefined"
    assert page.page.locator("script:not([src]):not([type='application/json'])").count() == 0


def test_browser_dyad_page_and_panel_show_the_mode_weights(page: Page) -> None:
    """The "why" of a dyad shows the weight of each mode, how compound modes count, what was excluded,
    and beside each piece of evidence its mode and the weight it got (issue 15, part 4)."""
    page.goto("/dyads/IRN/ISR")
    page.page.wait_for_function("() => document.getElementById('dyad-chart').dataset.points")
    box = page.page.locator("#mode-weights")
    assert box.is_visible()
    legend = box.inner_text().replace("\u00a0", " ")
    for item in ("asserted 1", "reported 0.7", "alleged 0.5", "planned 0.25", "denied 0", "hypothetical 0"):
        assert item in legend.lower(), (item, legend)  # the badges are upper-cased by the style sheet
    assert "multiply" in legend and "own period" in legend and "weight 0" in legend
    weights = page.page.locator(".why-summary ~ article.evidence .weight").all_inner_texts()
    assert weights and all(w.startswith(("weight: ", "not counted: ")) for w in weights), weights
    assert any("×" in w for w in weights), weights
    assert "not counted: denied 0" in " ".join(page.page.locator("article.evidence .weight").all_inner_texts())
    page.shot("dyad-mode-weights")
    # the panel the network page builds with textContent shows the same legend
    page.goto("/")
    wait_network(page)
    click_edge(page, "ISR", "IRN")
    page.page.wait_for_selector("#panel-dyad[data-ready]")
    panel = page.page.locator("#dyad-why .mode-weights")
    assert panel.count() == 1 and "reported" in panel.inner_text().lower() and "0.7" in panel.inner_text()
    assert any(w.startswith(("weight: ", "not counted: "))
               for w in page.page.locator("#dyad-why article.evidence .weight").all_inner_texts())
    assert page.page.evaluate("() => typeof window.__pwned") == "undefined"
