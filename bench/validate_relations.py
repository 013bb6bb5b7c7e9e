#!/usr/bin/env python3
"""Validation of the relations network against the historical record (issue 6, item 7).

One command: ingest the Reuters 1996 stories and the AG News 2004 "World" items (each into its own
temporary store, with every extractor), build each corpus's yearly network of states, and compare it
with the truth data in ../shared/data/relations/:

- **alliances** (ATOP: defence, offence, neutrality, non-aggression or consultation pacts; COW formal
  alliances) -> the dyad should be friendly;
- **rivalries and fights** (Thompson-Dreyer and Thompson-Sakuwa-Suhas strategic rivalries active that
  year; COW and GML militarised disputes and COW inter-state wars in that year) -> hostile;
  a dyad that is both allied and rival/fighting (Greece-Turkey) is *mixed* and left out of the sign test;
- **UN General Assembly voting agreement** that year (share of identical votes, `agree_exact`).

Figures, for our network and for a naive baseline computed in the same run from the same stored
articles (two countries named in one sentence, the sentence scored by a small sentiment lexicon):
sign agreement on allied dyads, on rival dyads and on both (only dyads with at least --min-events
pieces of evidence), and the Pearson and Spearman correlation of dyad scores with UN voting agreement.
COW state codes map to ISO3 through crosswalk_unvotes_to_cow.csv (COW code -> ISO 3166 alpha-2 ->
alpha-3), with cow_states.csv names and a few documented successor states as fallbacks.

Run from the repository root: .venv/bin/python bench/validate_relations.py [--limit N] [--keep DIR] [--json]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import logging
import re
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pycountry

from entente.graph import dyads, rules

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
RELATIONS = SHARED / "data" / "relations"
NEWS = SHARED / "data" / "news"
ACTORS = SHARED / "data" / "actors"

#: COW states the crosswalk gives no current ISO code for, mapped to the ISO code their news uses.
COW_SUCCESSORS = {260: "DEU", 265: "DEU", 315: "CZE", 345: "SRB", 347: "XKX", 678: "YEM", 680: "YEM"}

Pair = tuple[str, str]


def pair(a: str, b: str) -> Pair:
    return (a, b) if a <= b else (b, a)


# --------------------------------------------------------------------------------------------- truth data
def cow_to_iso(relations_dir: Path = RELATIONS) -> dict[int, str]:
    """COW state code -> ISO3, from the crosswalk (alpha-2), then COW names, then `COW_SUCCESSORS`."""
    out: dict[int, str] = {}
    with open(relations_dir / "crosswalk_unvotes_to_cow.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if not row.get("ccode"):
                continue
            code = int(row["ccode"])
            country = pycountry.countries.get(alpha_2=row["iso2"]) if row.get("iso2") else None
            if country is not None:
                out[code] = country.alpha_3
    with open(relations_dir / "csv" / "cow_states.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = int(row["ccode"])
            if code in out:
                continue
            try:
                out[code] = pycountry.countries.lookup(row["statenme"]).alpha_3
            except LookupError:
                pass
    for code, iso in COW_SUCCESSORS.items():
        out.setdefault(code, iso)
    return out


def _rows(path: Path) -> Iterable[dict[str, str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:  # type: ignore[operator]
        yield from csv.DictReader(fh)


def _dyads(rows: Iterable[Mapping[str, str]], cow: Mapping[int, str], keep: Any) -> set[Pair]:
    out: set[Pair] = set()
    for row in rows:
        if not keep(row):
            continue
        try:
            a, b = cow.get(int(row["ccode1"])), cow.get(int(row["ccode2"]))
        except (KeyError, ValueError):
            continue
        if a and b and a != b:
            out.add(pair(a, b))
    return out


def _year_in(row: Mapping[str, str], year: int, start: str, end: str) -> bool:
    lo = int(row[start]) if row.get(start) else -10_000
    hi = int(row[end]) if row.get(end) else 10_000
    return lo <= year <= hi


@dataclass(slots=True)
class Truth:
    """What the historical record says about the dyads of one year."""

    year: int
    allied: set[Pair] = field(default_factory=set)
    rival: set[Pair] = field(default_factory=set)
    un_agreement: dict[Pair, float] = field(default_factory=dict)

    def label(self, p: Pair) -> int | None:
        """+1 allied, -1 rival or fighting, None when neither or both (mixed)."""
        ally, rival = p in self.allied, p in self.rival
        if ally == rival:
            return None
        return 1 if ally else -1

    def counts(self) -> dict[str, int]:
        return {
            "allied": len(self.allied - self.rival),
            "rival": len(self.rival - self.allied),
            "mixed": len(self.allied & self.rival),
            "un_dyads": len(self.un_agreement),
        }


def load_truth(year: int, relations_dir: Path = RELATIONS, cow: Mapping[int, str] | None = None) -> Truth:
    """Alliances, rivalries, disputes and UN voting agreement of one year, as ISO3 dyads."""
    cow = cow or cow_to_iso(relations_dir)
    csvs = relations_dir / "csv"
    y = str(year)
    truth = Truth(year)
    truth.allied |= _dyads(
        _rows(csvs / "atop_alliance.csv"),
        cow,
        lambda r: (
            r["year"] == y
            and any(
                r.get(k) == "1"
                for k in ("atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul")
            )
        ),
    )
    truth.allied |= _dyads(
        _rows(csvs / "cow_alliance.csv"),
        cow,
        lambda r: (
            r["year"] == y
            and any(r.get(k) == "1" for k in ("cow_defense", "cow_neutral", "cow_nonagg", "cow_entente"))
        ),
    )
    truth.rival |= _dyads(
        _rows(csvs / "td_rivalries.csv"), cow, lambda r: _year_in(r, year, "styear", "endyear")
    )
    truth.rival |= _dyads(_rows(csvs / "tss_rivalries.csv"), cow, lambda r: _year_in(r, year, "start", "end"))
    for name in ("cow_mid_ddydisps.csv", "gml_mid_ddydisps.csv", "cow_war_inter.csv"):
        truth.rival |= _dyads(_rows(csvs / name), cow, lambda r: r["year"] == y)
    for row in _rows(relations_dir / "un_ga_dyadic_agreement_1990_2020.csv.gz"):
        if row["year"] != y or not row.get("agree_exact"):
            continue
        a, b = cow.get(int(row["ccode1"])), cow.get(int(row["ccode2"]))
        if a and b and a != b:
            truth.un_agreement[pair(a, b)] = float(row["agree_exact"])
    return truth


# --------------------------------------------------------------------------------------------- scores
@dataclass(slots=True)
class DyadScore:
    score: float
    n: int


def network_scores(con: duckdb.DuckDBPyConnection, year: int | None = None) -> dict[Pair, DyadScore]:
    """Our relations of states in the network of `year` (rule 10: an event the text dates to another year,
    "the Gulf War in 1991", is not evidence of that year); the whole store when no year is given."""
    scope = dyads.Scope(kind="states", since=str(year) if year else None, until=str(year) if year else None)
    return {
        (r.a, r.b): DyadScore(float(r.score), r.n_events)
        for r in dyads.relations(con, scope, n_evidence=0, counts=False)
        if r.score is not None
    }


#: The baseline's sentiment lexicon: a few dozen common words of cooperation and of conflict.
POSITIVE = frozenset(
    {
        "agree",
        "agreed",
        "agreement",
        "agreements",
        "ally",
        "allies",
        "allied",
        "alliance",
        "cooperate",
        "cooperated",
        "cooperation",
        "cooperative",
        "support",
        "supported",
        "supports",
        "aid",
        "aided",
        "assist",
        "assisted",
        "help",
        "helped",
        "praise",
        "praised",
        "welcome",
        "welcomed",
        "partner",
        "partners",
        "partnership",
        "friendship",
        "friendly",
        "friends",
        "talks",
        "treaty",
        "pact",
        "peace",
        "peaceful",
        "visit",
        "visited",
        "sign",
        "signed",
        "trade",
        "deal",
        "deals",
        "invest",
        "investment",
        "ties",
        "accord",
        "accords",
        "mediate",
        "mediated",
        "backing",
        "backed",
        "reconciliation",
        "normalise",
        "normalize",
        "normalised",
        "normalized",
    }
)
NEGATIVE = frozenset(
    {
        "attack",
        "attacked",
        "attacks",
        "accuse",
        "accused",
        "accuses",
        "condemn",
        "condemned",
        "condemns",
        "war",
        "wars",
        "fight",
        "fighting",
        "fought",
        "clash",
        "clashes",
        "clashed",
        "kill",
        "killed",
        "killing",
        "threat",
        "threats",
        "threaten",
        "threatened",
        "sanction",
        "sanctions",
        "dispute",
        "disputes",
        "disputed",
        "tension",
        "tensions",
        "protest",
        "protested",
        "reject",
        "rejected",
        "expel",
        "expelled",
        "invade",
        "invaded",
        "invasion",
        "bomb",
        "bombed",
        "bombing",
        "shell",
        "shelled",
        "shelling",
        "raid",
        "raids",
        "hostile",
        "enemy",
        "enemies",
        "rival",
        "rivals",
        "crisis",
        "boycott",
        "warn",
        "warned",
        "warns",
        "blame",
        "blamed",
        "deny",
        "denied",
        "seize",
        "seized",
        "troops",
        "border-clash",
        "ultimatum",
        "retaliate",
        "retaliation",
        "occupation",
        "occupied",
    }
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_SENTENCE = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z])|\n+")


def country_patterns(actors_dir: Path = ACTORS) -> list[tuple[re.Pattern[str], str]]:
    """Country names and demonyms -> ISO3: ngec_countries.csv, plus pycountry's names."""
    names: dict[str, str] = {}
    path = actors_dir / "ngec_countries.csv"
    if path.exists():
        for row in _rows(path):
            iso = row.get("CCA3")
            if not iso:
                continue
            for name in [row.get("Name", "")] + (row.get("Nationality") or "").split(","):
                name = name.strip()
                if len(name) >= 4 or name.isupper():
                    names.setdefault(name, iso)
    for country in pycountry.countries:
        for name in (country.name, getattr(country, "common_name", None)):
            if name and "," not in name:
                names.setdefault(name, country.alpha_3)
    ordered = sorted(names, key=len, reverse=True)
    return [(re.compile(r"(?<![\w.])" + re.escape(n) + r"(?![\w])"), names[n]) for n in ordered]


def sentence_scores(text: str, patterns: list[tuple[re.Pattern[str], str]]) -> Iterable[tuple[Pair, float]]:
    """(pair, sentiment in [-1, 1]) for every pair of countries named in one sentence."""
    for sentence in _SENTENCE.split(text):
        found: set[str] = set()
        rest = sentence
        for pattern, iso in patterns:
            if pattern.search(rest):
                found.add(iso)
                rest = pattern.sub(" ", rest)
        if len(found) < 2:
            continue
        words = [w.lower() for w in _WORD.findall(sentence)]
        pos = sum(w in POSITIVE for w in words)
        neg = sum(w in NEGATIVE for w in words)
        value = (pos - neg) / (pos + neg + 1)
        codes = sorted(found)
        for i, a in enumerate(codes):
            for b in codes[i + 1 :]:
                yield (a, b), value


def baseline_scores(
    con: duckdb.DuckDBPyConnection, patterns: list[tuple[re.Pattern[str], str]] | None = None
) -> dict[Pair, DyadScore]:
    """The naive baseline over the stored articles (near-duplicates once): mean sentence sentiment."""
    patterns = patterns or country_patterns()
    total: dict[Pair, float] = defaultdict(float)
    count: dict[Pair, int] = defaultdict(int)
    for (text,) in con.execute("SELECT text FROM articles WHERE near_duplicate_of IS NULL").fetchall():
        for p, value in sentence_scores(text or "", patterns):
            total[p] += value
            count[p] += 1
    return {p: DyadScore(total[p] / count[p], count[p]) for p in total}


# --------------------------------------------------------------------------------------------- comparison
def _rank(values: np.ndarray) -> np.ndarray:
    order = np.argsort(values, kind="mergesort")
    ranks = np.empty(len(values))
    ranks[order] = np.arange(1, len(values) + 1)
    for v in np.unique(values):  # average ranks of ties
        tied = values == v
        if tied.sum() > 1:
            ranks[tied] = ranks[tied].mean()
    return ranks


def correlations(x: list[float], y: list[float]) -> dict[str, float | None]:
    if len(x) < 3:
        return {"pearson": None, "spearman": None}
    xs, ys = np.asarray(x, float), np.asarray(y, float)

    def pearson(a: np.ndarray, b: np.ndarray) -> float | None:
        if a.std() == 0 or b.std() == 0:
            return None
        return float(np.corrcoef(a, b)[0, 1])

    p, s = pearson(xs, ys), pearson(_rank(xs), _rank(ys))
    return {"pearson": None if p is None else round(p, 4), "spearman": None if s is None else round(s, 4)}


def compare(scores: Mapping[Pair, DyadScore], truth: Truth, *, min_events: int = 2) -> dict[str, Any]:
    """Sign agreement with alliances and rivalries, and correlation with UN voting agreement."""
    judged = {p: s for p, s in scores.items() if s.n >= min_events and rules.sign_of(s.score) != 0}
    allied = [p for p in judged if truth.label(p) == 1]
    rival = [p for p in judged if truth.label(p) == -1]
    agree_allied = sum(1 for p in allied if judged[p].score > 0)
    agree_rival = sum(1 for p in rival if judged[p].score < 0)
    un = [p for p in judged if p in truth.un_agreement]

    def share(k: int, n: int) -> float | None:
        return round(k / n, 4) if n else None

    return {
        "dyads_scored": len(scores),
        "dyads_judged": len(judged),
        "allied": {"n": len(allied), "agree": agree_allied, "share": share(agree_allied, len(allied))},
        "rival": {"n": len(rival), "agree": agree_rival, "share": share(agree_rival, len(rival))},
        "sign_agreement": share(agree_allied + agree_rival, len(allied) + len(rival)),
        "un_voting": {
            "n": len(un),
            **correlations([judged[p].score for p in un], [truth.un_agreement[p] for p in un]),
        },
        "disagreements": [
            {
                "a": p[0],
                "b": p[1],
                "truth": truth.label(p),
                "score": round(judged[p].score, 3),
                "n": judged[p].n,
            }
            for p in sorted(allied + rival)
            if (judged[p].score > 0) != (truth.label(p) == 1)
        ][:25],
    }


def evaluate(
    con: duckdb.DuckDBPyConnection,
    truth: Truth,
    *,
    min_events: int = 2,
    patterns: list[tuple[re.Pattern[str], str]] | None = None,
) -> dict[str, Any]:
    """Our network and the baseline on one store, against one year's truth."""
    dated = con.execute("SELECT count(*) FROM articles WHERE published IS NOT NULL").fetchone()[0]  # type: ignore[index]
    # AG News items carry no date: the whole corpus stands for its year
    ours = network_scores(con, truth.year if dated else None)
    base = baseline_scores(con, patterns)
    both = {p for p in ours if ours[p].n >= min_events} & {p for p in base if base[p].n >= min_events}
    return {
        "year": truth.year,
        "truth": truth.counts(),
        "min_events": min_events,
        "events": con.execute("SELECT count(*) FROM events").fetchone()[0],  # type: ignore[index]
        "network": compare(ours, truth, min_events=min_events),
        "baseline": compare(base, truth, min_events=min_events),
        "on_common_dyads": {
            "n": len(both),
            "network": compare({p: ours[p] for p in both}, truth, min_events=min_events),
            "baseline": compare({p: base[p] for p in both}, truth, min_events=min_events),
        },
    }


# --------------------------------------------------------------------------------------------- corpora
@dataclass(frozen=True, slots=True)
class Corpus:
    name: str
    path: Path
    year: int
    text: str
    title: str
    date: str
    id: str


CORPORA = (
    Corpus(
        "reuters_1996", NEWS / "reuters_1996_conll2003_docs.jsonl", 1996, "text", "headline", "date", "doc_id"
    ),
    Corpus("ag_news_2004", NEWS / "ag_news_world_2004.csv", 2004, "description", "title", "date", "id"),
)


def ingest(corpus: Corpus, db: Path, *, limit: int | None, workers: int) -> dict[str, Any]:
    """Ingest a corpus (or its first `limit` records) into a store with every extractor."""
    from entente import pipeline
    from entente.ingest import ColumnMap, IngestOptions
    from entente.store import Store

    source = corpus.path
    if limit:
        lines = corpus.path.read_text(encoding="utf-8").splitlines()
        head = 1 if corpus.path.suffix == ".csv" else 0
        source = db.parent / f"{corpus.name}_{limit}{corpus.path.suffix}"
        source.write_text("\n".join(lines[: head + limit]) + "\n", encoding="utf-8")
    options = IngestOptions(
        columns=ColumnMap(text=corpus.text, title=corpus.title, date=corpus.date, id=corpus.id), min_words=5
    )
    started = time.perf_counter()
    with Store(db) as store:
        summary = pipeline.ingest([str(source)], store, options=options, extract=True, workers=workers)
    return {
        "stored": summary.stored,
        "read": summary.read,
        "rejected": summary.rejected,
        "seconds": round(time.perf_counter() - started, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="records per corpus (default: all)")
    parser.add_argument(
        "--keep",
        type=Path,
        default=None,
        help="directory for the stores (reused when present; default: a temporary one)",
    )
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--min-events", type=int, default=2, help="evidence a dyad needs to be judged")
    parser.add_argument("--json", action="store_true", help="print only the JSON report")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)
    from entente.store import Store

    cow = cow_to_iso()
    patterns = country_patterns()
    report: dict[str, Any] = {"rules": rules.current().as_dict(), "corpora": {}}
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for corpus in CORPORA:
            db = folder / f"{corpus.name}{'_' + str(args.limit) if args.limit else ''}.duckdb"
            entry: dict[str, Any] = {"ingest": ingest(corpus, db, limit=args.limit, workers=args.workers)}
            with Store(db, read_only=True) as store:
                entry.update(
                    evaluate(
                        store.con,
                        load_truth(corpus.year, cow=cow),
                        min_events=args.min_events,
                        patterns=patterns,
                    )
                )
            if not entry["events"]:
                entry["note"] = "no events were extracted: the event extractor is not installed yet"
            report["corpora"][corpus.name] = entry
    print(json.dumps(report, indent=2, ensure_ascii=False))
    if not args.json:
        for name, entry in report["corpora"].items():
            ours, base = entry["network"], entry["baseline"]
            print(
                f"{name}: sign agreement network {ours['sign_agreement']} "
                f"(allied {ours['allied']['share']}, rival {ours['rival']['share']}, n "
                f"{ours['allied']['n'] + ours['rival']['n']}); baseline {base['sign_agreement']} "
                f"(n {base['allied']['n'] + base['rival']['n']}); UN spearman network "
                f"{ours['un_voting']['spearman']} baseline {base['un_voting']['spearman']}",
                file=sys.stderr,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
