"""The bad-input corpus (tests/data/bad_inputs) through the real `entente ingest`.

Each case is ingested between two good articles, and the test checks what a user sees: the exit
code, the reason recorded in the store's `rejects` table, the articles the case itself stores, and
that both good neighbours are stored whatever the case in between did. The table below is the
single statement of the expected outcomes; tests/data/bad_inputs/README.md says the same in words.

Reading is what these cases are about, so they run with --no-extract (no spaCy); the article over
spaCy's 1,000,000-character limit is about extraction and runs once with it.
"""
from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner, Result

from entente.cli import EXIT_REJECTED, cli

CORPUS = Path(__file__).resolve().parents[1] / "data" / "bad_inputs"
GOOD = (CORPUS / "good_1.txt", CORPUS / "good_2.txt")
#: Named in the table but deliberately absent from the folder.
MISSING = "missing.txt"
#: The cap the two size cases are measured against (their lines are 999 and 1001 characters).
CAP = 1000


@dataclass(frozen=True)
class Case:
    """One file of the corpus and what ingesting it must do."""

    file: str
    rejects: tuple[str, ...] = ()  # reasons recorded in `rejects`, sorted; empty when all is stored
    stored: int = 1  # articles this input itself stores
    args: tuple[str, ...] = ()  # extra options for the run
    detail: str = ""  # words the reject's detail must hold, so the user learns what is wrong
    body: str = ""  # words a stored body must hold, to show the bytes were decoded right

    @property
    def exit_code(self) -> int:
        return EXIT_REJECTED if self.rejects else 0

    @property
    def path(self) -> Path:
        return CORPUS / self.file


CASES = (
    Case("empty.txt", rejects=("empty",), stored=0, detail="empty"),
    Case("binary.bin", rejects=("binary",), stored=0),
    Case("utf16_bom.txt", body="led by a former judge from Zürich"),
    Case("utf16le_nobom.txt", body="led by a former judge from Zürich"),
    Case("utf16be_nobom.txt", body="led by a former judge from Zürich"),
    Case("latin1.txt", body="met in São Paulo on Wednesday"),
    Case("nul_in_middle.txt", rejects=("binary",), stored=0),
    Case("truncated.jsonl.gz", rejects=("malformed",), stored=2, detail="ends early"),
    Case("broken.jsonl", rejects=("malformed",), stored=2, detail="Unterminated string starting at column 42"),
    Case("broken.csv", rejects=("malformed",), stored=2, detail="never closed"),
    Case("record_under_cap.jsonl", args=("--max-bytes", str(CAP))),
    Case("record_over_cap.jsonl", rejects=("too_large",), stored=0, args=("--max-bytes", str(CAP))),
    Case("deep_nesting.html", body="Rescue teams reached the last of the villages"),
    Case("xml_bomb.rss", rejects=("malformed",), stored=0, detail="ENTITY"),
    Case(MISSING, rejects=("not_found",), stored=0),
    Case("non_english.txt", rejects=("language",), stored=0, detail="'fr'"),
)


def _ingest_options(db: Path, extra: Sequence[str] = ()) -> list[str]:
    return ["--db", str(db), "--no-extract", "--no-progress", "--workers", "1", "--json", *extra]


def _rejects(db: Path) -> list[tuple[str, str, str]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT origin, reason, detail FROM rejects ORDER BY reason, origin").fetchall()


def _articles(db: Path) -> list[tuple[str, str]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT origin, text FROM articles ORDER BY origin").fetchall()


def _from(case: Case, rows: Sequence[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The rows whose origin is the case's file (a record's origin is `file:line`)."""
    return [row for row in rows if row[0] == str(case.path) or row[0].startswith(f"{case.path}:")]


def test_bad_inputs_table_covers_every_file_of_the_corpus_and_its_readme() -> None:
    files = {p.name for p in CORPUS.iterdir()} - {"README.md"} - {p.name for p in GOOD}
    assert files == {case.file for case in CASES} - {MISSING}
    assert not (CORPUS / MISSING).exists()
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    for name in {case.file for case in CASES} | {p.name for p in GOOD}:
        assert f"`{name}`" in readme, f"{name} is not described in the corpus README"


def test_bad_inputs_size_cases_sit_one_character_either_side_of_the_cap() -> None:
    under = (CORPUS / "record_under_cap.jsonl").read_text(encoding="utf-8")
    over = (CORPUS / "record_over_cap.jsonl").read_text(encoding="utf-8")
    assert (len(under), len(over)) == (CAP - 1, CAP + 1)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.file)
def test_bad_input_beside_good_neighbours(case: Case, tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    result = _invoke(["ingest", str(GOOD[0]), str(case.path), str(GOOD[1]), *_ingest_options(db, case.args)])

    assert result.exit_code == case.exit_code, result.output
    rejects = _from(case, _rejects(db))
    assert tuple(sorted(reason for _origin, reason, _detail in rejects)) == case.rejects
    assert all(case.detail in detail and " at at " not in detail for _origin, _reason, detail in rejects), rejects
    assert len(rejects) == len(_rejects(db)), "a good neighbour was rejected"

    articles = _articles(db)
    assert {origin for origin, _text in articles} >= {str(path) for path in GOOD}, "a good neighbour was lost"
    stored = _from(case, articles)
    assert len(stored) == case.stored and len(articles) == len(GOOD) + case.stored
    assert all(case.body in text for _origin, text in stored)


def _invoke(args: list[str]) -> Result:
    return CliRunner().invoke(cli, args)


@pytest.mark.slow
def test_bad_inputs_all_in_one_run_of_the_command_keep_the_good_and_print_no_traceback(tmp_path: Path) -> None:
    """The installed command over the whole corpus at once: one bad input never costs another."""
    db = tmp_path / "store.duckdb"
    cases = [case for case in CASES if not case.args]
    inputs = [str(GOOD[0]), *(str(case.path) for case in cases), str(GOOD[1])]
    done = subprocess.run([sys.executable, "-m", "entente", "ingest", *inputs, *_ingest_options(db)],
                          capture_output=True, text=True, timeout=300, check=False)

    assert done.returncode == EXIT_REJECTED, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    expected = sorted(reason for case in cases for reason in case.rejects)
    assert sorted(reason for _origin, reason, _detail in _rejects(db)) == expected
    assert json.loads(done.stdout)["stored"] == len(GOOD) + sum(case.stored for case in cases)
    assert {origin for origin, _text in _articles(db)} >= {str(path) for path in GOOD}


def _long_article_paragraphs(characters: int) -> Iterator[str]:
    """Plain paragraphs of reporting, numbered so that no two are alike, up to `characters`."""
    written, number = 0, 0
    while written < characters:
        number += 1
        paragraph = (f"In the {number}th session of the inquiry, the committee heard from engineers who "
                     "inspected the bridge before it closed. They said the steel had corroded faster than "
                     "the designers expected, and that repairs planned for the spring had been postponed "
                     "twice for lack of money.")
        written += len(paragraph) + 2
        yield paragraph


@pytest.mark.slow
@pytest.mark.model
def test_bad_inputs_article_over_a_million_characters_is_stored_with_its_neighbours(tmp_path: Path) -> None:
    """Generated rather than committed (1.2 MB): spaCy refuses a text over nlp.max_length at once."""
    long_text = "\n\n".join(_long_article_paragraphs(1_200_000))
    assert len(long_text) > 1_000_000
    records = [{"id": "good-1", "title": "Talks on river water resume", "text": GOOD[0].read_text(encoding="utf-8")},
               {"id": "long", "title": "Bridge inquiry: the full transcript", "text": long_text},
               {"id": "good-2", "title": "Port workers end strike", "text": GOOD[1].read_text(encoding="utf-8")}]
    path = tmp_path / "good_long_good.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    db = tmp_path / "store.duckdb"
    done = subprocess.run([sys.executable, "-m", "entente", "ingest", str(path), "--db", str(db), "--no-progress",
                           "--workers", "1", "--json"], capture_output=True, text=True, timeout=600, check=False)

    assert done.returncode == 0, done.stderr[-3000:]
    assert len(_articles(db)) == 3 and _rejects(db) == []
