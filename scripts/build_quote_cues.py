#!/usr/bin/env python3
"""Learn the quote extractor's extra cue lexicon from PolNeAR's train split.

PolNeAR (../shared/data/quotes/polnear, v1.0.0) is univocal: every token is source, cue, content or
nothing. So for each lemma and part of speech (and for a head with the preposition or particle
marked with it: "go after", "supporter of", "critical of") we can count how often the corpus marks
it as a cue (`n_cue`) against how often it occurs (`n_seen`). Occurrences inside another
attribution's content are not counted in `n_seen`: the corpus never marks a cue there (a nested
attribution is part of the outer one) and the extractor drops such nested quotes anyway, so they say
nothing about the word.

A word can be a cue in PolNeAR and still suit the extractor's frames badly ("released a statement"
is a cue, "released its earnings" is not, and the extractor cannot tell them apart). So each row
also records how the extractor fares with it on train: `n_fired`, the quotes it gives from that cue,
and `n_hit`, those that match a gold attribution; rows whose hit share is too low are dropped.

Thresholds (a minimum `n_cue`, a minimum `rate` = n_cue / n_seen and a minimum hit share
n_hit / n_fired) are chosen by cross-validation inside train only: the articles are split into folds by their position in file-name order; for
each fold the table (its counts and its hit shares) is learned from the other folds and the
extractor, with that table added to the hand lexicon, is scored on the held-out fold. The thresholds with the best pooled content F1
(speaker accuracy at least `--min-speaker`) win; the table is then learned from all of train with
them and written to `src/entente/quotes/data/learned_cues.tsv`, sorted, with a header saying how.
The dev split is never read.

    .venv/bin/python scripts/build_quote_cues.py ../shared/data/quotes/polnear
    .venv/bin/python scripts/build_quote_cues.py ../shared/data/quotes/polnear --cache /tmp/train.spacy

`--cache` keeps the parsed train split (a spaCy DocBin) between runs; parsing is the slow part.
Bump `entente.quotes.records.EXTRACTOR` when the written table changes.
"""
from __future__ import annotations

import argparse
import collections
import dataclasses
import itertools
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from spacy.tokens import Doc, DocBin

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from entente.nlp import load_pipeline  # noqa: E402
from entente.quotes.cues import LEARNED_COLUMNS, LearnedCues, load_cues, parse_learned  # noqa: E402
from entente.quotes.evaluate import (GoldArticle, Pieces, Tally, length, overlap, read_polnear,  # noqa: E402
                                     score_article)
from entente.quotes.extract import extract_quotes  # noqa: E402

OUTPUT = ROOT / "src" / "entente" / "quotes" / "data" / "learned_cues.tsv"
#: the parts of speech a cue head may have, and the kind of a lone lemma of each
KINDS = {"VERB": "verb", "NOUN": "noun", "ADJ": "adj"}
#: dependents that join a head into a two-word cue ("go after", "lay out", "critical of")
PAIR_DEPS = ("prep", "prt")
MIN_CUE_GRID = (3, 5)
MIN_RATE_GRID = (0.2, 0.3, 0.4)
#: minimum share of a learned cue's own quotes (on the articles it was learned from) that match a gold
#: attribution; 0 keeps every row that passes the counts
MIN_HIT_GRID = (0.0, 0.35, 0.5)
FOLDS = 3

Key = tuple[str, str]  # (lemma or "lemma preposition", POS of the head)


@dataclasses.dataclass(slots=True)
class Counts:
    """How often each key is a cue and is seen outside another attribution's content."""

    cue: collections.Counter[Key] = dataclasses.field(default_factory=collections.Counter)
    seen: collections.Counter[Key] = dataclasses.field(default_factory=collections.Counter)

    def add(self, other: Counts) -> None:
        self.cue.update(other.cue)
        self.seen.update(other.seen)


# ------------------------------------------------------------------------------------------
# counting
# ------------------------------------------------------------------------------------------
def token_indices(doc: Doc, pieces: Pieces) -> set[int]:
    """The tokens that character pieces touch."""
    found: set[int] = set()
    for start, end in pieces:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            found.update(range(span.start, span.end))
    return found


def count_article(article: GoldArticle, doc: Doc) -> Counts:
    """Cue and occurrence counts of one article's content words and head-preposition pairs."""
    cue: set[int] = set()
    content: set[int] = set()
    for gold in article.attributions:
        cue |= token_indices(doc, gold.cue)
        content |= token_indices(doc, gold.content)
    counts = Counts()
    for token in doc:
        if token.pos_ not in KINDS or not token.lemma_.isalpha():
            continue
        if token.i in content and token.i not in cue:
            continue  # inside what someone said: never a cue in a univocal corpus
        lemma = token.lemma_.lower()
        counts.seen[(lemma, token.pos_)] += 1
        counts.cue[(lemma, token.pos_)] += token.i in cue
        for child in token.rights:
            if child.dep_ in PAIR_DEPS and child.is_alpha:
                pair = (f"{lemma} {child.lower_}", token.pos_)
                counts.seen[pair] += 1
                counts.cue[pair] += token.i in cue and child.i in cue
    return counts


def count_all(pairs: Iterable[tuple[GoldArticle, Doc]]) -> Counts:
    total = Counts()
    for article, doc in pairs:
        total.add(count_article(article, doc))
    return total


Row = tuple[str, str, str, int, int, float, int, int]


def select(counts: Counts, min_cue: int, min_rate: float) -> list[Row]:
    """The rows that pass the thresholds, sorted by kind, lemma and POS (a stable file); their
    `n_fired`/`n_hit` columns are filled by `with_hits`."""
    rows = []
    for (lemma, pos), n_cue in counts.cue.items():
        n_seen = counts.seen[(lemma, pos)]
        rate = n_cue / n_seen
        if n_cue >= min_cue and rate >= min_rate:
            kind = "prep-phrase" if " " in lemma else KINDS[pos]
            rows.append((lemma, pos, kind, n_cue, n_seen, round(rate, 3), 0, 0))
    return sorted(rows, key=lambda r: (r[2], r[0], r[1]))


def as_lines(rows: Sequence[Row]) -> list[str]:
    return ["\t".join(LEARNED_COLUMNS)] + ["\t".join(str(v) for v in row) for row in rows]


def _matches(article: GoldArticle, pieces: Pieces) -> bool:
    """True if some gold content and `pieces` overlap by half of each (the scorer's criterion)."""
    return any((shared := overlap(g.content, pieces)) and shared >= 0.5 * length(g.content)
               and shared >= 0.5 * length(pieces) for g in article.attributions)


def with_hits(pairs: Sequence[tuple[GoldArticle, Doc]], rows: Sequence[Row]) -> list[Row]:
    """The rows with `n_fired` (quotes the extractor gives from the row's cue on these articles) and
    `n_hit` (those matching a gold attribution): how well the extractor's frame suits the word."""
    keys = {(r[0], r[1]) for r in rows}
    cues = dataclasses.replace(load_cues(), learned=parse_learned(as_lines(rows)))
    fired: collections.Counter[Key] = collections.Counter()
    hit: collections.Counter[Key] = collections.Counter()
    for article, doc in pairs:
        for quote in extract_quotes(doc, cues=cues, mentions=[]):
            span = doc.char_span(quote.cue.start, quote.cue.end, alignment_mode="expand") if quote.cue else None
            if span is None or len(span) == 0:
                continue
            head = span[0]
            key = (f"{head.lemma_.lower()} {span[-1].lower_}" if len(span) > 1 else head.lemma_.lower(), head.pos_)
            if key in keys and head.lemma_.lower() not in cues.verbs:
                fired[key] += 1
                hit[key] += _matches(article, quote.content.pieces or ((quote.content.start, quote.content.end),))
    return [r[:6] + (fired[(r[0], r[1])], hit[(r[0], r[1])]) for r in rows]


def keep_hits(rows: Sequence[Row], min_hit: float) -> list[Row]:
    """The rows whose own quotes match gold at least `min_hit` of the time (rows that never fired are
    kept: there is no evidence against them, and they seldom fire)."""
    return [r for r in rows if r[6] == 0 or r[7] / r[6] >= min_hit]


# ------------------------------------------------------------------------------------------
# cross-validation inside train
# ------------------------------------------------------------------------------------------
def fold_of(index: int, folds: int) -> int:
    """Articles go to folds in turn by file-name order: each fold spans all publishers and months."""
    return index % folds


def score_fold(pairs: Sequence[tuple[GoldArticle, Doc]], learned: LearnedCues) -> Tally:
    cues = dataclasses.replace(load_cues(), learned=learned)
    tally = Tally()
    for article, doc in pairs:
        score_article(article, extract_quotes(doc, cues=cues, mentions=[]), tally)
    return tally


def pooled(tallies: Iterable[Tally]) -> dict[str, float]:
    total = Tally()
    for tally in tallies:
        for name in ("gold", "predicted", "matched", "speaker_evaluated", "speaker_right"):
            setattr(total, name, getattr(total, name) + getattr(tally, name))
    result = total.as_dict()
    return {"precision": result["precision"], "recall": result["recall"], "f1": result["f1"],
            "speaker": result["speaker"]["accuracy"]}


Setting = tuple[int, float, float]  # min n_cue, min rate, min hit share
NO_TABLE: Setting = (0, 1.1, 1.1)


def cross_validate(pairs: Sequence[tuple[GoldArticle, Doc]], folds: int) -> dict[Setting, dict[str, float]]:
    """Pooled held-out scores of every threshold setting (and of no learned table, `NO_TABLE`)."""
    parts = [[p for i, p in enumerate(pairs) if fold_of(i, folds) == k] for k in range(folds)]
    fold_counts = [count_all(part) for part in parts]
    results: dict[Setting, dict[str, float]] = {NO_TABLE: pooled(score_fold(part, LearnedCues()) for part in parts)}
    for min_cue, min_rate in itertools.product(MIN_CUE_GRID, MIN_RATE_GRID):
        tallies: dict[float, list[Tally]] = {h: [] for h in MIN_HIT_GRID}
        for k, part in enumerate(parts):
            learned_from = Counts()
            for j, counts in enumerate(fold_counts):
                if j != k:
                    learned_from.add(counts)
            others = [p for j, other in enumerate(parts) if j != k for p in other]
            rows = with_hits(others, select(learned_from, min_cue, min_rate))
            for min_hit in MIN_HIT_GRID:
                tallies[min_hit].append(score_fold(part, parse_learned(as_lines(keep_hits(rows, min_hit)))))
        for min_hit in MIN_HIT_GRID:
            results[(min_cue, min_rate, min_hit)] = pooled(tallies[min_hit])
            print(f"  n_cue>={min_cue} rate>={min_rate} hit>={min_hit}: {results[(min_cue, min_rate, min_hit)]}",
                  file=sys.stderr)
    return results


def best(results: dict[Setting, dict[str, float]], min_speaker: float) -> Setting:
    """The best F1 with speaker accuracy kept; ties go to the stricter (smaller) table."""
    allowed = [k for k, v in results.items() if k != NO_TABLE and v["speaker"] >= min_speaker]
    return max(allowed, key=lambda k: (results[k]["f1"], k))


# ------------------------------------------------------------------------------------------
# input and output
# ------------------------------------------------------------------------------------------
def parsed(articles: Sequence[GoldArticle], cache: Path | None) -> list[Doc]:
    """The articles parsed by the project's bare spaCy pipeline, from `cache` when it holds them."""
    nlp = load_pipeline(stages=())
    if cache is not None and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if len(docs) == len(articles) and all(d.text == a.text for d, a in zip(docs, articles)):
            return docs
    docs = list(nlp.pipe((a.text for a in articles), batch_size=16))
    if cache is not None:
        bin_ = DocBin(store_user_data=False)
        for doc in docs:
            bin_.add(doc)
        bin_.to_disk(cache)
    return docs


def header(setting: Setting, folds: int, results: dict[Setting, dict[str, float]], articles: int) -> list[str]:
    min_cue, min_rate, min_hit = setting
    chosen, baseline = results[setting], results[NO_TABLE]
    return [
        "# Cue lemmas learned from PolNeAR v1.0.0, train split only (Newell, Margolin & Ruths, LREC 2018;",
        f"# {articles} articles, first annotator each). Written by scripts/build_quote_cues.py -- do not edit by hand:",
        "#   .venv/bin/python scripts/build_quote_cues.py ../shared/data/quotes/polnear",
        "# n_cue: times the corpus marks the lemma (with its head's POS; \"lemma prep\" = head + preposition or",
        "# particle, both marked) as a cue; n_seen: its occurrences outside another attribution's content;",
        "# n_fired: quotes the extractor gives from it on train; n_hit: those that match a gold attribution.",
        f"# Kept: n_cue >= {min_cue} and rate >= {min_rate} and n_hit/n_fired >= {min_hit} (or n_fired = 0),",
        f"# chosen by {folds}-fold cross-validation inside train",
        "# (learn on the other folds, extract and score the held-out fold; best pooled content F1):",
        f"#   held-out P/R/F1/speaker without the table {baseline['precision']}/{baseline['recall']}/"
        f"{baseline['f1']}/{baseline['speaker']},",
        f"#   with it {chosen['precision']}/{chosen['recall']}/{chosen['f1']}/{chosen['speaker']}.",
        "# The extractor uses only rows whose lemma the hand lexicon (cues.toml) lacks.",
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("polnear", type=Path, help="the PolNeAR folder (holding data/train)")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--cache", type=Path, default=None, help="a DocBin file keeping the parsed train split")
    parser.add_argument("--folds", type=int, default=FOLDS)
    parser.add_argument("--min-speaker", type=float, default=0.85)
    args = parser.parse_args(argv)
    articles = read_polnear(args.polnear, split="train")
    pairs = list(zip(articles, parsed(articles, args.cache)))
    results = cross_validate(pairs, args.folds)
    setting = best(results, args.min_speaker)
    rows = keep_hits(with_hits(pairs, select(count_all(pairs), setting[0], setting[1])), setting[2])
    lines = header(setting, args.folds, results, len(articles)) + as_lines(rows)
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"n_cue >= {setting[0]}, rate >= {setting[1]}, hit >= {setting[2]}: {len(rows)} rows -> {args.output}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
