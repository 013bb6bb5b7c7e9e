"""`entente serve`: the web page and the REST API over one store, which it owns while it runs."""
from __future__ import annotations

import secrets
import sys
from typing import Any

import click

from .options import db_option


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--token", envvar="ENTENTE_TOKEN", default=None, show_envvar=True,
              help="Bearer token that ingestion through the API requires; one is generated and printed if not given.")
@click.option("--allow-private", is_flag=True,
              help="Let POST /api/ingest/url fetch private and loopback addresses (tests, intranets).")
@click.option("--log-level", type=click.Choice(["critical", "error", "warning", "info", "debug"]), default="info",
              show_default=True, help="uvicorn's log level.")
def serve_cmd(db: str, host: str, port: int, token: str | None, allow_private: bool, log_level: str) -> None:
    """Serve the web page and the REST API for the store at http://HOST:PORT.

    The server owns the store while it runs: reads never wait for writes, and articles sent to
    POST /api/ingest/* are written by one writer. `entente ingest --db` on the same store, in
    another terminal, finds the server through the file <db>.serve.json (mode 0600, holding the
    URL and the token) and sends its articles to it. Reads are open; writes need the token.
    """
    import uvicorn

    from ..api import create_app
    from ..api.discovery import find_server
    from ..web import vendor_missing

    running = find_server(db)
    if running is not None:
        raise click.ClickException(f"{db} is already served at {running.url} (pid {running.pid})")
    generated = not token
    token = token or secrets.token_urlsafe(24)
    missing = vendor_missing()
    if missing:
        click.echo(f"warning: {', '.join(missing)} missing from entente/web/static/vendor/; the page needs them: "
                   "run scripts/build_web_assets.sh (make web-assets)", err=True)
    from ..errors import EntenteError
    from .access import busy_message, is_lock_error
    from .served import cli_router
    try:
        app = create_app(db, token=token, allow_private=allow_private)
    except EntenteError as exc:  # e.g. the store is locked by an `entente ingest` in progress
        if is_lock_error(str(exc)):
            raise click.ClickException(busy_message(db, str(exc), writes=True)) from exc
        raise click.ClickException(str(exc)) from exc
    app.include_router(cli_router())  # the read commands of other terminals answer through this server
    config = uvicorn.Config(app, host=host, port=port, log_level=log_level, access_log=log_level in ("info", "debug"),
                            timeout_graceful_shutdown=10)
    server = _Server(config, db=db, token=token, announce_token=generated)
    try:
        server.run()
    finally:
        server.forget()
    if not (server.started or server.stopped):
        sys.exit(1)


class _Server:
    """uvicorn's server, which writes the discovery file once the socket is bound, and removes it after."""

    def __init__(self, config: Any, *, db: str, token: str, announce_token: bool) -> None:
        import uvicorn

        outer = self

        class Server(uvicorn.Server):
            async def startup(self, sockets: Any = None) -> None:
                await super().startup(sockets)
                if self.started:
                    outer._announce(self)

            async def shutdown(self, sockets: Any = None) -> None:
                # before uvicorn re-raises the signal that stopped it, which ends the process
                outer.forget()
                await super().shutdown(sockets)

        self.server = Server(config)
        self.config = config
        self.db = db
        self.token = token
        self.announce_token = announce_token
        self.started = False
        self.stopped = False

    def run(self) -> None:
        self.server.run()

    def _announce(self, server: Any) -> None:
        import os

        from .. import __version__
        from ..api.discovery import ServerInfo, write

        port = self.config.port
        for srv in getattr(server, "servers", []):
            for sock in getattr(srv, "sockets", []):
                port = sock.getsockname()[1]
                break
        host = self.config.host
        url_host = "127.0.0.1" if host in ("0.0.0.0", "", "::") else (f"[{host}]" if ":" in host else host)
        url = f"http://{url_host}:{port}"
        write(self.db, ServerInfo(url=url, pid=os.getpid(), db=os.path.abspath(self.db), token=self.token,
                                  version=__version__))
        self.started = True
        click.echo(f"entente: serving {self.db} at {url}  (Ctrl+C to stop)")
        if self.announce_token:
            click.echo(f"entente: write token (for POST /api/ingest/*): {self.token}")
        sys.stdout.flush()

    def forget(self) -> None:
        import os

        from ..api.discovery import remove
        if self.started:
            remove(self.db, pid=os.getpid())
            self.started = False
            self.stopped = True


def register(group: click.Group) -> None:
    group.add_command(serve_cmd)
