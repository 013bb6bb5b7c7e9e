"""One event, many reports: the grouping of reports of one act across articles (`entente.store.groups`)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from entente.api.queries import EventFilter, list_event_groups
from entente.graph.dyads import relation
from entente.records import Article
from entente.store import Store
from entente.store.groups import GROUPER, regroup

ISR = {"actor": "ISR", "country": "ISR", "sector": "MIL", "text": "Israeli warplanes", "start": 0, "end": 17}
SYR = {"actor": "SYR", "country": "SYR", "sector": None, "text": "Syria", "start": 38, "end": 43}


def _article(n: int, source: str, published: str, body: str) -> Article:
    return Article(text=f"{body} (report {n} of {source})", title=f"Report {n}", source=source,
                   published=published, published_precision="day", url=f"https://{source}.example/{n}")


def _strike(article: Article, *, mode: str = "asserted", date: str | None = "2019-06-03",
            precision: str | None = "day", event_type: str = "ASSAULT", quad: int = 4) -> dict[str, Any]:
    return {"id": f"ev-{article.id[:12]}", "type": event_type, "cameo": "195", "quad": quad, "intensity": -10.0,
            "mode": mode, "date": date, "date_precision": precision, "dimensions": ["security"],
            "evidence": {"start": 0, "end": len(article.text)}, "source": [ISR], "target": [SYR],
            "confidence": 0.9}


def _store(tmp_path: Path, reports: list[tuple[Article, dict[str, Any]]]) -> Store:
    store = Store(tmp_path / "groups.duckdb")
    store.add_batch([a for a, _ in reports],
                    extractions={a.id: {"events": [e], "mentions": [], "quotes": [], "stances": [], "claims": []}
                                 for a, e in reports})
    return store


def _groups(store: Store, **filters: Any) -> list[dict[str, Any]]:
    return list_event_groups(store.con, EventFilter(**filters), limit=100)[1]


def test_three_outlets_telling_one_strike_make_one_group_and_one_unit_of_the_relation(tmp_path: Path) -> None:
    bodies = ["Israeli warplanes struck targets in Syria on Monday, the army said.",
              "On Monday Israeli jets hit Syrian positions near Damascus, witnesses told reporters.",
              "Syria said Israeli aircraft bombed an air base overnight into Monday; Israel did not comment."]
    articles = [_article(i, src, "2019-06-04", body) for i, (src, body) in enumerate(zip(("wire", "daily", "tv"), bodies))]
    modes = ["asserted", "reported", "reported+alleged"]
    with _store(tmp_path, [(a, _strike(a, mode=m)) for a, m in zip(articles, modes)]) as store:
        [group] = _groups(store)
        assert group["key"] == "ASSAULT|ISR>SYR|2019-06-03"
        assert (group["reports"], group["articles"], group["sources"]) == (3, 3, 3)
        assert group["stances"] == {"asserts": 2, "alleges": 1, "denies": 0, "expects": 0}
        assert group["agreement"] == round(2 / 3, 3)
        assert sorted(r["source"] for r in group["report_list"]) == ["daily", "tv", "wire"]  # every report is kept
        rel = relation(store.con, "ISR", "SYR")
        assert rel is not None
        assert rel.n_events == 1  # one act, not three articles
        assert (rel.n_articles, rel.n_sources) == (3, 3)  # who told it is still counted
        assert rel.sign == -1


def test_other_days_targets_types_and_expected_acts_stay_apart(tmp_path: Path) -> None:
    base = [_article(i, f"outlet{i}", "2019-06-04", f"Israeli warplanes struck targets in Syria, story {i}.")
            for i in range(6)]
    events = [_strike(base[0]), _strike(base[1], date="2019-06-02"),                 # another day
              _strike(base[2], mode="planned"),                                       # only planned
              _strike(base[3], event_type="COERCE", quad=4),                           # another type
              _strike(base[4], date=None, precision=None),                             # undated: its article's day
              _strike(base[5], date="2019", precision="year")]                         # a year only
    with _store(tmp_path, list(zip(base, events))) as store:
        keys = sorted(g["key"] for g in _groups(store))
        assert keys == ["ASSAULT|ISR>SYR|2019", "ASSAULT|ISR>SYR|2019-06-02", "ASSAULT|ISR>SYR|2019-06-03",
                        "ASSAULT|ISR>SYR|2019-06-03|expected", "ASSAULT|ISR>SYR|2019-06-04",
                        "COERCE|ISR>SYR|2019-06-03"]
        assert relation(store.con, "ISR", "SYR").n_events == 6  # type: ignore[union-attr]  # six acts, six units


def test_cooperation_is_one_act_whichever_side_is_named_first_and_a_later_report_joins_it(tmp_path: Path) -> None:
    one, two, three = (_article(i, f"o{i}", "2013-09-17", f"Israel and Azerbaijan signed an arms deal, story {i}.")
                       for i in range(3))
    deal = {"type": "AGREE", "quad": 1, "intensity": 4.0}
    first = {**_strike(one), **deal, "source": [ISR], "target": [{**SYR, "actor": "AZE", "country": "AZE"}]}
    second = {**_strike(two), **deal, "source": [{**SYR, "actor": "AZE", "country": "AZE"}], "target": [ISR]}
    with _store(tmp_path, [(one, first), (two, second)]) as store:
        [group] = _groups(store)
        assert group["key"] == "AGREE|AZE~ISR|2019-06-03" and group["reports"] == 2
        third_event = {**first, "id": f"ev-{three.id[:12]}"}
        store.add_batch([three], extractions={three.id: {"events": [third_event]}})
        [group] = _groups(store)
        assert group["reports"] == 3  # ingest order does not matter: the new report joins the act


def test_the_grouping_is_a_table_of_its_own_and_can_be_redone(tmp_path: Path) -> None:
    articles = [_article(i, f"o{i}", "2019-06-04", f"Israeli warplanes struck targets in Syria, story {i}.")
                for i in range(2)]
    with _store(tmp_path, [(a, _strike(a)) for a in articles]) as store:
        rows = store.con.execute("SELECT count(*), count(DISTINCT group_id), min(grouper) FROM event_groups").fetchall()
        assert rows == [(2, 1, GROUPER)]
        store.con.execute("DELETE FROM event_groups")
        assert relation(store.con, "ISR", "SYR").n_events == 2  # type: ignore[union-attr]  # undone: two units
        assert regroup(store.con) == 2
        assert relation(store.con, "ISR", "SYR").n_events == 1  # type: ignore[union-attr]
    with Store(tmp_path / "groups.duckdb") as reopened:  # a store opened for writing groups what it lacks
        reopened.con.execute("DELETE FROM event_groups")
    with Store(tmp_path / "groups.duckdb") as reopened:
        assert reopened.con.execute("SELECT count(*) FROM event_groups").fetchall() == [(2,)]
