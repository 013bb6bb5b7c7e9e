"""`entente watch`: add, list, test, deliver, feed and remove through the command line."""
from __future__ import annotations

import json
from pathlib import Path

import click
import feedparser
from click.testing import CliRunner

from entente.cli.watch import register
from entente.store import Store

from .conftest import STORY, Hook, Mailbox, article, event, ingest

ADDRESS = "analyst.private@example.org"
SECRET = "cli-secret-value"


def _cli() -> click.Group:
    @click.group()
    def root() -> None:
        pass

    register(root)
    return root


def test_cli_watch_lifecycle(tmp_path: Path, webhook_server: Hook, smtp_server: Mailbox) -> None:
    db = str(tmp_path / "w.duckdb")
    runner = CliRunner()
    cli = _cli()
    added = runner.invoke(cli, ["watch", "add", "--dyad", "ISR-AZE", "--feed", "--webhook", webhook_server.url(),
                                "--secret", SECRET, "--email", ADDRESS, "--json", "--db", db])
    assert added.exit_code == 0, added.output
    watch = json.loads(added.output)
    assert watch["name"] == "ISR–AZE" and watch["dyad"] == ["ISR", "AZE"]
    for private in (ADDRESS, SECRET, "T0K3N"):
        assert private not in added.output

    with Store(db) as store:
        ingest(store, [(article(STORY), [event("e1", "COOPERATE", ["ISR"], ["AZE"], intensity=6.0)])])

    listed = runner.invoke(cli, ["watch", "list", "--db", db])
    assert listed.exit_code == 0 and watch["id"] in listed.output and "(1 alerts)" in listed.output
    assert "a***@example.org" in listed.output and ADDRESS not in listed.output and "T0K3N" not in listed.output

    tested = runner.invoke(cli, ["watch", "test", watch["id"], "--db", db])
    assert tested.exit_code == 0 and "Israel → Azerbaijan: COOPERATE" in tested.output

    config = tmp_path / "entente.toml"
    config.write_text(f'[smtp]\nhost = "127.0.0.1"\nport = {smtp_server.port}\nfrom = "alerts@entente.test"\n'
                      '[alerts]\nallow_private_webhooks = true\n', encoding="utf-8")
    delivered = runner.invoke(cli, ["watch", "deliver", "--config", str(config), "--json", "--db", db])
    assert delivered.exit_code == 0, delivered.output
    assert json.loads(delivered.output)["sent"] == {"webhook": 1, "email": 1}
    assert len(webhook_server.received) == 1 and smtp_server.recipients() == [ADDRESS]

    feed = runner.invoke(cli, ["watch", "feed", watch["id"], "--db", db])
    assert feed.exit_code == 0 and len(feedparser.parse(feed.output).entries) == 1

    removed = runner.invoke(cli, ["watch", "remove", watch["id"], "--db", db])
    assert removed.exit_code == 0
    assert runner.invoke(cli, ["watch", "remove", watch["id"], "--db", db]).exit_code == 1
    assert "no watches" in runner.invoke(cli, ["watch", "list", "--db", db]).output


def test_cli_watch_add_refuses_bad_input(tmp_path: Path) -> None:
    db = str(tmp_path / "w.duckdb")
    runner = CliRunner()
    cli = _cli()
    assert runner.invoke(cli, ["watch", "add", "--db", db]).exit_code == 2  # no criterion
    assert runner.invoke(cli, ["watch", "add", "--dyad", "ISR", "--db", db]).exit_code == 2
    assert runner.invoke(cli, ["watch", "add", "--actor", "IRN", "--digest", "--db", db]).exit_code == 2
    bad = runner.invoke(cli, ["watch", "add", "--actor", "IRN", "--email", "nope", "--db", db])
    assert bad.exit_code == 2 and "e-mail address is not valid" in bad.output


def test_cli_watch_add_shift_and_secret_prompt(tmp_path: Path) -> None:
    db = str(tmp_path / "w.duckdb")
    runner = CliRunner()
    result = runner.invoke(_cli(), ["watch", "add", "--dyad", "ISR-AZE", "--shift", "0.4", "--window", "year",
                                    "--webhook", "https://hooks.example.org/x", "--secret", "-", "--db", db],
                           input=f"{SECRET}\n{SECRET}\n")
    assert result.exit_code == 0, result.output
    assert "shift >= 0.4 per year" in result.output and "(signed)" in result.output
    with Store(db) as store:
        assert store.con.execute("SELECT webhook_secret FROM watches").fetchone() == (SECRET,)


def test_cli_watch_deliver_reports_failures_with_exit_code_3(tmp_path: Path) -> None:
    db = str(tmp_path / "w.duckdb")
    runner = CliRunner()
    cli = _cli()
    runner.invoke(cli, ["watch", "add", "--actor", "ISR", "--email", ADDRESS, "--db", db])
    with Store(db) as store:
        ingest(store, [(article(STORY), [event("e1", "COOPERATE", ["ISR"], ["AZE"])])])
    result = runner.invoke(cli, ["watch", "deliver", "--db", db], env={"ENTENTE_CONFIG": ""})
    assert result.exit_code == 3 and "still pending 1" in result.output
    assert ADDRESS not in result.output
