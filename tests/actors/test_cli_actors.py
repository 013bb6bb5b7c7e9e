"""`entente actor` and `entente actors list|show`, run through click."""

from __future__ import annotations

import json

import click
from click.testing import CliRunner

from entente.cli.actors import register


def _cli() -> click.Group:
    @click.group()
    def root() -> None:
        pass

    register(root)
    return root


def test_cli_actor_json():
    res = CliRunner().invoke(
        _cli(), ["actor", "Israel's ambassador to Azerbaijan", "--date", "2013-09-17", "--json"]
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    a = data["actors"][0]
    assert (a["code"], a["country"], a["sector"], a["role"]) == ("ISR", "ISR", "DIP", "posted_to:AZE")
    assert {"code", "name", "kind", "country", "sector", "confidence"} <= set(a)


def test_cli_actor_context_and_table():
    res = CliRunner().invoke(_cli(), ["actor", "Defense Minister", "--context", "German"])
    assert res.exit_code == 0 and "DEU" in res.output and "GOV" in res.output


def test_cli_actors_list_and_show():
    runner = CliRunner()
    res = runner.invoke(_cli(), ["actors", "list", "--kind", "igo", "--search", "atlantic", "--json"])
    assert res.exit_code == 0
    assert "NATO" in {a["code"] for a in json.loads(res.output)["actors"]}
    res = runner.invoke(_cli(), ["actors", "show", "AZE.ILHAM_ALIYEV", "--date", "2013-09-17", "--json"])
    assert res.exit_code == 0
    data = json.loads(res.output)
    assert data["on_date"]["role"]["sector"] == "GOV" and data["country"] == "AZE"
    res = runner.invoke(_cli(), ["actors", "show", "AZE"])
    assert res.exit_code == 0 and "Azeri" in res.output and "Baku" in res.output
    res = runner.invoke(_cli(), ["actors", "show", "NO.SUCH"])
    assert res.exit_code != 0 and "no actor" in res.output


def test_cli_actor_with_user_kb(tmp_path):
    path = tmp_path / "mine.jsonl"
    path.write_text(
        json.dumps(
            {
                "code": "XX.ACME",
                "name": "Acme Militia",
                "kind": "group",
                "country": "AZE",
                "sector": "PRM",
                "aliases": ["Acme Militia"],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    res = CliRunner().invoke(_cli(), ["actor", "Acme Militia", "--kb", str(path), "--json"])
    assert res.exit_code == 0
    assert json.loads(res.output)["actors"][0]["code"] == "XX.ACME"
