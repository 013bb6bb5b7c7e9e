"""Detection in the ingest transaction: one alert per (watch, event), never two, near-duplicates and
restarts included; shifts of a watched dyad's score; nothing recorded when the batch rolls back."""
from __future__ import annotations

import pytest

from entente.store import Store
from entente.watch import Watch, add_watch, alerts_of, detect_alerts, preview
from entente.watch.detect import check_shifts, story_roots
from entente.watch.watches import delivery_counts

from .conftest import COLD, COLDER, STORY, UNRELATED, WARM, article, cold, event, ingest, month, warm

DENIAL = (STORY.index("Israeli"), STORY.index(".", STORY.index("Israeli")) + 1)
ACCUSATION = (0, STORY.index(".") + 1)


@pytest.fixture
def dyad_watch(store: Store) -> Watch:
    return add_watch(store, Watch.create("ISR–AZE", actors=["ISR"], partners=["AZE"],
                                         webhook_url="http://127.0.0.1:9/hook", email="analyst@example.org"))


def _count(store: Store, table: str) -> int:
    return int(store.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_detect_matching_event_gives_one_alert_with_a_pending_delivery_per_channel(store: Store,
                                                                                     dyad_watch: Watch) -> None:
    a = article(STORY)
    ingest(store, [(a, [event("e1", "REJECT", ["ISR", "AZE"], [], mode="denied", span=DENIAL),
                        event("e2", "ACCUSE", ["IRN"], ["AZE"], span=ACCUSATION)])])
    alerts = alerts_of(store, dyad_watch.id)
    assert [x.event_id for x in alerts] == ["e1"]
    assert alerts[0].payload["relation"] == "joint"
    assert alerts[0].payload["event"]["evidence"].startswith("Israeli and Azerbaijani officials denied")
    assert alerts[0].title == "Azerbaijan, Israel: REJECT (denied)"  # no mention offsets: by code
    assert delivery_counts(store, dyad_watch.id) == {"email": {"pending": 1}, "webhook": {"pending": 1}}


def test_detect_rerun_and_reingest_add_nothing(store: Store, dyad_watch: Watch) -> None:
    a = article(STORY)
    ingest(store, [(a, [event("e1", "COOPERATE", ["ISR"], ["AZE"], intensity=6.0)])])
    assert _count(store, "alerts") == 1
    assert detect_alerts(store.con, [a.id]) == 0          # a restart re-running detection
    result = ingest(store, [(article(STORY), [event("e1", "COOPERATE", ["ISR"], ["AZE"], intensity=6.0)])])
    assert result.stored == [] and result.duplicates == [a.id]
    assert (_count(store, "alerts"), _count(store, "deliveries")) == (1, 2)


def test_detect_near_duplicate_article_gives_no_second_alert(store: Store, dyad_watch: Watch) -> None:
    first = article(STORY, source="JTA")
    ingest(store, [(first, [event("e1", "COOPERATE", ["ISR"], ["AZE"], intensity=6.0, date="2012",
                                  precision="year")])])
    copy = article(STORY.replace("Tuesday", "Wednesday"), source="Forward")
    copy_events = [event("e1-copy", "COOPERATE", ["AZE"], ["ISR"], intensity=6.0, date="2012", precision="year"),
                   event("e3-copy", "ACCUSE", ["AZE"], ["ISR"], intensity=-4.0)]  # equivalent? no: new type
    copy_events[0]["source"], copy_events[0]["target"] = copy_events[0]["target"], copy_events[0]["source"]
    result = ingest(store, [(copy, copy_events)])
    assert result.near_duplicates == {copy.id: first.id}
    assert sorted(x.event_id for x in alerts_of(store, dyad_watch.id)) == ["e1", "e3-copy"]
    # a copy of the copy belongs to the same story
    second_copy = article(STORY.replace("Tuesday", "Thursday"))
    ingest(store, [(second_copy, [event("e1-copy2", "COOPERATE", ["ISR"], ["AZE"], intensity=6.0, date="2012",
                                        precision="year")])])
    assert story_roots(store.con, [second_copy.id]) == {second_copy.id: first.id}
    assert _count(store, "alerts") == 2


def test_detect_near_duplicates_in_one_batch_alert_once(store: Store, dyad_watch: Watch) -> None:
    first, copy = article(STORY), article(STORY.replace("Tuesday", "Wednesday"))
    ingest(store, [(first, [event("a1", "COOPERATE", ["ISR"], ["AZE"], intensity=6.0)]),
                   (copy, [event("b1", "COOPERATE", ["ISR"], ["AZE"], intensity=6.0)])])
    assert [x.event_id for x in alerts_of(store, dyad_watch.id)] == ["a1"]


def test_detect_same_event_in_unrelated_articles_alerts_per_event(store: Store, dyad_watch: Watch) -> None:
    other = ("Azerbaijan signed an arms deal with Israel worth 1.6 billion dollars, officials in Baku said, "
             "adding that drones and air defence systems would be delivered within two years of the signing.")
    ingest(store, [(article(STORY), [event("a1", "COOPERATE", ["ISR"], ["AZE"], intensity=6.0)]),
                   (article(other), [event("b1", "COOPERATE", ["ISR"], ["AZE"], intensity=6.0)])])
    assert sorted(x.event_id for x in alerts_of(store, dyad_watch.id)) == ["a1", "b1"]


def test_detect_rolled_back_batch_records_no_alert_and_a_rerun_records_it_once(store: Store,
                                                                               dyad_watch: Watch) -> None:
    a = article(STORY)
    events = {a.id: {"events": [event("e1", "COOPERATE", ["ISR"], ["AZE"], intensity=6.0)]}}

    def detect_then_crash(con, ids):  # type: ignore[no-untyped-def]
        detect_alerts(con, ids)
        raise RuntimeError("crash inside the batch")

    with pytest.raises(RuntimeError):
        store.add_batch([a], extractions=events, with_fresh=detect_then_crash)
    assert (_count(store, "articles"), _count(store, "alerts"), _count(store, "deliveries")) == (0, 0, 0)
    store.add_batch([article(STORY)], extractions=events, with_fresh=detect_alerts)
    assert (_count(store, "alerts"), _count(store, "deliveries")) == (1, 2)


def test_detect_without_watches_or_events_is_a_no_op(store: Store) -> None:
    ingest(store, [(article(STORY), [event("e1", "COOPERATE", ["ISR"], ["AZE"])])])
    assert _count(store, "alerts") == 0


def test_detect_preview_shows_matches_and_writes_nothing(store: Store) -> None:
    ingest(store, [(article(STORY), [event("e1", "ACCUSE", ["IRN"], ["AZE"], span=ACCUSATION),
                                     event("e2", "REJECT", ["ISR", "AZE"], [], mode="denied")])])
    watch = add_watch(store, Watch.create("Iran", actors=["IRN"]))
    found = preview(store.con, watch)
    assert [a.event_id for a in found] == ["e1"]
    assert found[0].summary.startswith("Iran accused Azerbaijan")
    assert _count(store, "alerts") == 0


@pytest.fixture
def shift_watch(store: Store) -> Watch:
    return add_watch(store, Watch.create("ISR–AZE shifts", actors=["ISR"], partners=["AZE"], shift_threshold=0.5,
                                         webhook_url="http://127.0.0.1:9/hook"))


def test_detect_shift_of_the_dyad_score_alerts_once(store: Store, shift_watch: Watch) -> None:
    ingest(store, [(month("2013-08-10", WARM), warm("w"))])
    assert check_shifts(store) == 0 and _count(store, "shift_checks") == 0
    ingest(store, [(month("2013-09-12", COLD), cold("c"))])
    assert _count(store, "alerts") == 0 and _count(store, "shift_checks") == 1  # queued in the batch
    assert check_shifts(store) == 1 and _count(store, "shift_checks") == 0
    [alert] = alerts_of(store, shift_watch.id)
    shift = alert.payload["shift"]
    assert alert.kind == "shift" and (shift["from_window"], shift["to_window"]) == ("2013-08", "2013-09")
    assert shift["delta"] < -0.5 and shift["q"] < 0.05
    assert "cooler" in alert.title and "Driven by:" in alert.summary
    assert delivery_counts(store, shift_watch.id) == {"webhook": {"pending": 1}}
    # more of the same in September: still one alert for the August -> September move
    ingest(store, [(month("2013-09-20", COLDER), cold("d"))])
    assert check_shifts(store) == 0 and _count(store, "alerts") == 1
    assert [a.id for a in preview(store.con, shift_watch)] == [alert.id]


def test_detect_shift_watch_ignores_moves_the_new_articles_did_not_touch(store: Store) -> None:
    ingest(store, [(month("2013-08-10", WARM), warm("w")), (month("2013-09-12", COLD), cold("c"))])
    add_watch(store, Watch.create("ISR–AZE shifts", actors=["ISR"], partners=["AZE"], shift_threshold=0.5))
    ingest(store, [(month("2013-10-01", UNRELATED), [event("u1", "CONSULT", ["IRN"], ["TUR"], intensity=1.0)])])
    assert _count(store, "shift_checks") == 0 and check_shifts(store) == 0


def test_detect_small_or_weak_moves_give_no_shift(store: Store, shift_watch: Watch) -> None:
    ingest(store, [(month("2013-08-10", WARM), warm("w")[:1]), (month("2013-09-12", COLD), cold("c")[:1])])
    assert check_shifts(store) == 0  # one event a window proves nothing
    big = add_watch(store, Watch.create("huge", actors=["ISR"], partners=["AZE"], shift_threshold=2.0))
    ingest(store, [(month("2013-08-11", WARM + " Again."), warm("x")),
                   (month("2013-09-13", COLD + " Again."), cold("y"))])
    check_shifts(store)
    assert alerts_of(store, big.id) == []  # the score moved by less than 2


def test_detect_queued_shift_checks_survive_a_failed_analysis(store: Store, shift_watch: Watch,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import duckdb

    from entente.watch import detect

    ingest(store, [(month("2013-08-10", WARM), warm("w")), (month("2013-09-12", COLD), cold("c"))])

    def broken(*args: object, **kwargs: object) -> list:
        raise duckdb.InvalidInputException("analysis failed")

    monkeypatch.setattr(detect, "shifts_of", broken)
    assert check_shifts(store) == 0 and _count(store, "shift_checks") == 2
    monkeypatch.undo()
    assert check_shifts(store) == 1 and _count(store, "shift_checks") == 0
