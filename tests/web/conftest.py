"""Browser tests: Playwright driving Debian's Chromium (launched by path, headless) against a real
server (`python -m entente.api`) on 127.0.0.1, over a store filled by `tests/api/storefill.py`."""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from entente.web import vendor_missing

from ..api.conftest import Server, make_store, running_server

CHROMIUM = os.environ.get("ENTENTE_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (test extras)")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install -y chromium (or set ENTENTE_CHROMIUM)")
    if vendor_missing():
        pytest.skip("the JavaScript libraries are missing: run scripts/build_web_assets.sh")
    return CHROMIUM


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory, chromium_path: str) -> Iterator[tuple[Server, dict[str, Any]]]:
    filled = make_store(tmp_path_factory.mktemp("web") / "web.duckdb")
    with running_server(filled.path) as server:
        yield server, filled.info


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=ARGS, headless=True)
        yield browser
        browser.close()


class Page:
    """A browser page that records script errors and saves screenshots under tests/web/screenshots/."""

    def __init__(self, page: Any, base: str) -> None:
        self.page = page
        self.base = base
        self.errors: list[str] = []
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        page.on("console", lambda msg: self.errors.append(f"console: {msg.text}") if msg.type == "error" else None)
        page.on("response", lambda r: self.errors.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)

    def goto(self, path: str) -> Any:
        response = self.page.goto(self.base + path)
        assert response is not None and response.ok, (path, response and response.status)
        return response

    def shot(self, name: str, full_page: bool = False) -> Path:
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path


@pytest.fixture
def page(browser: Any, site: tuple[Server, dict[str, Any]]) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    wrapped = Page(context.new_page(), site[0].url)
    yield wrapped
    context.close()
    assert wrapped.errors == [], wrapped.errors
