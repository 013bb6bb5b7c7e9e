"""A small store for the API and browser tests: real Wikinews articles, plus a handful of
hand-written articles whose events, quotes, mentions and stances are inserted into the real
tables with offsets computed from the text (so that every span points at the words it names).

The scenario follows the seed article's story (Israel and Azerbaijan close, both against Iran),
across 2012 and 2013 so that windows differ, and includes one hostile article whose title,
text, quote and URL carry script injections.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from entente import pipeline
from entente.records import Article
from entente.store import Store
from entente.store.extractions import insert_rows

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
WIKINEWS = SHARED / "data" / "news" / "wikinews" / "wikinews_en.jsonl"

INJECTION_SCRIPT = "<script>window.__pwned=1</script>"
INJECTION_IMG = '<img src=x onerror="window.__pwned=1">'

SURFACES = {
    "Azerbaijani": "AZE", "Azerbaijan": "AZE", "Baku": "AZE", "Israeli": "ISR", "Israel": "ISR", "Iranian": "IRN",
    "Iran": "IRN", "Tehran": "IRN", "Turkey": "TUR", "Turkish": "TUR", "Armenia": "ARM", "Armenian": "ARM",
    "United States": "USA", "Washington": "USA", "Russia": "RUS", "Russian": "RUS", "Gaza": "PSE",
}


@dataclass
class Ev:
    src: list[str]
    tgt: list[str]
    type: str
    quad: int
    intensity: float
    mode: str
    sentence: str          # words inside the sentence that holds the event
    trigger: str
    date: str | None = None
    precision: str | None = None
    dims: list[str] = field(default_factory=list)
    reported_by: str | None = None
    key: str = ""          # a name other events and claims refer to
    denies: str | None = None


@dataclass
class Qt:
    content: str
    speaker: str
    cue: str
    actor: str | None
    sector: str | None = None
    direct: bool = True
    claims: list[tuple[str, str]] = field(default_factory=list)   # (event key, asserts|denies)


@dataclass
class Doc:
    title: str
    published: str
    source: str
    url: str
    text: str
    events: list[Ev]
    quotes: list[Qt] = field(default_factory=list)
    stances: list[tuple[str, str, int, str]] = field(default_factory=list)   # (a, b, sign, words)


DOCS = [
    Doc("Oil, arms and tech fuel an enemy-of-my-enemy bond", "2013-09-17", "JTA", "https://example.org/jta/bond",
        "Israel and Azerbaijan have signed a new arms deal worth $1.6 billion, officials in Baku said on Tuesday. "
        "Iran accused Azerbaijan of helping Israel prepare an attack on its nuclear sites. "
        "A Reuters report said Israel planned to use Azerbaijani airfields for a strike on Iran. "
        "Israeli and Azerbaijani officials denied the report. "
        "\"These reports sound like James Bond stories,\" the Israeli ambassador said. "
        "Turkey condemned Israel again over the 2010 raid on a Turkish ship bound for Gaza. "
        "Azerbaijan's closeness with Israel worries Tehran, which sees both as a threat.",
        [Ev(["ISR", "AZE"], ["AZE", "ISR"], "COOPERATE", 2, 6.0, "asserted", "have signed a new arms deal", "signed",
            "2013-09", "month", ["arms", "trade"]),
         Ev(["IRN"], ["AZE"], "ACCUSE", 3, -2.0, "asserted", "Iran accused Azerbaijan", "accused", "2013-09-17", "day",
            ["security"], key="accuse"),
         Ev(["ISR"], ["IRN"], "ASSAULT", 4, -10.0, "reported+planned", "Israel planned to use", "strike", None, None,
            ["military"], reported_by="Reuters", key="plan"),
         Ev(["ISR", "AZE"], ["IRN"], "ASSAULT", 4, -10.0, "denied", "officials denied the report", "denied", None,
            None, ["military"], key="denial", denies="plan"),
         Ev(["TUR"], ["ISR"], "ACCUSE", 3, -2.0, "asserted", "Turkey condemned Israel", "condemned", "2013-09", "month",
            ["diplomatic"]),
         Ev(["ISR"], ["TUR"], "ASSAULT", 4, -9.0, "historical", "the 2010 raid", "raid", "2010", "year", ["military"])],
        [Qt("These reports sound like James Bond stories", "the Israeli ambassador", "said", "ISR", "DIP",
            claims=[("plan", "denies")])],
        [("AZE", "ISR", 1, "closeness with Israel"), ("IRN", "AZE", -1, "sees both as a threat")]),
    Doc("Azerbaijan and Israel expand energy ties", "2012-06-10", "Reuters", "https://example.org/reuters/energy",
        "Azerbaijan and Israel expanded energy cooperation as Israel agreed to buy more Azerbaijani oil this year. "
        "Armenia accused Azerbaijan of shelling villages near the border on Sunday. "
        "Iran threatened Azerbaijan over its growing ties with Israel, according to Iranian state media.",
        [Ev(["AZE"], ["ISR"], "COOPERATE", 2, 6.0, "asserted", "expanded energy cooperation", "expanded", "2012-06",
            "month", ["energy"]),
         Ev(["ISR"], ["AZE"], "AGREE", 1, 4.0, "asserted", "Israel agreed to buy", "agreed", "2012", "year", ["energy"]),
         Ev(["ARM"], ["AZE"], "ACCUSE", 3, -2.0, "asserted", "Armenia accused Azerbaijan", "accused", "2012-06-10", "day",
            ["military"]),
         Ev(["IRN"], ["AZE"], "THREATEN", 3, -7.0, "reported", "Iran threatened Azerbaijan", "threatened", "2012-06",
            "month", ["diplomatic"], reported_by="Iranian state media")]),
    Doc("United States and Israel hold talks on Iran", "2013-03-02", "BBC", "https://example.org/bbc/talks",
        "The United States and Israel held talks in Washington on Iran's nuclear programme on Friday. "
        "The United States imposed new sanctions on Iran after the talks ended without agreement. "
        "Russia criticised the sanctions and said the United States was making matters worse.",
        [Ev(["USA"], ["ISR"], "CONSULT", 1, 1.0, "asserted", "held talks in Washington", "held talks", "2013-03-01",
            "day", ["diplomatic", "nuclear"]),
         Ev(["USA"], ["IRN"], "SANCTION", 4, -8.0, "asserted", "imposed new sanctions", "imposed", "2013-03", "month",
            ["nuclear", "trade"]),
         Ev(["RUS"], ["USA"], "ACCUSE", 3, -2.0, "asserted", "Russia criticised the sanctions", "criticised", "2013-03",
            "month", ["diplomatic"])],
        [Qt("the United States was making matters worse", "Russia", "said", "RUS", "GOV", direct=False)]),
    Doc("Talks " + INJECTION_SCRIPT + " between Israel and Iran <b>fail</b>", "2013-05-05", "Evil <i>Times</i>",
        "javascript:window.__pwned=1",
        "Officials said " + INJECTION_SCRIPT + " the secret talks between Israel and Iran failed in Geneva this week. "
        + INJECTION_IMG + " Iran rejected the proposal from Israel on Monday, a diplomat said. "
        "\"We will never accept <b>this</b> " + INJECTION_SCRIPT + "\", an Iranian official told reporters.",
        [Ev(["IRN"], ["ISR"], "REJECT", 3, -4.0, "asserted", "Iran rejected the proposal", "rejected", "2013-05",
            "month", ["diplomatic"]),
         Ev(["ISR"], ["IRN"], "CONSULT", 1, 1.0, "asserted", "the secret talks between", "talks", "2013-05", "month",
            ["diplomatic"])],
        [Qt("We will never accept <b>this</b> " + INJECTION_SCRIPT, "an Iranian official", "told", "IRN", "GOV")]),
]


def _id(*parts: object) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:16]


def _sentence(text: str, words: str) -> tuple[int, int]:
    at = text.index(words)
    start = max(text.rfind(". ", 0, at), text.rfind('" ', 0, at), text.rfind("> ", 0, at))
    start = 0 if start < 0 else start + 2
    ends = [i for i in (text.find(". ", at), text.find(".\" ", at)) if i >= 0]
    end = min(ends) + 1 if ends else len(text)
    return start, end


def _first(text: str, words: str, lo: int = 0, hi: int | None = None) -> tuple[int, int] | None:
    at = text.find(words, lo, hi if hi is not None else len(text))
    return None if at < 0 else (at, at + len(words))


def _surface_of(code: str, text: str, lo: int, hi: int) -> tuple[int, int, str] | None:
    """The earliest mention of `code` in text[lo:hi] (the longest surface at that place)."""
    found = [m for m in mentions_of(text[lo:hi]) if m["actor"] == code]
    if not found:
        return None
    return lo + found[0]["start"], lo + found[0]["end"], found[0]["text"]


def mentions_of(text: str) -> list[dict[str, Any]]:
    pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, SURFACES), key=len, reverse=True)) + r")\b")
    return [{"start": m.start(), "end": m.end(), "text": m.group(0), "actor": SURFACES[m.group(0)],
             "country": SURFACES[m.group(0)], "sector": None, "role": None, "confidence": 0.9,
             "extractor": "tests.storefill/1"} for m in pattern.finditer(text)]


def fill(store: Store, *, wikinews: int = 20) -> dict[str, Any]:
    """Fill `store`; return what the tests need to know (ids by key, article ids)."""
    info: dict[str, Any] = {"articles": [], "events": {}, "quotes": []}
    if wikinews and WIKINEWS.exists():
        lines = WIKINEWS.read_text(encoding="utf-8").splitlines()[:wikinews]
        tmp = Path(store.path).with_suffix(".wikinews.jsonl") if store.path != ":memory:" else None
        if tmp is not None:
            tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
            pipeline.ingest([str(tmp)], store, extract=False)
            tmp.unlink()
    articles = [Article(text=d.text, title=d.title, published=d.published, published_precision="day",
                        source=d.source, url=d.url, language="en", format="test", origin=f"tests:{i}")
                for i, d in enumerate(DOCS)]
    store.add_batch(articles)
    keys: dict[str, str] = {}
    tables: dict[str, list[dict[str, Any]]] = {t: [] for t in ("mentions", "events", "event_actors", "quotes",
                                                                "claims", "stances")}
    for article, doc in zip(articles, DOCS):
        text = doc.text
        info["articles"].append(article.id)
        tables["mentions"] += [{**m, "article_id": article.id} for m in mentions_of(text)]
        for n, ev in enumerate(doc.events):
            event_id = _id(article.id, n, ev.type)
            if ev.key:
                keys[ev.key] = event_id
            info["events"][ev.key or f"{article.id}:{n}"] = event_id
            s_start, s_end = _sentence(text, ev.sentence)
            trig = _first(text, ev.trigger, s_start, s_end) or (s_start, s_start)
            tables["events"].append({
                "id": event_id, "article_id": article.id, "type": ev.type, "cameo": None, "quad": ev.quad,
                "intensity": ev.intensity, "mode": ev.mode, "date": ev.date, "date_precision": ev.precision,
                "dimensions": ev.dims, "sentence_start": s_start, "sentence_end": s_end, "trigger_start": trig[0],
                "trigger_end": trig[1], "reported_by": ev.reported_by, "denies": None, "denied_by": None,
                "confidence": 0.8, "extractor": "tests.storefill/1"})
            for role, codes in (("source", ev.src), ("target", ev.tgt)):
                for code in codes:
                    span = _surface_of(code, text, s_start, s_end)
                    tables["event_actors"].append({
                        "event_id": event_id, "role": role, "actor": code, "country": code, "sector": "GOV",
                        "start": span[0] if span else None, "end": span[1] if span else None,
                        "text": span[2] if span else None})
        for n, q in enumerate(doc.quotes):
            quote_id = _id(article.id, "q", n)
            info["quotes"].append(quote_id)
            content = _first(text, q.content)
            speaker = _first(text, q.speaker, content[1] if content else 0) or _first(text, q.speaker)
            cue = _first(text, q.cue, speaker[1] if speaker else 0)
            assert content and speaker and cue, q
            tables["quotes"].append({
                "id": quote_id, "article_id": article.id, "content_start": content[0], "content_end": content[1],
                "cue_start": cue[0], "cue_end": cue[1], "speaker_start": speaker[0], "speaker_end": speaker[1],
                "speaker_text": q.speaker, "speaker_actor": q.actor, "speaker_country": q.actor,
                "speaker_sector": q.sector, "direct": q.direct, "outlet": None, "extractor": "tests.storefill/1"})
            for key, relation in q.claims:
                tables["claims"].append({"quote_id": quote_id, "event_id": keys[key], "relation": relation,
                                         "article_id": article.id, "extractor": "tests.storefill/1"})
        for n, (a, b, sign, words) in enumerate(doc.stances):
            start, end = _sentence(text, words)
            tables["stances"].append({"id": _id(article.id, "s", n), "article_id": article.id, "a": a, "b": b,
                                      "sign": sign, "strength": 0.8, "dimensions": [], "mode": "asserted",
                                      "start": start, "end": end, "extractor": "tests.storefill/1"})
    # denials link both ways, as the event extractor records them
    for doc in DOCS:
        for ev in doc.events:
            if ev.denies:
                for row in tables["events"]:
                    if row["id"] == keys[ev.key]:
                        row["denies"] = keys[ev.denies]
                    if row["id"] == keys[ev.denies]:
                        row["denied_by"] = keys[ev.key]
    with store.atomic() as con:
        for table, rows in tables.items():
            insert_rows(con, table, rows, skip_existing=False)
    info["keys"] = keys
    info["injection_article"] = info["articles"][3]
    return info


def dump_json(info: dict[str, Any]) -> str:
    return json.dumps(info)

