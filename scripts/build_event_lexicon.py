#!/usr/bin/env python3
"""Build the event lexicon tables of `entente.events` from the shared ontology files.

Run from the repository root:  .venv/bin/python scripts/build_event_lexicon.py [--shared ../shared]

Reads (all under ../shared/data/):
  ontology/cameo/PETRARCH2_verb_patterns_CAMEO.2.0.txt  (MIT)   verb blocks, phrase patterns, synonym sets
  ontology/plover/CAMEO2PLOVER-2021.txt                 (CC BY-SA 4.0)  CAMEO code -> PLOVER type, mode, context
  ontology/gdelt/CAMEO.goldsteinscale.txt               (GDELT, with attribution)  CAMEO code -> Goldstein score
  ontology/cameo/CAMEO_codefile.txt                     (MIT)   CAMEO code -> label
  actors/phoenix/Phoenix.IssueCoding.txt                (MIT)   issue keywords, for the dimension terms

Writes (under src/entente/events/data/), each a tab-separated table with a header line:
  petrarch_verbs.tsv      verb (lower case, phrasal verbs with spaces), cameo ('' = none), block
  petrarch_patterns.tsv   block, before, after, cameo ('' = no event); applies to every verb of the block
  petrarch_synsets.tsv    name, words
  cameo.tsv               cameo, label, plover, plover_mode, context, goldstein
  dimension_terms.tsv     term, dimension, source   (curated terms from dimensions.toml + Phoenix issues)

The curated files beside them (news_triggers.tsv, dimensions.toml) are edited by hand and only read here.
The output is deterministic: run it twice and the files are byte-identical.
"""
from __future__ import annotations

import argparse
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "entente" / "events" / "data"

#: CAMEO 01 (public statements) has no PLOVER type; these are our documented exceptions, all
#: allowed by the PLOVER manual's note on the translation table. CAMEO 02 (appeals) is a request.
EXTRA_PLOVER = {
    "02": ("REQUEST", "", ""),
    "016": ("REJECT", "", ""),   # deny responsibility, deny a report or an accusation
}

_CODE = re.compile(r"\[([0-9:\-]*)\]")


def _clean_word(word: str) -> str:
    """PETRARCH spelling to ours: lower case, no trailing '_' (which only blocks plurals)."""
    return word.strip().rstrip("_").lower()


def _first_code(raw: str) -> str | None:
    """'[042:043]' -> '042'; '[:173]' -> '173'; '[---]' -> '' (explicitly no event); no code -> None."""
    m = _CODE.search(raw)
    if not m:
        return None
    text = m.group(1)
    if text.startswith("---"):
        return ""
    parts = [p for p in text.split(":") if p and p != "---"]
    return parts[0] if parts else ""


def parse_petrarch(path: Path) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str, str]],
                                        dict[str, list[str]]]:
    """Verbs (verb, cameo, block), patterns (block, before, after, cameo) and synonym sets.

    A pattern belongs to its verb block and applies to every verb of the block, as in PETRARCH.
    """
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    synsets: dict[str, list[str]] = {}
    verbs: list[tuple[str, str, str]] = []
    patterns: list[tuple[str, str, str, str]] = []
    section = "head"
    current_set: str | None = None
    block = ""
    block_code = ""
    for raw in lines:
        line = raw.split("#", 1)[0].rstrip() if not raw.startswith("#") else ""
        if raw.startswith("####### SYNONYM SETS"):
            section = "synsets"
            continue
        if raw.startswith("####### VERB PATTERNS"):
            section = "verbs"
            continue
        if not line.strip():
            continue
        if section == "synsets":
            if line.startswith("&"):
                current_set = line.strip()[1:].rstrip("_").upper()
                synsets[current_set] = []
            elif line.startswith("+") and current_set:
                word = _clean_word(line[1:].split()[0])
                if word:
                    synsets[current_set].append(word.replace("_", " "))
            continue
        if section != "verbs":
            continue
        if line.startswith("---"):
            m = re.match(r"---\s+(\S+)\s+(\[[^\]]*\])", line)
            if m:
                block = m.group(1)
                code = _first_code(m.group(2))
                block_code = code or ""
            continue
        if line.startswith("-"):
            code = _first_code(line)
            if code is None:
                continue
            body = _CODE.sub("", line[1:]).strip()
            if "*" not in body:
                continue
            before, after = body.split("*", 1)
            before_words = _pattern_words(before)
            after_words = _pattern_words(after)
            if not before_words and not after_words:
                continue
            patterns.append((block, " ".join(before_words), " ".join(after_words), code))
            continue
        # a verb line: VERB [{FORMS}] [code]   or   +PHRASAL_VERB {forms} [code]
        text = re.sub(r"\{[^}]*\}", " ", line)
        code = _first_code(text)
        text = _CODE.sub(" ", text).strip()
        if not text:
            continue
        word = text.split()[0].lstrip("+")
        verb = _clean_word(word).replace("_", " ").strip()
        if not verb or not re.match(r"^[a-z][a-z' \-]*$", verb):
            continue
        # a multi-word entry ending in an auxiliary-like word is a fixed phrase ("killed and"): skip it
        if " " in verb and verb.split()[-1] in {"and", "or", "by", "{}"}:
            continue
        verbs.append((verb, block_code if code is None else code, block))
    return verbs, patterns, synsets


def _pattern_words(text: str) -> list[str]:
    """The content words of one side of a pattern, synonym sets kept as '&NAME', markers dropped."""
    words = []
    for token in re.findall(r"&[A-Z_]+|[A-Za-z][A-Za-z'\-_]*", text.replace("{", " ").replace("}", " ")):
        if token.startswith("&"):
            words.append(token.rstrip("_").upper())
        else:
            w = _clean_word(token)
            if w:
                words.append(w.replace("_", " ").split()[-1])
    return words


def parse_cameo_plover(path: Path) -> dict[str, tuple[str, str, str]]:
    table: dict[str, tuple[str, str, str]] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        m = re.match(r"^(\d{2,4}):\s*(.*)$", line)
        if not m:
            continue
        code, rest = m.groups()
        fields = [f.strip() for f in rest.split(",")]
        fields += [""] * (3 - len(fields))
        plover, mode, context = fields[0], fields[1], ",".join(f for f in fields[2:] if f)
        if plover and code not in table:
            table[code] = (plover.upper(), mode.replace(" ", ""), context.replace(";", ",").replace(" ", ""))
    return table


def parse_goldstein(path: Path) -> dict[str, float]:
    out: dict[str, float] = {}
    for raw in path.read_text(encoding="utf-8").splitlines()[1:]:
        parts = raw.split()
        if len(parts) == 2 and parts[0].isdigit():
            out[parts[0]] = float(parts[1])
    return out


def parse_cameo_labels(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        m = re.match(r"^(?://)?(?:LABEL:\s*)?(\d{2,4})\s*[:=]\s*(.+)$", raw.strip())
        if m:
            out.setdefault(m.group(1), m.group(2).strip())
    return out


def parse_phoenix_issues(path: Path, categories: set[str]) -> list[tuple[str, str]]:
    """(term, category) for the requested Phoenix issue categories; negative (~) entries skipped."""
    out: list[tuple[str, str]] = []
    category = None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.strip()
        m = re.match(r'<ISSUE CATEGORY="([^"]+)"', line)
        if m:
            category = m.group(1)
            continue
        if line.startswith("</ISSUE"):
            category = None
            continue
        if not category or category not in categories or not line or line[0] in "#~<":
            continue
        term = re.sub(r"\[[^\]]*\]", "", line).strip()
        term = term.replace("n:", "").replace("+", " ").lower()
        term = re.sub(r"\s+", " ", term).strip()
        if term and re.match(r"^[a-z][a-z \-']*$", term) and len(term.split()) <= 3:
            out.append((term, category))
    return out


def code_parent(code: str) -> str | None:
    return code[:-1] if len(code) > 2 else None


def write_tsv(path: Path, header: list[str], rows: list[tuple[object, ...]]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("\t".join(header) + "\n")
        for row in rows:
            fh.write("\t".join("" if v is None else str(v) for v in row) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared data folder")
    args = parser.parse_args(argv)
    data = args.shared / "data"
    if not data.exists():
        print(f"no shared data at {data}", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)

    verbs, patterns, synsets = parse_petrarch(data / "ontology/cameo/PETRARCH2_verb_patterns_CAMEO.2.0.txt")
    seen: set[tuple[str, str]] = set()
    verb_rows = []
    for verb, code, block in verbs:
        if (verb, block) in seen:
            continue
        seen.add((verb, block))
        verb_rows.append((verb, code, block))
    write_tsv(OUT / "petrarch_verbs.tsv", ["verb", "cameo", "block"], verb_rows)
    pattern_rows = sorted(set(patterns))
    write_tsv(OUT / "petrarch_patterns.tsv", ["block", "before", "after", "cameo"], pattern_rows)
    write_tsv(OUT / "petrarch_synsets.tsv", ["name", "words"],
              [(name, "|".join(words)) for name, words in sorted(synsets.items()) if words])

    plover = parse_cameo_plover(data / "ontology/plover/CAMEO2PLOVER-2021.txt")
    plover.update({k: v for k, v in EXTRA_PLOVER.items() if k not in plover})
    goldstein = parse_goldstein(data / "ontology/gdelt/CAMEO.goldsteinscale.txt")
    labels = parse_cameo_labels(data / "ontology/cameo/CAMEO_codefile.txt")
    codes = sorted(set(goldstein) | set(plover) | {c for c in labels if c.isdigit()})
    cameo_rows = []
    for code in codes:
        mapped = None
        c: str | None = code
        while c is not None and mapped is None:
            mapped = plover.get(c)
            c = code_parent(c)
        if mapped is None:
            mapped = plover.get(code[:2]) or ("", "", "")
        score = None
        c = code
        while c is not None and score is None:
            score = goldstein.get(c)
            c = code_parent(c)
        cameo_rows.append((code, labels.get(code, ""), mapped[0], mapped[1], mapped[2],
                           "" if score is None else score))
    write_tsv(OUT / "cameo.tsv", ["cameo", "label", "plover", "plover_mode", "context", "goldstein"], cameo_rows)

    vocab = tomllib.loads((OUT / "dimensions.toml").read_text(encoding="utf-8"))
    term_rows: dict[str, tuple[str, str, str]] = {}
    for dim, spec in vocab["dimension"].items():
        for term in spec.get("terms", []):
            term_rows.setdefault(term.lower(), (term.lower(), dim, "curated"))
    wanted = {cat: dim for dim, spec in vocab["dimension"].items() for cat in spec.get("phoenix", [])}
    for term, cat in parse_phoenix_issues(data / "actors/phoenix/Phoenix.IssueCoding.txt", set(wanted)):
        if term in set(vocab.get("exclude", {}).get("terms", [])):
            continue
        term_rows.setdefault(term, (term, wanted[cat], f"phoenix:{cat}"))
    write_tsv(OUT / "dimension_terms.tsv", ["term", "dimension", "source"], sorted(term_rows.values()))

    print(f"verbs {len(verb_rows)}, patterns {len(pattern_rows)}, synsets {len(synsets)}, "
          f"cameo codes {len(cameo_rows)}, dimension terms {len(term_rows)} -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
