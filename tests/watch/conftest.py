"""Real parts for the watch tests: an SMTP server (aiosmtpd) and a webhook receiver on 127.0.0.1,
a delivery configuration pointing at them, and helpers that store articles with their events
through the real `Store.add_batch(..., with_fresh=detect_alerts)` path."""
from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from entente.records import Article
from entente.store import Store
from entente.watch import detect_alerts
from entente.watch.config import AlertConfig, SmtpConfig

SENDER = "alerts@entente.test"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- SMTP --------------------------------------------------------------------------------------
@dataclass
class Mailbox:
    host: str
    port: int
    envelopes: list[Any] = field(default_factory=list)

    @property
    def messages(self) -> list[Message]:
        return [message_from_bytes(e.content, policy=policy.default) for e in self.envelopes]

    def recipients(self) -> list[str]:
        return [r for e in self.envelopes for r in e.rcpt_tos]


class _Collect:
    def __init__(self, box: Mailbox, refuse: bool) -> None:
        self.box = box
        self.refuse = refuse

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: Any) -> str:
        if self.refuse:  # a server that echoes the address in its refusal, as many do
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.box.envelopes.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_factory() -> Iterator[Any]:
    """Start local SMTP servers: `make(refuse=..., login=(user, password))`."""
    controller_mod = pytest.importorskip("aiosmtpd.controller")
    smtp_mod = pytest.importorskip("aiosmtpd.smtp")
    started = []

    def make(*, refuse: bool = False, login: tuple[str, str] | None = None) -> Mailbox:
        box = Mailbox("127.0.0.1", free_port())
        kwargs: dict[str, Any] = {}
        if login is not None:
            def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
                ok = (isinstance(data, smtp_mod.LoginPassword)
                      and (data.login.decode(), data.password.decode()) == login)
                return smtp_mod.AuthResult(success=ok, handled=False)
            kwargs = {"authenticator": authenticator, "auth_require_tls": False, "auth_required": True}
        controller = controller_mod.Controller(_Collect(box, refuse), hostname=box.host, port=box.port, **kwargs)
        controller.start()
        started.append(controller)
        return box

    try:
        yield make
    finally:
        for controller in started:
            controller.stop()


@pytest.fixture
def smtp_server(smtp_factory: Any) -> Mailbox:
    return smtp_factory()  # type: ignore[no-any-return]


# -- webhooks ----------------------------------------------------------------------------------
@dataclass
class Hook:
    """A local HTTP server recording every POST; the first `fail` requests answer 500."""

    port: int = 0
    fail: int = 0
    requests: list[dict[str, Any]] = field(default_factory=list)
    received: list[dict[str, Any]] = field(default_factory=list)  # the successful ones
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str = "/hooks/T0K3N-in-path") -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def _handler(hook: Hook) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            with hook.lock:
                record = {"path": self.path, "headers": dict(self.headers), "body": body}
                hook.requests.append(record)
                failing = len(hook.requests) <= hook.fail
                if not failing:
                    hook.received.append(record)
            self.send_response(500 if failing else 204)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:  # keep the test output quiet
            pass

    return Handler


@pytest.fixture
def webhook_server() -> Iterator[Hook]:
    hook = Hook()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(hook))
    hook.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield hook
    finally:
        server.shutdown()
        server.server_close()


# -- configuration and data --------------------------------------------------------------------
@pytest.fixture
def alert_config(smtp_server: Mailbox) -> AlertConfig:
    return AlertConfig(smtp=SmtpConfig(host=smtp_server.host, port=smtp_server.port, sender=SENDER, timeout=5),
                       base_url="http://entente.test", webhook_timeout=5, backoff_base=30, backoff_max=3600,
                       max_attempts=5, digest_interval=3600, allow_private_webhooks=True)


@pytest.fixture
def store() -> Iterator[Store]:
    with Store(":memory:") as s:
        yield s


def ref(code: str, country: str | None = None, text: str | None = None) -> dict[str, Any]:
    return {"actor": code, "country": country or code[:3], "text": text or code}


def event(eid: str, etype: str, source: list[str], target: list[str], *, mode: str = "asserted",
          intensity: float = -2.0, date: str | None = None, precision: str | None = None,
          dimensions: list[str] | None = None, span: tuple[int, int] = (0, 10), quad: int = 3) -> dict[str, Any]:
    return {"id": eid, "type": etype, "cameo": "111", "quad": quad, "intensity": intensity, "mode": mode,
            "date": date, "date_precision": precision, "dimensions": dimensions or [],
            "source": [ref(c) for c in source], "target": [ref(c) for c in target],
            "evidence": {"start": span[0], "end": span[1]}, "confidence": 0.8, "extractor": "test/1"}


def article(text: str, **extra: Any) -> Article:
    extra.setdefault("title", "A test story")
    extra.setdefault("published", "2013-09-17")
    return Article(text=text, **extra)


def ingest(store: Store, items: list[tuple[Article, list[dict[str, Any]]]]) -> Any:
    """Store articles with their events through the real batch path, detecting alerts in it."""
    extractions = {a.id: {"events": events} for a, events in items}
    return store.add_batch([a for a, _ in items], extractions=extractions, with_fresh=detect_alerts)


def json_body(record: dict[str, Any]) -> Any:
    return json.loads(record["body"])


STORY = ("Iran accused Azerbaijan of helping Israel assassinate Iranian nuclear scientists and gather intelligence. "
         "Israeli and Azerbaijani officials denied the report on Tuesday, saying the two countries only trade "
         "oil, arms and technology and that the reports sound like spy novels of the cold war era.")


# -- a dyad that turns cold: three events a month (enough for the shift test) --------------------------
def month(day: str, text: str) -> Article:
    return article(text, published=day, published_precision="day", source=f"outlet-{day}")


WARM = ("Israel and Azerbaijan agreed on a new energy and defence partnership in Baku this week, their ministers said "
        "after two days of talks about oil deliveries, drones, and the training of Azerbaijani officers abroad.")
COLD = ("Azerbaijan expelled Israeli diplomats and accused Israel of spying on its oil fields, in a sharp break "
        "that officials in Baku said followed months of quarrels over arms prices and unpaid drone contracts.")
COLDER = ("Israel recalled its ambassador from Baku and threatened Azerbaijan with sanctions over the expulsions, "
          "a spokesman said, while ministers on both sides traded accusations in parliament and on television.")
UNRELATED = ("Iran and Turkey discussed gas prices in Ankara, where ministers met on Monday to talk about "
             "pipelines, tariffs and the winter supply of households in the eastern provinces of Turkey.")


def warm(prefix: str) -> list[dict[str, Any]]:
    return [event(f"{prefix}1", "COOPERATE", ["ISR"], ["AZE"], intensity=7.0, quad=2),
            event(f"{prefix}2", "AID", ["AZE"], ["ISR"], intensity=7.4, quad=2),
            event(f"{prefix}3", "CONSULT", ["ISR"], ["AZE"], intensity=6.0, quad=1)]


def cold(prefix: str) -> list[dict[str, Any]]:
    return [event(f"{prefix}1", "COERCE", ["AZE"], ["ISR"], intensity=-7.0, quad=4),
            event(f"{prefix}2", "ACCUSE", ["AZE"], ["ISR"], intensity=-6.0),
            event(f"{prefix}3", "THREATEN", ["ISR"], ["AZE"], intensity=-7.0)]
