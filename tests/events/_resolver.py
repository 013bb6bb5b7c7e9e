"""A tiny stand-in for the actor stage, for the event tests only.

It tags country names, demonyms, capitals and a handful of organisations and people with ISO3 (or
IGO) codes, and a sector from the head noun ("Israeli commandos" -> ISR MIL), setting
`doc._.mentions` the way `entente_actors` does. The real actor stage replaces it whenever it is
installed (see `conftest.py`); it exists so that the event rules can be tested on their own.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "actors"

if not Doc.has_extension("mentions"):
    Doc.set_extension("mentions", default=None)

EXTRA = {
    "u.s.": "USA", "us": "USA", "america": "USA", "american": "USA", "americans": "USA", "washington": "USA",
    "britain": "GBR", "british": "GBR", "uk": "GBR", "london": "GBR", "moscow": "RUS", "kremlin": "RUS",
    "beijing": "CHN", "tehran": "IRN", "baku": "AZE", "azeri": "AZE", "azerbaijanis": "AZE", "jerusalem": "ISR",
    "ankara": "TUR", "kabul": "AFG", "israelis": "ISR", "palestinians": "PSE", "palestinian": "PSE",
    "gaza": "PSE", "hamas": "PSE", "jewish state": "ISR", "north korea": "PRK", "south korea": "KOR",
    "north korean": "PRK", "south korean": "KOR", "serb": "SRB", "serbs": "SRB", "kurds": "IRQ",
}
IGOS = {"united nations": "UN", "un": "UN", "u.n.": "UN", "european union": "EU", "eu": "EU", "nato": "NATO",
        "european parliament": "EU", "african union": "AU", "interpol": "INTERPOL", "iaea": "IAEA",
        "security council": "UN", "european": "EUR", "europe": "EUR"}
PEOPLE = {"aliyev": ("AZE.ILHAM_ALIYEV", "AZE"), "harpaz": ("ISR.RAPHAEL_HARPAZ", "ISR"),
          "obama": ("USA.BARACK_OBAMA", "USA"), "putin": ("RUS.VLADIMIR_PUTIN", "RUS"),
          "netanyahu": ("ISR.BENJAMIN_NETANYAHU", "ISR"), "akhundov": ("AZE.FUAD_AKHUNDOV", "AZE"),
          "bush": ("USA.GEORGE_W_BUSH", "USA"), "assad": ("SYR.BASHAR_ASSAD", "SYR")}
SECTORS = {"official": "GOV", "government": "GOV", "minister": "GOV", "president": "GOV", "leader": "GOV",
           "diplomat": "DIP", "ambassador": "DIP", "embassy": "DIP", "troop": "MIL", "army": "MIL",
           "force": "MIL", "commando": "MIL", "soldier": "MIL", "military": "MIL", "rebel": "REB",
           "militant": "REB", "police": "COP", "scientist": "EDU", "court": "JUD", "lawmaker": "LEG",
           "parliament": "LEG", "protester": "OPP", "activist": "OPP", "ship": "CVL", "facility": "GOV"}


@dataclass(slots=True)
class TestMention:
    start: int
    end: int
    text: str
    actor: str | None
    country: str | None
    sector: str | None
    role: str | None = None
    confidence: float = 0.9
    kind: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {k: getattr(self, k) for k in self.__slots__}


@lru_cache(maxsize=1)
def names() -> dict[str, tuple[str, str]]:
    """lower-case name -> (code, kind)."""
    out: dict[str, tuple[str, str]] = {}
    path = SHARED / "leaders" / "countries" / "countries.csv"
    if path.exists():
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                code = row["cca3"]
                for name in [row["name.common"], row["name.official"], row["demonyms.eng.m"], row["demonyms.eng.f"],
                             *row["altSpellings"].split(",")]:
                    name = name.strip()
                    if len(name) > 3 or (name.isupper() and len(name) == 3 and False):
                        out.setdefault(name.lower(), (code, "state"))
    ngec = SHARED / "ngec_countries.csv"
    if ngec.exists():
        with ngec.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                for name in [row["Name"], *row["Nationality"].split(",")]:
                    if name.strip():
                        out.setdefault(name.strip().lower(), (row["CCA3"], "state"))
    for k, v in EXTRA.items():
        out[k] = (v, "state")
    for k, v in IGOS.items():
        out[k] = (v, "igo")
    return out


@Language.factory("entente_test_actors")
def make_test_actors(nlp: Language, name: str) -> TestActors:
    return TestActors(nlp)


class TestActors:
    def __init__(self, nlp: Language) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        table = names()
        self.table = table
        self.matcher.add("ACTOR", [nlp.make_doc(n) for n in table if n.replace(".", "").isalpha() or " " in n])
        self.matcher.add("PERSON", [nlp.make_doc(n) for n in PEOPLE])

    def __call__(self, doc: Doc) -> Doc:
        mentions = []
        spans = self.matcher(doc, as_spans=True)
        taken: set[int] = set()
        for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
            if any(i in taken for i in range(span.start, span.end)):
                continue
            low = span.text.lower()
            if low in ("us",) and span.text != "US":
                continue
            taken.update(range(span.start, span.end))
            if low in PEOPLE:
                code, country = PEOPLE[low]
                mentions.append(TestMention(span.start_char, span.end_char, span.text, code, country, "GOV",
                                            kind="person"))
                continue
            code, kind = self.table[low]
            sector = "IGO" if kind == "igo" else None
            end = span.end_char
            head = span.root.head if span.root.dep_ in ("amod", "compound", "poss") else None
            if head is not None and head.i == span.end and head.lemma_.lower() in SECTORS:
                sector = SECTORS[head.lemma_.lower()]
                end = head.idx + len(head.text)
            mentions.append(TestMention(span.start_char, end, doc.text[span.start_char:end], code,
                                        code if kind != "igo" else code, sector, kind=kind))
        doc._.mentions = sorted(mentions, key=lambda m: m.start)
        return doc
