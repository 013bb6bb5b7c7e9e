"""`entente quotes` over a store, and `entente eval quotes` over a PolNeAR-shaped folder."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from entente.cli.quotes import eval_quotes_cmd, quotes_cmd
from entente.records import Article
from entente.store import Store

TEXT = ("“These reports sound like James Bond stories,” said Raphael Harpaz, Israel’s ambassador. "
        "American diplomats believe Azerbaijan considers Iran a threat.")


def _quote(qid: str, content: str, speaker: str, cue: str, actor: str | None, country: str | None,
           direct: bool) -> dict[str, Any]:
    c, s, k = TEXT.index(content), TEXT.index(speaker), TEXT.index(cue)
    return {"id": qid, "content": {"start": c, "end": c + len(content), "text": content},
            "cue": {"start": k, "end": k + len(cue), "text": cue},
            "speaker": {"start": s, "end": s + len(speaker), "text": speaker, "actor": actor, "country": country,
                        "sector": "DIP", "kind": "person"},
            "direct": direct, "outlet": None, "extractor": "entente.quotes/test"}


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    path = tmp_path / "q.duckdb"
    article = Article(text=TEXT, title="Ties", published="2013-09-17")
    extraction = {"quotes": [
        _quote("q1", "These reports sound like James Bond stories", "Raphael Harpaz, Israel’s ambassador", "said",
               "ISR.RAPHAEL_HARPAZ", "ISR", True),
        _quote("q2", "Azerbaijan considers Iran a threat", "American diplomats", "believe", "USA", "USA", False)],
        "claims": [{"quote_id": "q1", "event_id": "e1", "relation": "denies"}]}
    with Store(path) as store:
        store.add_batch([article], [], {article.id: extraction})
    return path


def test_cli_quotes_filters_by_speaker_and_actor(store_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(quotes_cmd, ["--db", str(store_path), "--speaker", "HARPAZ", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["count"] == 1
    [quote] = data["quotes"]
    assert quote["content"] == "These reports sound like James Bond stories" and quote["cue"] == "said"
    assert quote["claims"] == [{"event_id": "e1", "relation": "denies"}]
    by_actor = json.loads(runner.invoke(quotes_cmd, ["--db", str(store_path), "--actor", "usa", "--json"]).output)
    assert [q["speaker_text"] for q in by_actor["quotes"]] == ["American diplomats"]


def test_cli_quotes_prints_a_listing(store_path: Path) -> None:
    result = CliRunner().invoke(quotes_cmd, ["--db", str(store_path)])
    assert result.exit_code == 0, result.output
    assert "Raphael Harpaz, Israel’s ambassador [ISR/DIP] said" in result.output
    assert "“These reports sound like James Bond stories”" in result.output
    assert "denies event e1" in result.output
    none = CliRunner().invoke(quotes_cmd, ["--db", str(store_path), "--speaker", "nobody"])
    assert none.output.strip() == "no quotes found"


def test_cli_quotes_without_a_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(quotes_cmd, ["--db", str(tmp_path / "missing.duckdb")])
    assert result.exit_code != 0


@pytest.mark.model
def test_cli_eval_quotes_prints_json(tmp_path: Path) -> None:
    split = tmp_path / "data" / "dev"
    (split / "text").mkdir(parents=True)
    (split / "attributions").mkdir()
    text = "“We won,” said Ann Lee."
    (split / "text" / "a.txt").write_text(text, encoding="utf-8")
    (split / "attributions" / "a_ab12.ann").write_text(
        "T1\tContent 0 9\t“We won,”\nT2\tCue 10 14\tsaid\nT3\tSource 15 22\tAnn Lee\n"
        "E1\tAttribution:T2 Content:T1 Cue:T2 Source:T3\n", encoding="utf-8")
    result = CliRunner().invoke(eval_quotes_cmd, [str(tmp_path), "--split", "dev", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert (report["gold"], report["matched"], report["f1"]) == (1, 1, 1.0)
    assert report["speaker"]["accuracy"] == 1.0
    missing = CliRunner().invoke(eval_quotes_cmd, [str(tmp_path), "--split", "train"])
    assert missing.exit_code == 2
