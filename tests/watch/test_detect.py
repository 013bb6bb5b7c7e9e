"""Detection in the ingest transaction: one alert per (watch, event), never two, near-duplicates and
restarts included; shifts of a watched dyad's score; nothing recorded when the batch rolls back."""
from __future__ import annotations

import pytest

from entente.store import Store
from entente.watch import Watch, add_watch, alerts_of, detect_alerts, preview
from entente.watch.detect import score_series, story_roots
from entente.watch.watches import delivery_counts

from .conftest import STORY, article, event, ingest

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


def _month(day: str, text: str) -> object:
    return article(text, published=day, published_precision="day", source=f"outlet-{day}")


WARM = ("Israel and Azerbaijan agreed on a new energy and defence partnership in Baku this week, their ministers said "
        "after two days of talks about oil deliveries, drones, and the training of Azerbaijani officers abroad.")
COLD = ("Azerbaijan expelled Israeli diplomats and accused Israel of spying on its oil fields, in a sharp break "
        "that officials in Baku said followed months of quarrels over arms prices and unpaid drone contracts.")
COLDER = ("Israel recalled its ambassador from Baku and threatened Azerbaijan with sanctions over the expulsions, "
          "a spokesman said, while ministers on both sides traded accusations in parliament and on television.")


def test_detect_shift_of_the_dyad_score_alerts_once(store: Store) -> None:
    watch = add_watch(store, Watch.create("ISR–AZE shifts", actors=["ISR"], partners=["AZE"], shift_threshold=0.5))
    ingest(store, [(_month("2013-08-10", WARM), [event("w1", "COOPERATE", ["ISR"], ["AZE"], intensity=7.0, quad=2)])])
    assert _count(store, "alerts") == 0
    ingest(store, [(_month("2013-09-12", COLD), [event("c1", "COERCE", ["AZE"], ["ISR"], intensity=-7.0, quad=4)])])
    alerts = alerts_of(store, watch.id)
    assert [a.kind for a in alerts] == ["shift"]
    shift = alerts[0].payload["shift"]
    assert (shift["from_window"], shift["to_window"]) == ("2013-08", "2013-09")
    assert shift["delta"] < -0.5
    assert "cooler" in alerts[0].title
    # more of the same in September: still one alert for the August -> September move
    ingest(store, [(_month("2013-09-20", COLDER), [event("c2", "THREATEN", ["ISR"], ["AZE"], intensity=-6.0)])])
    assert _count(store, "alerts") == 1
    series = score_series(store.con, "ISR", "AZE", "month")
    assert [p["window"] for p in series] == ["2013-08", "2013-09"]


def test_detect_shift_watch_ignores_moves_the_new_articles_did_not_touch(store: Store) -> None:
    ingest(store, [(_month("2013-08-10", WARM), [event("w1", "COOPERATE", ["ISR"], ["AZE"], intensity=7.0)]),
                   (_month("2013-09-12", COLD), [event("c1", "COERCE", ["AZE"], ["ISR"], intensity=-7.0)])])
    add_watch(store, Watch.create("ISR–AZE shifts", actors=["ISR"], partners=["AZE"], shift_threshold=0.5))
    unrelated = ("Iran and Turkey discussed gas prices in Ankara, where ministers met on Monday to talk about "
                 "pipelines, tariffs and the winter supply of households in the eastern provinces of Turkey.")
    ingest(store, [(_month("2013-10-01", unrelated), [event("u1", "CONSULT", ["IRN"], ["TUR"], intensity=1.0)])])
    assert _count(store, "alerts") == 0
