"""The web page: Jinja2 templates and static assets served by the API's app, no CDN.

`mount(app)` adds the pages and `/static/`. Every page has a JSON twin with the same data:
`?format=json` or the address with `.json` appended. Article text and quotes are untrusted:
templates autoescape everything, the scripts build the DOM with `textContent` only, and the
data a page's script needs travels in a `<script type="application/json">` block written by
Jinja's `tojson` (which escapes `<`, `>` and `&`), under a Content-Security-Policy that runs no
inline script. The JavaScript libraries (Cytoscape.js for the network, Chart.js for the charts)
are installed from the npm registry by `scripts/build_web_assets.sh` into `static/vendor/`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from .pages import router, templates

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
VENDOR_FILES = ("cytoscape.min.js", "chart.umd.min.js")


def vendor_missing() -> list[str]:
    """Vendor files not installed yet (run `scripts/build_web_assets.sh`)."""
    return [name for name in VENDOR_FILES if not (STATIC / "vendor" / name).is_file()]


def mount(app: FastAPI) -> Any:
    """Add the pages and the static files to `app`; return the HTML error renderer."""
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    def render_error(request: Request, status: int, body: dict[str, Any]) -> Response:
        response: Response = templates.TemplateResponse(
            request, "error.html", {"status": status, "error": body["error"]}, status_code=status)
        return response

    return render_error


__all__ = ["HTMLResponse", "mount", "vendor_missing"]
