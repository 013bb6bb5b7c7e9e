"""The store: migrations, idempotent writes, near-duplicates, rejects, lossless round trips."""
from __future__ import annotations

import json
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from entente.errors import Reason
from entente.records import Article, Rejected
from entente.store import Store, canonical_url, migrations

from ..conftest import shared_file


def _wikinews(n: int) -> list[dict]:
    path = shared_file("data", "news", "wikinews", "wikinews_en.jsonl")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()[:n]]
    return rows


def _article(row: dict, **extra: object) -> Article:
    return Article(text=row["text"], title=row["title"], url=row["url"], published=row["date"],
                   published_precision="day", origin=row["url"], format="jsonl", **extra)  # type: ignore[arg-type]


def test_store_migrations_are_recorded_and_not_rerun(db_path: Path) -> None:
    with Store(db_path) as store:
        first = migrations.applied(store.con)
    assert first == [m.name for m in migrations.available()]
    assert "0001_articles" in first
    with Store(db_path) as store:
        assert migrations.pending(store.con) == []
        assert migrations.applied(store.con) == first


def test_store_same_article_twice_is_stored_once(memory_store: Store) -> None:
    rows = _wikinews(5)
    memory_store.add_batch([_article(r) for r in rows])
    again = memory_store.add_batch([_article(r) for r in rows])
    assert again.stored == [] and len(again.duplicates) == 5
    assert memory_store.count("articles") == 5


def test_store_same_body_from_another_form_is_a_duplicate(memory_store: Store) -> None:
    row = _wikinews(1)[0]
    memory_store.add_batch([_article(row)])
    # the same story as a page: curly quotes, other whitespace, another origin and no URL
    page_text = "  " + row["text"].replace('"', "\u201c").replace("\n\n", "\n") + "\n"
    result = memory_store.add_batch([Article(text=page_text, origin="page.html", format="html")])
    assert result.stored == [] and result.duplicates == [_article(row).id]
    assert memory_store.count("sightings") == 2


def test_store_same_url_is_a_duplicate(memory_store: Store) -> None:
    rows = _wikinews(2)
    memory_store.add_batch([_article(rows[0])])
    moved = Article(text=rows[1]["text"], url=rows[0]["url"] + "?utm_source=feed#top")
    result = memory_store.add_batch([moved])
    assert result.stored == [] and memory_store.count("articles") == 1


def test_store_near_duplicate_wire_story_is_grouped(memory_store: Store) -> None:
    row = max(_wikinews(40), key=lambda r: len(r["text"]))
    original = _article(row)
    edited_text = row["text"].replace(" said ", " stated ", 2) + "\n\nThis story was updated with a correction."
    edited = Article(text=edited_text, title=row["title"] + " (updated)", origin="other-outlet")
    unrelated = _article(_wikinews(41)[40])
    result = memory_store.add_batch([original, unrelated, edited])
    assert result.near_duplicates == {edited.id: original.id}
    assert len(result.stored) == 3
    stored = memory_store.article(edited.id)
    assert stored is not None and stored.near_duplicate_of == original.id
    # across batches too, read back from the bands table
    again = Article(text=edited_text + " One more sentence.", origin="third")
    assert memory_store.add_batch([again]).near_duplicates[again.id] in {original.id, edited.id}


def test_store_rejects_are_recorded_once_per_origin_and_reason(memory_store: Store) -> None:
    reject = Rejected("blob.bin", Reason.BINARY, "NUL bytes", "text", 10)
    memory_store.add_batch([], [reject])
    memory_store.add_batch([], [reject])
    rows = memory_store.rejects()
    assert len(rows) == 1 and rows[0]["times"] == 2 and rows[0]["reason"] == "binary"


def test_store_canonical_url_drops_tracking_and_fragment() -> None:
    assert canonical_url("http://www.Example.com/a/b/?utm_source=x&id=3#frag") == "https://example.com/a/b?id=3"
    assert canonical_url(None) is None


def test_store_read_only_open_sees_committed_rows(db_path: Path) -> None:
    with Store(db_path) as store:
        store.add_batch([_article(r) for r in _wikinews(3)])
    with Store(db_path, read_only=True) as reader:
        assert reader.count("articles") == 3
        assert reader.summary()["articles"] == 3


def test_store_transaction_rolls_back_on_error(memory_store: Store) -> None:
    try:
        with memory_store.atomic() as con:
            con.execute("INSERT INTO rejects (id, origin, reason) VALUES ('x', 'o', 'empty')")
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert memory_store.count("rejects") == 0


_text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=300).filter(str.strip)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(text=_text, title=st.none() | st.text(max_size=80), authors=st.lists(st.text(max_size=30), max_size=3),
       page=st.none() | st.integers(1, 500), removed=st.dictionaries(st.sampled_from(["caption", "boilerplate"]),
                                                                      st.lists(st.text(max_size=40), max_size=3)))
def test_store_round_trip_loses_nothing(text: str, title: str | None, authors: list[str], page: int | None,
                                        removed: dict[str, list[str]]) -> None:
    with Store(":memory:") as store:
        article = Article(text=text, title=title, authors=authors, page=page, removed=removed,
                          published="2013-09", published_precision="month", origin="h")
        store.add_batch([article])
        back = store.article(article.id)
    assert back is not None
    assert back.as_dict() == article.as_dict()


def test_store_open_error_is_clear(tmp_path: Path) -> None:
    target = tmp_path / "dir.duckdb"
    target.mkdir()
    try:
        Store(target)
    except Exception as exc:  # noqa: BLE001 - the type is what we check
        assert type(exc).__name__ == "StoreError" and str(target) in str(exc)
    else:
        raise AssertionError("opening a directory as a store must fail")
    assert duckdb.__version__
