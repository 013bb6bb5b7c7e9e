"""The Atom feed of a watch: parses with feedparser, has every element RFC 4287 requires, escapes text."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime

import feedparser

from entente.store import Store
from entente.watch import Alert, Watch, add_watch, atom_feed, watch_feed
from entente.watch.feed import ATOM, entry_id, feed_id

from .conftest import STORY, article, event, ingest

A = f"{{{ATOM}}}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def assert_valid_atom(document: bytes) -> ET.Element:
    """The structural rules of RFC 4287 section 4.1 that a validator checks."""
    root = ET.fromstring(document)
    assert root.tag == f"{A}feed"
    for name in ("id", "title", "updated"):
        assert len(root.findall(f"{A}{name}")) == 1, f"feed needs exactly one atom:{name}"
    assert RFC3339.match(root.findtext(f"{A}updated") or "")
    assert re.match(r"^[a-z][a-z0-9+.-]*:", root.findtext(f"{A}id") or ""), "atom:id must be an IRI"
    entries = root.findall(f"{A}entry")
    feed_author = root.find(f"{A}author")
    assert feed_author is None or feed_author.findtext(f"{A}name")
    ids = set()
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{A}{name}")) == 1, f"entry needs exactly one atom:{name}"
        assert RFC3339.match(entry.findtext(f"{A}updated") or "")
        assert feed_author is not None or entry.find(f"{A}author") is not None
        alternate = [link for link in entry.findall(f"{A}link") if link.get("rel", "alternate") == "alternate"]
        assert entry.find(f"{A}content") is not None or alternate, "entry needs content or an alternate link"
        for link in entry.findall(f"{A}link"):
            assert link.get("href")
        ids.add(entry.findtext(f"{A}id"))
    assert len(ids) == len(entries), "entry ids are unique"
    for link in root.findall(f"{A}link"):
        assert link.get("href")
    return root


def test_feed_of_a_watch_parses_and_validates(store: Store) -> None:
    watch = add_watch(store, Watch.create("ISR–AZE", actors=["ISR"], partners=["AZE"]))
    ingest(store, [(article(STORY, url="https://forward.com/news/israel/183640/",
                            source="The Forward"),
                    [event("e1", "COOPERATE", ["ISR"], ["AZE"], intensity=6.0, dimensions=["energy"]),
                     event("e2", "REJECT", ["ISR", "AZE"], [], mode="denied", date="2012", precision="year")])])
    body = watch_feed(store, watch.id, self_url=f"http://localhost/api/watches/{watch.id}/feed.atom")
    assert body is not None
    root = assert_valid_atom(body)
    assert root.findtext(f"{A}id") == feed_id(watch.id)

    parsed = feedparser.parse(body)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "entente watch: ISR–AZE"
    assert parsed.feed.links[0].rel == "self"
    assert len(parsed.entries) == 2
    titles = sorted(e.title for e in parsed.entries)
    assert titles == ["Azerbaijan, Israel: REJECT (denied), 2012", "Israel → Azerbaijan: COOPERATE"]
    cooperate = next(e for e in parsed.entries if "COOPERATE" in e.title)
    assert cooperate.link == "https://forward.com/news/israel/183640/"
    assert {t.term for t in cooperate.tags} == {"event", "COOPERATE", "energy"}
    assert cooperate.updated_parsed is not None


def test_feed_escapes_text_and_drops_what_xml_cannot_carry() -> None:
    watch = Watch(id="abc123", name='<b>"Tom" & Jerry</b>', actors=["ISR"], created_at=datetime(2024, 1, 2, 3, 4, 5))
    nasty = Alert(id="x1", watch_id="abc123", kind="event", title="A <script>alert(1)</script> & co\x00\x1b",
                  summary="]]> <![CDATA[ \x07 bell", created_at=datetime(2024, 1, 2, 3, 4, 5),
                  payload={"article": {"url": "javascript:alert(1)", "title": "<i>t</i>"}, "event": {"type": "X"}})
    body = atom_feed(watch, [nasty])
    root = assert_valid_atom(body)
    entry = root.find(f"{A}entry")
    assert entry is not None
    assert entry.findtext(f"{A}title") == "A <script>alert(1)</script> & co"
    assert entry.findtext(f"{A}id") == entry_id("x1")
    assert entry.find(f"{A}link") is None  # only http(s) links
    assert b"<script>" not in body
    parsed = feedparser.parse(body)
    assert not parsed.bozo
    assert parsed.feed.title == 'entente watch: <b>"Tom" & Jerry</b>'


def test_feed_empty_watch_is_still_valid(store: Store) -> None:
    watch = add_watch(store, Watch.create("quiet", actors=["ISL"]))
    body = watch_feed(store, watch.id)
    assert body is not None
    assert_valid_atom(body)
    assert feedparser.parse(body).entries == []


def test_feed_is_none_for_unknown_or_feedless_watches(store: Store) -> None:
    watch = add_watch(store, Watch.create("mail only", actors=["ISR"], feed=False, email="a@example.org"))
    assert watch_feed(store, watch.id) is None
    assert watch_feed(store, "0" * 24) is None
