#!/usr/bin/env python3
"""Country and sector accuracy of entente's actor resolution on another coder's phrase cases.

    python scripts/eval_actor_cases.py [--cases ../shared/data/actors/actor_resolution_cases.jsonl] [--errors]

Each case is {"method", "args": [phrase, context?, date?], "expected": {...}}. We resolve the phrase with
`resolve_phrase(phrase, date=..., context=...)` and compare the first actor found:
  * country: expected "country" (or "cc" for search_nat); "" means no country. Their bloc codes are
    mapped to ours: UNO = anything of the UN system, EUR = the EU and its organs, IGO = any other
    international organisation. A `country__NotEq` expectation holds if we give another country or none.
  * sector: expected "code_1"; "" means no sector (a state or a place on its own). Our DIP counts as
    their GOV (PLOVER has no DIP). Our "former" (ELI) is compared as ELI.
Cases of method query_wiki expect a Wikipedia title only: they are counted, not scored. Cases marked
xfail by the suite are scored separately. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from entente.actors import get_kb, resolve_phrase  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "data" / "actors" / "actor_resolution_cases.jsonl"


def their_country(res, kb) -> str:
    if res is None or not res.country:
        return ""
    c = res.country
    actor = kb.get(c)
    if actor is not None and actor.kind in ("igo", "organ") or c in ("UN", "EU"):
        if c == "UN" or (actor and actor.country == "UN"):
            return "UNO"
        if c == "EU" or (actor and actor.country == "EU"):
            return "EUR"
        return "IGO"
    return c


RELIGIONS = {"BUD", "CHR", "MOS", "JEW", "HIN", "CTH", "ORT", "PRO", "SHI", "SUN"}


def sector_ok(got: str, want: str) -> bool:
    """Equal, or the same category under the two coders' names: PLOVER MED is CAMEO HLH; our REL covers
    their religion codes (BUD, CHR, MOS ...)."""
    if got == want:
        return True
    return (got == "MED" and want == "HLH") or (got == "REL" and want in RELIGIONS)


def their_sector(res) -> str:
    if res is None or not res.sector:
        return ""
    return "GOV" if res.sector == "DIP" else res.sector


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=Path, default=DEFAULT)
    ap.add_argument("--errors", action="store_true", help="also list the failed cases")
    ap.add_argument(
        "--today",
        default=None,
        help="the date meant by a missing date or 'Today' (default: the real today); the suite was "
        "written around 2022, so --today 2022-06-01 shows what its authors expected",
    )
    args = ap.parse_args(argv)
    kb = get_kb()
    per_method: Counter[str] = Counter()
    tally = defaultdict(lambda: Counter())
    errors = []
    for line in args.cases.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        case = json.loads(line)
        method, cargs, exp = case["method"], case["args"], case["expected"]
        per_method[method] += 1
        phrase = cargs[0].strip()
        context = cargs[1] if len(cargs) > 1 and cargs[1] else None
        date = cargs[2] if len(cargs) > 2 and cargs[2] else None
        if args.today and (date is None or date.strip().lower() in ("today", "now")):
            date = args.today
        group = "xfail" if case.get("xfail") else "main"
        res = resolve_phrase(phrase, date=date, context=context, kb=kb)
        first = res[0] if res else None
        got_c, got_s = their_country(first, kb), their_sector(first)
        want_c = exp.get("country", exp.get("cc"))
        if want_c is not None:
            ok = got_c == want_c
            tally[group]["country_n"] += 1
            tally[group]["country_ok"] += ok
            if not ok and group == "main":
                errors.append(
                    {"phrase": phrase, "args": cargs[1:], "field": "country", "want": want_c, "got": got_c}
                )
        elif "country__NotEq" in exp:
            ok = got_c != exp["country__NotEq"]
            tally[group]["country_n"] += 1
            tally[group]["country_ok"] += ok
        if "code_1" in exp:
            ok = sector_ok(got_s, exp["code_1"])
            tally[group]["sector_n"] += 1
            tally[group]["sector_ok"] += ok
            if not ok and group == "main":
                errors.append(
                    {
                        "phrase": phrase,
                        "args": cargs[1:],
                        "field": "sector",
                        "want": exp["code_1"],
                        "got": got_s,
                    }
                )
    out = {
        "cases": sum(per_method.values()),
        "cases_by_method": dict(sorted(per_method.items())),
        "today": args.today or "real today",
    }
    for group in ("main", "xfail"):
        t = tally[group]
        out[group] = {
            "country_cases": t["country_n"],
            "country_accuracy": round(t["country_ok"] / t["country_n"], 4) if t["country_n"] else None,
            "sector_cases": t["sector_n"],
            "sector_accuracy": round(t["sector_ok"] / t["sector_n"], 4) if t["sector_n"] else None,
        }
    out["not_scored"] = {"query_wiki": per_method.get("query_wiki", 0)}
    if args.errors:
        out["errors"] = errors
    print(json.dumps(out, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
