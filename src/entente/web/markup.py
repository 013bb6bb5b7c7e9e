"""An article's text cut into segments, each carrying the annotations that cover it.

Annotations (actor mentions, event sentences and triggers, quotes) overlap and nest freely, so
the text is cut at every annotation boundary; each segment lists what covers it and the
template wraps it in one element per annotation. The text itself is never turned into markup:
the template escapes every segment (Jinja autoescape), so `<script>` in an article stays text.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

#: Order in which a segment's wrappers nest, outermost first.
LAYERS = ("quote", "sentence", "trigger", "mention")


@dataclass(slots=True)
class Segment:
    text: str
    start: int
    quote: dict[str, Any] | None = None
    sentence: dict[str, Any] | None = None
    trigger: dict[str, Any] | None = None
    mention: dict[str, Any] | None = None
    anchors: list[str] = field(default_factory=list)


def segments(text: str, article: dict[str, Any]) -> list[Segment]:
    """Cut `text` at every boundary of the article's mentions, event sentences, triggers and quotes."""
    n = len(text)
    spans: list[tuple[int, int, str, dict[str, Any]]] = []
    sentences: dict[tuple[int, int], dict[str, Any]] = {}
    for event in article.get("events", []):
        s = event["sentence"]
        key = (s["start"], s["end"])
        entry = sentences.setdefault(key, {"events": [], "modes": set(), "anchor_ids": []})
        entry["events"].append(event["id"])
        entry["modes"].update((event.get("mode") or "asserted").split("+"))
        entry["anchor_ids"].append(f"ev-{event['id']}")
        for h in s["highlights"]:
            if h["kind"] == "trigger":
                spans.append((s["start"] + h["start"], s["start"] + h["end"], "trigger",
                              {"event": event["id"], "type": event["type"], "mode": event["mode"]}))
    for (start, end), entry in sentences.items():
        spans.append((start, end, "sentence", {"events": entry["events"], "modes": sorted(entry["modes"]),
                                               "anchors": entry["anchor_ids"]}))
    for q in article.get("quotes", []):
        c = q["content"]
        if c["start"] is not None and c["end"] is not None:
            spans.append((c["start"], c["end"], "quote", {"id": q["id"], "speaker": q["speaker"].get("text"),
                                                          "name": q["speaker"].get("name"), "direct": q["direct"]}))
    for m in article.get("mentions", []):
        code = m.get("actor") or m.get("country")
        spans.append((m["start"], m["end"], "mention", {"code": code, "name": m.get("name"), "sector": m.get("sector")}))
    spans = [(max(0, s), min(n, e), kind, data) for s, e, kind, data in spans if s is not None and e is not None
             and 0 <= s < e <= n]
    cuts = sorted({0, n} | {s for s, _, _, _ in spans} | {e for _, e, _, _ in spans})
    starts: dict[int, list[tuple[int, int, str, dict[str, Any]]]] = {}
    for span in spans:
        starts.setdefault(span[0], []).append(span)
    active: list[tuple[int, int, str, dict[str, Any]]] = []
    out: list[Segment] = []
    anchored: set[str] = set()
    for lo, hi in itertools.pairwise(cuts):
        active = [s for s in active if s[1] > lo] + starts.get(lo, [])
        seg = Segment(text=text[lo:hi], start=lo)
        for s, e, kind, data in sorted(active, key=lambda x: (x[0], -x[1])):
            if getattr(seg, kind) is None:  # the widest span of each kind wins
                setattr(seg, kind, data)
            if kind == "sentence":
                for anchor in data["anchors"]:
                    if anchor not in anchored:
                        anchored.add(anchor)
                        seg.anchors.append(anchor)
        out.append(seg)
    return out


def sentence_parts(sentence: dict[str, Any]) -> list[dict[str, Any]]:
    """An evidence sentence cut at its highlights: [{"text", "kind"}], kind None for plain text."""
    text = sentence.get("text") or ""
    marks = sorted((h for h in sentence.get("highlights", []) if 0 <= h["start"] < h["end"] <= len(text)),
                   key=lambda h: (h["start"], -h["end"]))
    parts, pos = [], 0
    for h in marks:
        if h["start"] < pos:  # overlapping highlights: keep the first
            continue
        if h["start"] > pos:
            parts.append({"text": text[pos:h["start"]], "kind": None})
        parts.append({"text": text[h["start"]:h["end"]], "kind": h["kind"]})
        pos = h["end"]
    if pos < len(text):
        parts.append({"text": text[pos:], "kind": None})
    return parts
