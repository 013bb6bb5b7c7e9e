"""`entente watch`: exit codes of `deliver --json` (defect 4) and non-public webhooks at `add` (defect 10)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from entente.cli import EXIT_REJECTED, cli
from entente.store import Store

from ..watch.conftest import STORY, article, event, ingest

ADDRESS = "analyst.private@example.org"


def _watch_with_a_failing_delivery(db: str) -> None:
    """A watch that e-mails, one alert for it, and no SMTP server configured: its delivery fails."""
    added = CliRunner().invoke(cli, ["watch", "add", "--actor", "ISR", "--email", ADDRESS, "--db", db])
    assert added.exit_code == 0, added.output
    with Store(db) as store:
        ingest(store, [(article(STORY), [event("e1", "COOPERATE", ["ISR"], ["AZE"])])])


def test_deliver_json_exits_3_when_deliveries_fail(tmp_path: Path) -> None:
    db = str(tmp_path / "w.duckdb")
    _watch_with_a_failing_delivery(db)
    env = {"ENTENTE_CONFIG": "", "ENTENTE_SMTP_HOST": ""}
    result = CliRunner().invoke(cli, ["watch", "deliver", "--json", "--db", db], env=env)
    assert result.exit_code == EXIT_REJECTED, result.output
    summary = json.loads(result.stdout)  # the JSON is still printed, whole
    assert sum(summary["failed"].values()) + sum(summary["gave_up"].values()) >= 1
    assert ADDRESS not in result.output


@pytest.mark.parametrize(("url", "kind"), [
    ("http://127.0.0.1:9/hooks/T0K3N", "loopback"),
    ("http://10.0.0.5/hooks/T0K3N", "private"),
    ("http://localhost:8080/hooks/T0K3N", "loopback"),
    ("http://[::1]/hooks/T0K3N", "loopback"),
    ("http://192.168.1.20/hooks/T0K3N", "private"),
])
def test_watch_add_warns_that_a_non_public_webhook_will_be_refused(tmp_path: Path, url: str, kind: str,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ENTENTE_CONFIG", raising=False)
    monkeypatch.delenv("ENTENTE_WEBHOOK_ALLOW_PRIVATE", raising=False)
    db = str(tmp_path / "w.duckdb")
    result = CliRunner().invoke(cli, ["watch", "add", "--dyad", "ISR-AZE", "--webhook", url, "--db", db])
    assert result.exit_code == 0, result.output  # added: delivery may be allowed where alerts are delivered
    assert f"a {kind} address" in result.stderr and "will be refused" in result.stderr
    assert "allow_private_webhooks" in result.stderr
    assert "T0K3N" not in result.output  # the warning names the host, never the URL's secret path
    as_json = CliRunner().invoke(cli, ["watch", "add", "--dyad", "ISR-AZE", "--webhook", url, "--json", "--db", db])
    assert as_json.exit_code == 0
    (warning,) = json.loads(as_json.stdout)["warnings"]
    assert f"a {kind} address" in warning


def test_watch_add_is_quiet_for_a_public_webhook_or_when_private_ones_are_allowed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ENTENTE_CONFIG", raising=False)
    monkeypatch.delenv("ENTENTE_WEBHOOK_ALLOW_PRIVATE", raising=False)
    db = str(tmp_path / "w.duckdb")
    public = CliRunner().invoke(cli, ["watch", "add", "--dyad", "ISR-AZE", "--webhook", "https://93.184.215.14/hook",
                                      "--json", "--db", db])
    assert public.exit_code == 0 and public.stderr == ""
    assert "warnings" not in json.loads(public.stdout)
    config = tmp_path / "entente.toml"
    config.write_text("[alerts]\nallow_private_webhooks = true\n", encoding="utf-8")
    monkeypatch.setenv("ENTENTE_CONFIG", str(config))
    allowed = CliRunner().invoke(cli, ["watch", "add", "--dyad", "ISR-AZE", "--webhook", "http://127.0.0.1:9/h",
                                       "--db", db])
    assert allowed.exit_code == 0 and "warning" not in allowed.output
