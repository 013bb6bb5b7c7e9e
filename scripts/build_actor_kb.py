#!/usr/bin/env python3
"""Build entente's actor knowledge base from the shared data files and the curated files.

    python scripts/build_actor_kb.py [--shared ../shared] [--out src/entente/actors/data]

Reads (licences in src/entente/actors/data/SOURCES.md):
  data/actors/leaders/countries/countries.json        names, capitals, demonyms (ODbL 1.0)
  data/actors/ngec_countries.csv                       nationality words (MIT)
  data/actors/phoenix/Phoenix.Countries.actors.txt     names, places, organs, people with dated roles (MIT)
  data/actors/phoenix/Phoenix.International.actors.txt IGO/NGO/company names, IGO officials (MIT)
  data/actors/phoenix/Phoenix.MilNonState.actors.txt   non-state armed groups (MIT)
  data/actors/PLOVER_agents.txt, phoenix/Phoenix.agents.txt   role nouns -> sectors (MIT)
  data/actors/leaders/wikidata_leaders_history/*.csv   heads of state and government to 2025 (Wikidata, CC0)
  data/actors/leaders/world_leaders_wikidata/wikidata_*.csv   office titles in 2021/2022 (Wikidata, CC0)
  data/actors/leaders/cia_world_leaders_2019/*.csv     cabinets, mid-2019 (US government work)
  src/entente/actors/data/curated/*                    hand-written facts (this project)
and writes, deterministically (sorted, gzip mtime 0):
  actors.jsonl.gz   one actor per line
  agents.tsv        role nouns: key, sector, subsector, flags
  offices.json      office titles per country (which office "president" means where)
  stats.json        counts by kind and by source
Not used, on purpose: reign/ (licence unclear), countryinfo/ (CC BY-SA; its MIT-licensed derivative,
the Phoenix dictionaries, is used instead), the Wikipedia-list CSVs (CC BY-SA).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from entente.actors._text import fold, is_acronym, key, slug, tokens  # noqa: E402

CURATED = ROOT / "src" / "entente" / "actors" / "data" / "curated"

# CAMEO country codes that differ from ISO 3166-1 alpha-3.
CAMEO_TO_ISO = {
    "TMP": "TLS",
    "KSV": "XKX",
    "USR": "SUN",
    "FRY": "YUG",
    "SCG": "SRB",
    "ROM": "ROU",
    "ZAR": "COD",
    "BUR": "MMR",
    "SRP": "SRB",
}
# mledoze codes that are not the ISO/EU usage.
MLEDOZE_FIX = {"UNK": "XKX"}

# Sector codes: CAMEO MED is media (PLOVER JRN); CAMEO HLH is health (PLOVER MED).
CAMEO_SECTOR = {"MED": "JRN", "HLH": "MED"}
KNOWN_SECTORS = {
    "GOV",
    "MIL",
    "REB",
    "OPP",
    "PTY",
    "COP",
    "JUD",
    "SPY",
    "LEG",
    "BUS",
    "CVL",
    "EDU",
    "REL",
    "MED",
    "JRN",
    "LAB",
    "AGR",
    "CRM",
    "UAF",
    "ELI",
    "NGO",
    "IGO",
    "REF",
    "PRE",
    "PRM",
    "SOC",
    "HRI",
    "ENV",
    "UNK",
    "JNK",
    "DIP",
    "DEV",
    "NGM",
    "MOD",
    "RAD",
    "INS",
    "AMN",
    "IRC",
    "GRP",
    "UNO",
}

# IGO codes of Phoenix (CAMEO IGO + region/organisation suffixes) -> our organisation codes.
IGO_MAP = [
    ("IGOUNOIAE", "IAEA"),
    ("IGOUNOHLHWHO", "WHO"),
    ("IGOUNOREFHCR", "UN.UNHCR"),
    ("IGOUNOKID", "UN.UNICEF"),
    ("IGOUNOAGRFAO", "FAO"),
    ("IGOUNOLABILO", "ILO"),
    ("IGOUNOJUDICJ", "UN.ICJ"),
    ("IGOUNOHRIHCH", "UN.OHCHR"),
    ("IGOUNODEVWBK", "WB"),
    ("IGOUNO", "UN"),
    ("IGOWSTNAT", "NATO"),
    ("IGOEUREEC", "EU"),
    ("IGOEURCOE", "COE"),
    ("IGOEURDEVEBR", "EBRD"),
    ("IGOMEAARL", "LAS"),
    ("IGOSEAASN", "ASEAN"),
    ("IGOAFRAFU", "AU"),
    ("IGOAFROAU", "OAU"),
    ("IGOBUSIMF", "IMF"),
    ("IGOBUSWTO", "WTO"),
    ("IGOJUDICC", "ICC"),
    ("IGOBUSOPC", "OPEC"),
    ("IGOOPC", "OPEC"),
    ("IGOWAFWAS", "ECOWAS"),
    ("IGOWAFBUSWAS", "ECOWAS"),
    ("IGOOAS", "OAS"),
    ("IGOMOSOIC", "OIC"),
    ("IGOCASCIS", "CIS"),
    ("IGOPGSGCC", "GCC"),
    ("IGOSAFSAD", "SADC"),
    ("IGOSAFDEVSAD", "SADC"),
    ("IGOEAFEAC", "EAC"),
    ("IGOCRB", "CARICOM"),
    ("IGOSAM", "ANDEAN"),
    ("IGOSASSAA", "SAARC"),
    ("IGOGOE", "G8"),
    ("IGOGOS", "G7"),
    ("IGOEAFDEVIAD", "IGAD"),
    ("IGODEVIAD", "IGAD"),
    ("IGOASADEVADB", "ADB"),
    ("IGOAFRDEVAFB", "AFDB"),
    ("IGONAMDEV", "IADB"),
    ("IGOCOPITP", "INTERPOL"),
    ("IGOSCN", "NORDIC"),
    ("IGOCWN", "CWN"),
    ("IGOWSTBUS", "OECD"),
    ("IGOMEAAMU", "AMU"),
    ("IGOASABUS", "ECO"),
]

TITLE_WORDS = {
    "president",
    "presidents",
    "prime",
    "minister",
    "ministers",
    "mr",
    "mrs",
    "ms",
    "dr",
    "senator",
    "sen",
    "gov",
    "governor",
    "general",
    "gen",
    "king",
    "queen",
    "prince",
    "princess",
    "sheikh",
    "administration",
    "government",
    "secretary",
    "chancellor",
    "foreign",
    "defense",
    "defence",
    "vice",
    "president-elect",
    "premier",
    "elect",
    "former",
    "ex",
    "leader",
    "chairman",
    "chief",
    "head",
    "speaker",
    "ambassador",
    "envoy",
    "commander",
    "colonel",
    "col",
    "admiral",
    "lt",
    "maj",
    "rep",
    "representative",
    "congressman",
    "sultan",
    "emir",
    "amir",
    "crown",
    "his",
    "her",
    "majesty",
    "highness",
    "late",
    "acting",
    "interim",
    "deputy",
    "first",
    "lady",
    "camp",
    "regime",
    "party",
    "spokesman",
    "office",
    "the",
    "of",
    "to",
}

PARTICLES = {
    "le",
    "la",
    "de",
    "du",
    "des",
    "van",
    "von",
    "der",
    "den",
    "al",
    "el",
    "bin",
    "ben",
    "ibn",
    "abu",
    "da",
    "di",
    "dos",
    "del",
    "zu",
    "ter",
    "st",
    "mac",
}
EAST_ASIAN = {"CHN", "TWN", "KOR", "PRK", "VNM", "KHM", "HKG", "MAC", "SGP", "MNG"}

ROYAL_NAMES = {
    "Q43274": "Charles III",
    "Q9682": "Elizabeth II",
    "Q280856": "George VI",
    "Q154952": "Willem-Alexander",
    "Q29574": "Beatrix",
    "Q154946": "Juliana",
    "Q155004": "Philippe",
    "Q3911": "Albert II",
    "Q12976": "Baudouin",
    "Q191045": "Felipe VI",
    "Q19943": "Juan Carlos I",
    "Q1004037": "Frederik X",
    "Q102139": "Margrethe II",
    "Q151312": "Frederik IX",
    "Q217096": "Naruhito",
    "Q1951896": "Mohamed bin Zayed Al Nahyan",
    "Q161319": "Guillaume",
    "Q1060355": "Simeon Saxe-Coburg-Gotha",
    "Q57464": "Abdullah II",
    "Q146906": "Hussein bin Talal",
    "Q57553": "Mohammed VI",
    "Q3910": "Albert II of Monaco",
    "Q57454": "Hans-Adam II",
    "Q57537": "Letsie III",
    "Q2657043": "Sultan Ibrahim Iskandar",
}
ROYAL_PRIMARY = {
    "Q43274": "GBR",
    "Q9682": "GBR",
    "Q280856": "GBR",
    "Q154952": "NLD",
    "Q29574": "NLD",
    "Q154946": "NLD",
    "Q1004037": "DNK",
    "Q102139": "DNK",
    "Q151312": "DNK",
}
PT_GIVEN = {
    "Carlos": "Charles",
    "Isabel": "Elizabeth",
    "Jorge": "George",
    "Guilherme": "William",
    "Filipe": "Philip",
    "Frederico": "Frederik",
    "Haroldo": "Harald",
    "Gustavo": "Gustaf",
    "Margarida": "Margrethe",
    "Henrique": "Henri",
    "Alberto": "Albert",
    "Luís": "Louis",
    "João": "John",
    "Maomé": "Mohammed",
    "Olavo": "Olav",
    "Balduíno": "Baudouin",
    "Humberto": "Umberto",
}
EX_OFFICIO = {"AND"}
ROMAN = re.compile(r"^(?:[IVX]+)$")
COLLECTIVE = re.compile(
    r"Conselho|Junta|Comiss|Triunvirato|Governo|Directório|Diretório|Comité|Comitê|Council"
)


# ---------------------------------------------------------------------------------------------- utilities
def log(msg: str) -> None:
    print(msg, file=sys.stderr)


def nice_name(raw: str) -> str:
    """PHOENIX_STYLE_NAME_ -> Phoenix Style Name."""
    words = re.split(r"[_ ]+", raw.strip("_ ").strip())
    out = []
    for w in words:
        if not w:
            continue
        if "." in w and len(w) <= 4:
            out.append(w.upper() if len(w) <= 2 else w.capitalize())
            continue
        parts = w.split("-")
        out.append("-".join(p[:1].upper() + p[1:].lower() if p else p for p in parts))
    small = {
        "of",
        "and",
        "the",
        "for",
        "in",
        "on",
        "de",
        "du",
        "des",
        "la",
        "le",
        "el",
        "al",
        "del",
        "da",
        "di",
        "bin",
        "ibn",
        "van",
        "von",
        "der",
        "to",
        "at",
        "y",
        "e",
    }
    out = [w.lower() if i > 0 and w.lower() in small else w for i, w in enumerate(out)]
    name = " ".join(out)
    name = re.sub(r"(?<=\s)Al-", "al-", name)
    return name


def phrase_text(raw: str) -> str:
    """Phoenix phrase (words joined by _ or space, in capitals) -> plain text in title case; short
    consonant-only words (IDF, DOD, UNSC) stay in capitals."""
    text = re.sub(r"\s+", " ", raw.replace("_", " ")).strip()
    if text.upper() != text:
        return text
    words = []
    for w in text.split(" "):
        letters = re.sub(r"[^A-Z]", "", w)
        if (len(letters) <= 4 and not re.search(r"[AEIOUY]", letters)) or re.fullmatch(r"(?:[A-Z]\.){2,}", w):
            words.append(w)
        else:
            words.append(nice_name(w))
    return " ".join(words)


def parse_date(s: str) -> str | None:
    s = s.strip()
    if re.fullmatch(r"\d{8}", s):
        y, m, d = s[:4], s[4:6], s[6:]
    elif re.fullmatch(r"\d{6}", s):
        yy = int(s[:2])
        y = str(2000 + yy if yy <= 20 else 1900 + yy)
        m, d = s[2:4], s[4:]
    else:
        return None
    if not ("01" <= m <= "12" and "01" <= d <= "31"):
        return None
    return f"{y}-{m}-{d}"


def split_code(code: str) -> tuple[str | None, list[str]]:
    """CAMEO code -> (country or bloc prefix, sector chunks). 'AZEGOVMIL' -> ('AZE', ['GOV','MIL'])."""
    code = code.strip("~")
    chunks = [code[i : i + 3] for i in range(0, len(code), 3)]
    if not chunks:
        return None, []
    head = chunks[0]
    if head in KNOWN_SECTORS and head not in {"IGO", "NGO"}:
        return None, chunks
    return head, chunks[1:]


def pick_sector(chunks: list[str], *, organ: bool = False) -> tuple[str | None, str | None]:
    """Primary sector and subsector from CAMEO sector chunks."""
    secs = [CAMEO_SECTOR.get(c, c) for c in chunks if CAMEO_SECTOR.get(c, c) in KNOWN_SECTORS]
    secs = [
        s for s in secs if s not in {"DEV", "NGM", "MOD", "RAD", "INS", "AMN", "IRC", "GRP", "UNO"}
    ] or secs
    if not secs:
        return None, None
    first = secs[0]
    second = secs[1] if len(secs) > 1 else None
    if second and first in {"CVL", "ELI", "PTY", "MIL"} and second in {"OPP", "SPY"}:
        return second, first
    if organ and first == "GOV" and second in {"LEG", "JUD"}:
        return second, first
    return first, second


def iso_of(code: str | None, iso: set[str]) -> str | None:
    if code is None:
        return None
    code = CAMEO_TO_ISO.get(code, code)
    return code if code in iso or code in {"SUN", "YUG", "CSK", "DDR", "XKX"} else None


def add_unique(lst: list[str], items: Any) -> None:
    """Append the items whose key is new; of two spellings of one key, keep the one with fewer capitals
    ("Washington state" matches "Washington State" too, not the other way round)."""
    seen = {key(x): i for i, x in enumerate(lst)}
    for it in items:
        k = key(it) if it else ""
        if not k:
            continue
        if k in seen:
            old = lst[seen[k]]
            if sum(c.isupper() for c in it) < sum(c.isupper() for c in old) and not is_acronym(old):
                lst[seen[k]] = it
            continue
        seen[k] = len(lst)
        lst.append(it)


# ---------------------------------------------------------------------------------------------- records
class Registry:
    """All actors being built, keyed by code, with simple merge semantics."""

    def __init__(self) -> None:
        self.actors: dict[str, dict[str, Any]] = {}

    def get(self, code: str) -> dict[str, Any] | None:
        return self.actors.get(code)

    def ensure(self, code: str, fields: dict[str, Any]) -> dict[str, Any]:
        rec = self.actors.get(code)
        if rec is None:
            rec = {
                "code": code,
                "name": fields.get("name") or code,
                "kind": fields.get("kind", "org"),
                "country": fields.get("country"),
                "sector": fields.get("sector"),
                "subsector": None,
                "parent": None,
                "valid_from": None,
                "valid_to": None,
                "aliases": [],
                "adjectives": [],
                "seats": [],
                "capitals": [],
                "places": [],
                "surnames": [],
                "roles": [],
                "wikidata": None,
                "sources": [],
            }
            self.actors[code] = rec
        return rec

    def merge(self, data: dict[str, Any], source: str) -> dict[str, Any]:
        rec = self.ensure(data["code"], data)
        for f in (
            "name",
            "kind",
            "country",
            "sector",
            "subsector",
            "parent",
            "valid_from",
            "valid_to",
            "wikidata",
        ):
            if f in data and data[f] is not None:
                rec[f] = data[f]
        for f in ("aliases", "adjectives", "seats", "capitals", "places", "surnames"):
            add_unique(rec[f], data.get(f, []))
            if source == "curated" and f != "places":
                rec.setdefault("_curated", set()).update(key(a) for a in data.get(f, []))
        for r in data.get("roles", []):
            if r not in rec["roles"]:
                rec["roles"].append(r)
        drop = {key(x) for x in data.get("drop", [])}
        if drop:
            for f in ("aliases", "adjectives", "seats", "capitals", "places", "surnames"):
                rec[f] = [a for a in rec[f] if key(a) not in drop]
        if source not in rec["sources"]:
            rec["sources"].append(source)
        return rec


# ---------------------------------------------------------------------------------------------- sources
def load_countries(shared: Path, reg: Registry) -> set[str]:
    data = json.loads((shared / "data/actors/leaders/countries/countries.json").read_text(encoding="utf-8"))
    iso = set()
    for c in data:
        code = MLEDOZE_FIX.get(c["cca3"], c["cca3"])
        iso.add(code)
        independent = c.get("independent")
        kind = (
            "state"
            if (independent or c.get("unMember") or code in {"XKX", "PSE", "TWN", "VAT", "ESH"})
            else "territory"
        )
        names = [c["name"]["common"], c["name"]["official"]]
        alts = [
            a
            for a in c.get("altSpellings", [])
            if len(a) > 3 and a.isascii() or (len(a) > 3 and fold(a).isascii())
        ]
        dem = c.get("demonyms", {}).get("eng", {})
        adjs = [dem.get("m"), dem.get("f")]
        reg.merge(
            {
                "code": code,
                "name": c["name"]["common"],
                "kind": kind,
                "country": code,
                "aliases": names + alts,
                "adjectives": [a for a in adjs if a],
                "capitals": [x for x in c.get("capital", []) if x],
            },
            "countries",
        )
    return iso


def load_ngec(shared: Path, reg: Registry, iso: set[str]) -> None:
    """Nationality words; those naming another country's territory or demonym are left to that record."""
    rows = list(csv.DictReader(open(shared / "data/actors/ngec_countries.csv", encoding="utf-8")))
    own: dict[str, str] = {}
    for code, rec in reg.actors.items():
        for a in rec["aliases"] + rec["adjectives"]:
            own.setdefault(key(a), code)
    for r in rows:
        code = r["CCA3"]
        if code not in reg.actors:
            continue
        words = [w.strip() for w in r["Nationality"].split(",") if w.strip()]
        adj, names = [], []
        for w in words:
            k = key(w)
            if own.get(k, code) != code or "(" in w:
                continue
            if any(
                k.startswith(o) for o, c in own.items() if c != code and reg.actors[c]["kind"] == "territory"
            ):
                continue
            if w.lower().startswith(("republic", "islamic", "people", "democratic", "united")) or " of " in w:
                names.append(w)
            elif re.search(r"(ans?|ese|ish|i|ch|ic|is|s|er|ers|ite|ites|ot|ots)$", w) and w[0].isupper():
                adj.append(w)
            else:
                names.append(w)
        reg.merge({"code": code, "aliases": names, "adjectives": adj}, "ngec")


def parse_phoenix(path: Path) -> list[dict[str, Any]]:
    """Entries of a Phoenix/TABARI actor file: phrase, synonyms, codes with date restrictions, comment."""
    entries: list[dict[str, Any]] = []
    cur: dict[str, Any] | None = None
    text = path.read_text(encoding="utf-8", errors="replace")
    for raw in text.splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        comment = raw.split("#", 1)[1] if "#" in raw else ""
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        codes = []
        for m in re.finditer(r"\[([^\]]*)\]", line):
            inner = m.group(1).strip()
            if not inner:
                continue
            parts = inner.split()
            c = parts[0]
            start = end = None
            if len(parts) > 1:
                r = "".join(parts[1:])
                if r.startswith(">"):
                    start = parse_date(r[1:])
                    if start is None:
                        continue
                elif r.startswith("<"):
                    end = parse_date(r[1:])
                    if end is None:
                        continue
                elif "-" in r:
                    a, b = r.split("-", 1)
                    start, end = parse_date(a), parse_date(b)
                    if start is None or end is None:
                        continue
            codes.append((c, start, end))
        phrase = re.sub(r"\[[^\]]*\]", "", line).strip()
        phrase = re.sub(r"\{[^}]*\}", "", phrase).strip()
        if raw[:1] in ("\t", " ") and not phrase:
            if cur is not None:
                cur["codes"].extend(codes)
            continue
        if phrase.startswith("+"):
            if cur is not None:
                cur["synonyms"].append(phrase[1:].strip())
                cur["codes"].extend(codes)
            continue
        cur = {"phrase": phrase, "synonyms": [], "codes": codes, "comment": comment}
        entries.append(cur)
    return entries


def load_agents(shared: Path) -> dict[str, tuple[str, str | None, str]]:
    """Role nouns -> (sector, subsector, flags); PLOVER first, then Phoenix for phrases PLOVER lacks,
    then the curated table, which wins."""
    out: dict[str, tuple[str, str | None, str]] = {}

    def expand(phrase: str, subs: dict[str, list[str]]) -> list[str]:
        m = re.search(r"!(\w+)!", phrase)
        if not m or m.group(1) not in subs:
            return [phrase]
        res = []
        for s in subs[m.group(1)]:
            res.extend(expand(phrase[: m.start()] + s + phrase[m.end() :], subs))
        return res

    def plural(words: str) -> str | None:
        toks = words.split(" ")
        last = toks[-1]
        if last in {"to", "in", "at", "for", "of", "on", "from"} or not last.isalpha():
            return None
        if last.endswith(("s", "x", "z", "ch", "sh")):
            p = last + "es" if last.endswith(("ss", "x", "z", "ch", "sh")) else None
            if p is None:
                return None
        elif last.endswith("y") and len(last) > 2 and last[-2] not in "aeiou":
            p = last[:-1] + "ies"
        elif last.endswith("man"):
            p = last[:-3] + "men"
        else:
            p = last + "s"
        return " ".join(toks[:-1] + [p])

    def read(path: Path, translate: bool) -> None:
        subs: dict[str, list[str]] = {}
        for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
            line = raw.split("#", 1)[0].strip()
            if not line or line.startswith("<"):
                continue
            m = re.match(r"^!(\w+)!\s*=\s*(.+)$", line)
            if m:
                subs[m.group(1)] = [w.strip() for w in m.group(2).split(",")]
                continue
            m = re.match(r"^(.*?)\s*(\{[^}]*\})?\s*\[([^\]]+)\]", line)
            if not m:
                continue
            phrase, plur, code = m.group(1).strip(), m.group(2), m.group(3).strip()
            if not phrase or "~" not in code:
                continue
            chunks = [code.strip("~")[i : i + 3] for i in range(0, len(code.strip("~")), 3)]
            if translate:
                chunks = [CAMEO_SECTOR.get(c, c) for c in chunks]
            sec, sub = pick_sector(chunks)
            if sec is None:
                continue
            for p in expand(phrase, subs):
                words = key(phrase_text(p))
                ws = words.split(" ")
                if ws and ws[0] in (
                    "former",
                    "ex",
                    "retired",
                    "late",
                    "the",
                    "a",
                    "an",
                    "some",
                    "many",
                    "several",
                ):
                    continue
                while len(ws) > 1 and ws[-1] in ("to", "in", "at", "for", "of", "on", "from", "with", "and"):
                    ws = ws[:-1]
                words = " ".join(ws)
                if not words or words in out:
                    continue
                out[words] = (sec, sub, "")
                if "!" in phrase:
                    continue
                if plur is not None:
                    inner = plur.strip("{} ")
                    if inner:
                        pk = key(phrase_text(inner))
                        out.setdefault(pk, (sec, sub, "plural"))
                    continue
                pl = plural(words)
                if pl:
                    out.setdefault(pl, (sec, sub, "plural"))

    read(shared / "data/actors/PLOVER_agents.txt", translate=False)
    read(shared / "data/actors/phoenix/Phoenix.agents.txt", translate=True)
    for raw in (CURATED / "agents.tsv").read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        cols = (raw.split("\t") + ["", "", "", ""])[:4]
        phrase, sec, sub, flags = cols
        fl = [f for f in flags.split(",") if f and not f.startswith("{")]
        irregular = [f.strip("{}") for f in flags.split(",") if f.startswith("{")]
        k = key(phrase)
        out[k] = (sec, sub or None, ",".join(fl))
        if "plural" in fl or "noplural" in fl or "former" in fl:
            continue
        pl_flags = ",".join([f for f in fl if f not in {"title"}] + ["plural"])
        if irregular:
            for p in irregular:
                out[key(p)] = (sec, sub or None, pl_flags)
        else:
            pl = plural(k)
            if pl:
                out[pl] = (sec, sub or None, pl_flags)
    return out


# ---------------------------------------------------------------------------------------------- phoenix
def is_person_entry(e: dict[str, Any]) -> bool:
    if "CountryInfo" in e["comment"] or "IGOrulers" in e["comment"]:
        return True
    if any(s or t for _, s, t in e["codes"]):
        return True
    return any("ELI" in c for c, _, _ in e["codes"])


def clean_synonyms(phrases: list[str], stop: set[str]) -> list[str]:
    out = []
    for p in phrases:
        t = phrase_text(p)
        toks = tokens(t)
        if not toks or any(w in TITLE_WORDS for w in toks):
            continue
        if len(t) < 3 or "(" in t:
            continue
        out.append(t)
    return out


def geo_target(e: dict[str, Any], iso: set[str], reg: Registry) -> str | None:
    """The state (or territory) a geographic Phoenix entry names, or None if the entry is not geographic.

    Geographic entries carry only country codes ([AFG]; [USRAZE <911018] [AZE >911221]; [PSEGZA]);
    people and organs carry sector codes (GOV, ELI, MIL ...)."""
    target = None
    for code, _start, end in e["codes"]:
        head, chunks = split_code(code)
        if head is None or any(c in KNOWN_SECTORS for c in chunks):
            return None
        here = iso_of(head, iso)
        for c in chunks:
            sub = iso_of(c, iso)
            if sub and sub in reg.actors:
                here = sub
        if here and (end is None):
            target = here
        elif here and target is None:
            target = here
    return target if target in reg.actors else None


def load_phoenix_countries(
    shared: Path, reg: Registry, iso: set[str], agent_keys: set[str]
) -> list[dict[str, Any]]:
    """Country names/places (as aliases of the states), organs (as actors) and people (returned)."""
    entries = parse_phoenix(shared / "data/actors/phoenix/Phoenix.Countries.actors.txt")
    people: list[dict[str, Any]] = []
    state_words: dict[str, set[str]] = defaultdict(set)
    for code, rec in reg.actors.items():
        if rec["kind"] in ("state", "territory"):
            for a in rec["aliases"] + rec["adjectives"]:
                state_words[code].add(key(a))
    for e in entries:
        if not e["codes"]:
            continue
        target = geo_target(e, iso, reg)
        if target is not None:
            rec = reg.actors[target]
            known = {key(a) for f in ("aliases", "adjectives", "capitals", "seats", "places") for a in rec[f]}
            names = [phrase_text(e["phrase"])] + [phrase_text(s) for s in e["synonyms"]]
            for n in names:
                k = key(n)
                if not k or k in known or "(" in n or k in agent_keys:
                    continue
                typ = classify_country_alias(n, rec)
                rec[typ].append(n)
                known.add(k)
            if "phoenix" not in rec["sources"]:
                rec["sources"].append("phoenix")
            continue
        if is_person_entry(e):
            people.append({"entry": e, "source": "phoenix"})
            continue
        head, chunks = split_code(e["codes"][0][0])
        country = iso_of(head, iso) if head else None
        if country is None or country not in reg.actors:
            continue
        sec, sub = pick_sector(chunks, organ=True)
        name = nice_name(e["phrase"])
        k = key(name)
        words = k.split()
        # "AMERICAN_VICE_PRESIDENT": a country word and a role noun, which the resolver composes itself
        for i in range(len(words)):
            if " ".join(words[: i + 1]) in state_words[country] and " ".join(words[i + 1 :]) in agent_keys:
                k = ""
        if not k or k in agent_keys:
            continue
        code = f"{country}.{slug(name)}"
        aliases = [name] + [phrase_text(s) for s in e["synonyms"]]
        aliases = [a for a in aliases if key(a) not in agent_keys and "(" not in a]
        reg.merge(
            {
                "code": code,
                "name": name,
                "kind": "organ",
                "country": country,
                "sector": sec or "GOV",
                "subsector": sub,
                "parent": country,
                "aliases": aliases,
            },
            "phoenix",
        )
    return people


_ADJ_END = re.compile(r"(an|ans|ese|ish|i|is|ic|ch|er|ers|ite|ites|ot|ots|ean|eans|ian|ians)$")


def classify_country_alias(name: str, rec: dict[str, Any]) -> str:
    """Is a Phoenix country synonym a name variant, an adjective, a capital or another place?"""
    import difflib

    low = fold(name).lower()
    for a in rec["aliases"]:
        if difflib.SequenceMatcher(None, low, fold(a).lower()).ratio() >= 0.75:
            return "aliases"
    for a in rec["adjectives"]:
        if difflib.SequenceMatcher(None, low, fold(a).lower()).ratio() >= 0.75:
            return "adjectives"
    if " " not in name and _ADJ_END.search(low) and low[:4] == fold(rec["name"]).lower()[:4]:
        return "adjectives"
    if low.startswith(("republic", "kingdom", "state of", "federation", "people's", "democratic", "islamic")):
        return "aliases"
    return "places"


def phoenix_person(
    e: dict[str, Any], iso: set[str], igo_codes: dict[str, str], stop: set[str]
) -> dict[str, Any] | None:
    name = nice_name(e["phrase"])
    toks = tokens(name)
    if len(toks) < 2 or any(t in TITLE_WORDS for t in toks):
        syn = clean_synonyms(e["synonyms"], stop)
        syn = [s for s in syn if len(tokens(s)) >= 2]
        if not syn:
            return None
        name = nice_name(syn[0])
    roles = []
    for code, start, end in e["codes"]:
        country, sector, sub = None, None, None
        if code.startswith("IGO"):
            org = None
            for prefix, target in IGO_MAP:
                if code.startswith(prefix):
                    org = target
                    break
            if org is None:
                continue
            country, sector = org, "GOV"
        else:
            head, chunks = split_code(code)
            country = iso_of(head, iso)
            if country is None:
                continue
            sector, sub = pick_sector(chunks)
        if start is None and end is None:
            if sector in ("ELI", None) and any(s or t for _, s, t in e["codes"]):
                continue  # the "otherwise" default of a dated entry
        roles.append(
            {
                "title": None,
                "country": country,
                "sector": sector or "GOV",
                "subsector": sub,
                "start": start,
                "end": end,
                "source": "phoenix",
            }
        )
    if not roles:
        return None
    aliases = [name] + [a for a in clean_synonyms(e["synonyms"], stop) if len(tokens(a)) >= 2]
    singles = [phrase_text(s) for s in e["synonyms"] if len(tokens(phrase_text(s))) == 1]
    return {"name": name, "aliases": aliases, "surnames": singles, "roles": roles}


# ---------------------------------------------------------------------------------------------- wikidata
def english_name(label: str, qid: str) -> str | None:
    if qid in ROYAL_NAMES:
        return ROYAL_NAMES[qid]
    if re.fullmatch(r"Q\d+", label) or COLLECTIVE.search(label):
        return None
    m = re.match(r"^(.+?),? (?:do|da|de|dos|das|duque de|Duque de|Príncipe|príncipe) ([A-ZÁÉÍÓÚ].*)$", label)
    if m and any(ROMAN.match(w) for w in m.group(1).split()):
        words = m.group(1).split()
        words[0] = PT_GIVEN.get(words[0], words[0])
        return " ".join(words)
    return label


def load_wikidata(
    shared: Path, iso: set[str]
) -> tuple[dict[str, dict[str, Any]], dict[tuple[str, str], str]]:
    """People (by QID) with head-of-state/government roles; titles of each (country, role)."""
    base = shared / "data/actors/leaders/wikidata_leaders_history"
    rows = list(csv.DictReader(open(base / "leaders_history.csv", encoding="utf-8")))
    current = {
        (r["iso3"], r["role"], r["person_qid"])
        for r in csv.DictReader(open(base / "leaders_current.csv", encoding="utf-8"))
    }
    spells = defaultdict(list)
    for r in rows:
        start = r["start"][:10] or None
        end = r["end"][:10] or None
        if start is None:
            continue  # an end without a start is mostly Wikidata noise (no way to date the spell)
        if (end or "9999") < "1945-01-01":
            continue
        code = MLEDOZE_FIX.get(r["iso3"], r["iso3"])
        if code not in iso:
            continue
        spells[(code, r["role"])].append(
            {"qid": r["person_qid"], "label": r["person"], "start": start, "end": end, "party": r["party"]}
        )
    people: dict[str, dict[str, Any]] = {}
    for (code, role), lst in sorted(spells.items()):
        lst.sort(key=lambda s: (s["start"] or "", s["qid"]))
        # Drop open-ended spells superseded by a later spell of someone else (Wikidata noise),
        # and duplicate open spells of one person (keep the latest start).
        keep = []
        for i, s in enumerate(lst):
            if s["end"] is None:
                later_other = [
                    t
                    for t in lst[i + 1 :]
                    if t["qid"] != s["qid"] and (t["start"] or "") > (s["start"] or "")
                ]
                later_same = [t for t in lst[i + 1 :] if t["qid"] == s["qid"] and t["end"] is None]
                if (later_other and (code, role, s["qid"]) not in current) or later_same:
                    continue
            keep.append(s)
        for s in keep:
            name = english_name(s["label"], s["qid"])
            if not name:
                continue
            p = people.setdefault(s["qid"], {"name": name, "roles": [], "countries": Counter()})
            p["roles"].append(
                {
                    "title": None,
                    "office": role,
                    "country": code,
                    "sector": "GOV",
                    "start": s["start"],
                    "end": s["end"],
                    "source": "wikidata",
                }
            )
            p["countries"][code] += 1
    titles: dict[tuple[str, str], str] = {}
    snap = shared / "data/actors/leaders/world_leaders_wikidata"
    qid_roles: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for (code, role), lst in spells.items():
        for s in lst:
            if s["end"] is None or s["end"] >= "2021-01-01":  # the snapshots are of 2021 and 2022
                qid_roles[s["qid"]].append((code, role))
    for fn in ("wikidata_2021-12-30.csv", "wikidata_2022-10-10.csv"):
        for r in csv.DictReader(open(snap / fn, encoding="utf-8")):
            for code, role in qid_roles.get(r["officeholder"], []):
                label = r["positionLabel"]
                if label and not re.fullmatch(r"Q\d+", label):
                    titles[(code, role)] = label
    return people, titles


def office_title(label: str | None, role: str) -> str:
    if label:
        low = label.lower()
        for t in (
            "supreme leader",
            "prime minister",
            "premier",
            "chancellor",
            "president",
            "king",
            "queen",
            "emir",
            "sultan",
            "monarch",
            "governor-general",
            "chief executive",
            "chairman",
            "taoiseach",
            "supreme leader",
            "pope",
            "grand duke",
            "prince",
            "captains regent",
            "co-prince",
        ):
            if t in low:
                return t
    return "president" if role == "head_of_state" else "prime minister"


def load_cia(shared: Path, iso_by_name: dict[str, str]) -> list[dict[str, Any]]:
    """Ministers seen in the CIA World Leaders snapshot of mid-2019."""
    out = []
    path = shared / "data/actors/leaders/cia_world_leaders_2019/cia_world_leaders_2019_offices.csv"
    for r in csv.DictReader(open(path, encoding="utf-8")):
        code = iso_by_name.get(key(r["country"]))
        if code is None or not r["person"].strip():
            continue
        title = r["title"].strip()
        low = title.lower()
        if "ambassador" in low or "representative to" in low:
            sector, sub, office = "DIP", None, None
        elif "foreign" in low or "external" in low:
            sector, sub, office = (
                "GOV",
                "DIP",
                "foreign_minister" if "minister" in low or "secretary" in low else None,
            )
        elif "defense" in low or "defence" in low:
            sector, sub, office = (
                "GOV",
                "MIL",
                "defence_minister" if "minister" in low or "secretary" in low else None,
            )
        elif "intelligence" in low:
            sector, sub, office = "SPY", None, None
        elif "justice" in low:
            sector, sub, office = "GOV", "JUD", None
        elif "interior" in low or "internal affairs" in low or "home affairs" in low:
            sector, sub, office = "GOV", "COP", None
        elif "governor, central bank" in low or "central bank" in low:
            sector, sub, office = "GOV", "BUS", None
        elif "chief of" in low and ("staff" in low or "army" in low or "armed" in low):
            sector, sub, office = "MIL", None, None
        else:
            sector, sub, office = "GOV", None, None
        name = cia_name(r["person"])
        if not name or len(tokens(name)) < 2:
            continue
        out.append(
            {
                "name": name,
                "country": code,
                "title": title,
                "sector": sector,
                "subsector": sub,
                "office": office,
            }
        )
    return out


def cia_name(raw: str) -> str | None:
    raw = re.sub(r"\(.*?\)", "", raw).strip()
    if not raw or "vacant" in raw.lower():
        return None
    words = raw.split()
    out = []
    for w in words:
        if w.isupper() and len(w) > 1 and any(c.isalpha() for c in w):
            out.append("-".join(p.capitalize() for p in w.split("-")))
        else:
            out.append(w)
    return " ".join(out)


# ---------------------------------------------------------------------------------------------- people
def surname_forms(name: str, country: str | None) -> list[str]:
    words = name.replace(",", " ").split()
    words = [w for w in words if not ROMAN.match(w) and w not in {"Jr.", "Jr", "Sr.", "Sr"}]
    if len(words) < 2:
        return []
    if country in EAST_ASIAN and len(words[0]) <= 5 and len(words) <= 3:
        return [words[0]]
    forms = [words[-1]]
    if len(words) >= 3 and words[-2].lower().strip(".") in PARTICLES:
        forms = [" ".join(words[-2:])]
    if "-" in words[-1] and words[-1].lower().startswith(("al-", "el-", "bin-")):
        forms.append(words[-1].split("-", 1)[1])
    return forms


def person_aliases(name: str) -> list[str]:
    out = [name]
    words = name.split()
    if len(words) >= 3:
        no_init = [w for w in words if not re.fullmatch(r"[A-Z]\.?", w)]
        if 2 <= len(no_init) < len(words):
            out.append(" ".join(no_init))
    return out


def build_people(
    reg: Registry,
    wd: dict[str, dict[str, Any]],
    phoenix: list[dict[str, Any]],
    cia: list[dict[str, Any]],
    titles: dict[tuple[str, str], str],
    iso: set[str],
    igo_codes: dict[str, str],
    stop: set[str],
) -> None:
    by_name: dict[tuple[str, str | None], str] = {}

    def put(name: str, country: str | None, data: dict[str, Any], source: str, qid: str | None = None) -> str:
        k = (key(name), country)
        code = by_name.get(k)
        if code is None:
            base = f"{country or 'X'}.{slug(name)}"
            code = base
            n = 2
            while code in reg.actors and reg.actors[code].get("wikidata") not in (None, qid):
                code = f"{base}_{n}"
                n += 1
            by_name[k] = code
        rec = reg.merge({"code": code, "name": name, "kind": "person", **data}, source)
        if qid and not rec.get("wikidata"):
            rec["wikidata"] = qid
        return code

    for qid, p in sorted(wd.items()):
        if len(p["countries"]) > 1:
            # ex officio offices (the French president is co-prince of Andorra) say nothing of the person
            for c in EX_OFFICIO & set(p["countries"]):
                del p["countries"][c]
            p["roles"] = [r for r in p["roles"] if r["country"] not in EX_OFFICIO]
        primary = (
            ROYAL_PRIMARY.get(qid) or sorted(p["countries"].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        )
        roles = []
        for r in p["roles"]:
            r = dict(r)
            r["title"] = office_title(titles.get((r["country"], r["office"])), r["office"]).title()
            roles.append(r)
        put(
            p["name"],
            primary,
            {"country": primary, "aliases": person_aliases(p["name"]), "roles": roles},
            "wikidata",
            qid,
        )
    for item in phoenix:
        person = phoenix_person(item["entry"], iso, igo_codes, stop)
        if person is None:
            continue
        countries = Counter(r["country"] for r in person["roles"] if r["country"])
        if not countries:
            continue
        primary = sorted(countries.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        existing = by_name.get((key(person["name"]), primary))
        if existing and any(r["source"] == "wikidata" for r in reg.actors[existing]["roles"]):
            # Wikidata holds the head-of-state/government spells; keep Phoenix's other roles only.
            person["roles"] = [
                r for r in person["roles"] if not overlaps_gov(r, reg.actors[existing]["roles"])
            ]
        put(
            person["name"],
            primary,
            {
                "country": primary,
                "aliases": person["aliases"],
                "surnames": person["surnames"],
                "roles": person["roles"],
            },
            "phoenix",
        )
    for c in cia:
        put(
            c["name"],
            c["country"],
            {
                "country": c["country"],
                "aliases": [c["name"]],
                "roles": [
                    {
                        "title": c["title"],
                        "office": c["office"],
                        "country": c["country"],
                        "sector": c["sector"],
                        "subsector": c["subsector"],
                        "seen": "2019-06",
                        "source": "cia2019",
                    }
                ],
            },
            "cia2019",
        )
    # curated people merge by exact code, else by a unique person of the same name
    names: dict[str, list[str]] = defaultdict(list)
    for code, rec in reg.actors.items():
        if rec["kind"] == "person":
            names[key(rec["name"])].append(code)
    for line in (CURATED / "people.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        d = json.loads(line)
        if d["code"] not in reg.actors:
            same = names.get(key(d["name"]), [])
            if len(same) == 1:
                d["code"] = same[0]
                d.pop("country", None)
        reg.merge(d, "curated")
    for rec in reg.actors.values():
        if rec["kind"] != "person":
            continue
        rec["roles"] = dedupe_roles(rec["roles"])
        add_unique(rec["surnames"], surname_forms(rec["name"], rec["country"]))
        rec["surnames"] = [
            s for s in rec["surnames"] if usable_surname(s, stop) and not regnal_numeral(s, rec["name"])
        ]
        primary = primary_role(rec["roles"])
        if primary:
            if rec["country"] is None or "curated" not in rec["sources"]:
                rec["country"] = rec["country"] or primary.get("country")
            rec["sector"] = primary.get("sector")
            rec["subsector"] = primary.get("subsector")
        starts = [r["start"] for r in rec["roles"] if r.get("start")]
        rec["valid_from"] = min(starts) if starts else None
        ends = [r.get("end") for r in rec["roles"]]
        rec["valid_to"] = None if any(e is None for e in ends) else max(ends)


def overlaps_gov(role: dict[str, Any], others: list[dict[str, Any]]) -> bool:
    if role["sector"] != "GOV" or role.get("subsector"):
        return False
    for o in others:
        if o["source"] != "wikidata":
            continue
        a1, b1 = role.get("start") or "0000", role.get("end") or "9999"
        a2, b2 = o.get("start") or "0000", o.get("end") or "9999"
        if a1 <= b2 and a2 <= b1:
            return True
    return False


def dedupe_roles(roles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen = set()
    out = []
    for r in sorted(
        roles,
        key=lambda r: (
            r.get("start") or "",
            r.get("end") or "",
            r.get("office") or "",
            r.get("country") or "",
            r.get("sector") or "",
            r.get("source") or "",
        ),
    ):
        k = (r.get("country"), r.get("sector"), r.get("office"), r.get("start"), r.get("end"), r.get("seen"))
        if k in seen:
            continue
        seen.add(k)
        out.append({f: v for f, v in r.items() if v is not None})
    return out


def primary_role(roles: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The most recent, most senior role (what the person is best known as)."""
    if not roles:
        return None
    rank = {"head_of_state": 0, "head_of_government": 0, "foreign_minister": 1, "defence_minister": 1}

    def score(r: dict[str, Any]) -> tuple[str, int]:
        if r.get("end"):
            last = r["end"]
        elif r.get("start"):
            last = "9999"
        else:
            last = r.get("seen") or "0000"
        return (last[:4], -rank.get(r.get("office") or "", 2))

    real = [r for r in roles if r.get("sector") != "ELI"] or roles
    return max(real, key=score)


def regnal_numeral(s: str, name: str) -> bool:
    """Is `s` the numeral closing a monarch's name ("II" of "Elizabeth II", written "Ii" by Phoenix)?
    It is no surname: "Pope John Paul II" is not Queen Elizabeth. ("Xi" of Xi Jinping opens the name.)"""
    words = tokens(name)
    return len(words) >= 2 and key(s) == words[-1] and bool(ROMAN.match(s.upper()))


def usable_surname(s: str, stop: set[str]) -> bool:
    k = key(s)
    if len(k) < 2 or k in stop:
        return False
    return not any(t in TITLE_WORDS for t in k.split())


# ---------------------------------------------------------------------------------------------- international
def load_international(
    shared: Path, reg: Registry, iso: set[str], agent_keys: set[str]
) -> list[dict[str, Any]]:
    """IGO names (added to the curated organisation their code maps to), NGOs, media and companies,
    non-state armed groups; IGO officials are returned as people."""
    people = []
    entries = parse_phoenix(shared / "data/actors/phoenix/Phoenix.International.actors.txt")
    entries += [
        {**e, "mnsa": True}
        for e in parse_phoenix(shared / "data/actors/phoenix/Phoenix.MilNonState.actors.txt")
    ]
    known = {}
    for code, rec in reg.actors.items():
        for a in rec["aliases"]:
            known.setdefault(key(a), code)
    for e in entries:
        if not e["codes"]:
            continue
        code0 = e["codes"][0][0]
        if is_person_entry(e) and not e.get("mnsa"):
            people.append({"entry": e, "source": "phoenix"})
            continue
        name = phrase_text(e["phrase"])
        names = [name] + [phrase_text(s) for s in e["synonyms"]]
        names = [n for n in names if key(n) and key(n) not in agent_keys and "(" not in n]
        if not names:
            continue
        target = None
        if code0.startswith("IGO"):
            for prefix, t in IGO_MAP:
                if code0.startswith(prefix):
                    target = t
                    break
        existing = next((known[key(n)] for n in names if key(n) in known), None)
        if existing:
            reg.merge({"code": existing, "aliases": names}, "phoenix")
            continue
        if target and target in reg.actors and len(tokens(name)) >= 2 and not re.search(r"\d", name):
            # e.g. UN_GENERAL_ASSEMBLY maps to the UN; only exact organisation names are added
            continue
        disp = nice_name(e["phrase"])
        if e.get("mnsa"):
            head, chunks = split_code(code0)
            country = iso_of(head, iso)
            sec, sub = pick_sector(chunks, organ=True)
            kind, sector = "group", sec or "REB"
        elif code0.startswith(("NGO", "MNC", "MED")):
            head, chunks = split_code(code0[3:] if len(code0) > 3 else "")
            country = iso_of(head, iso)
            kind = "org"
            sector = {"NGO": "NGO", "MNC": "BUS", "MED": "JRN"}[code0[:3]]
            if code0.startswith("MNC") and country is None:
                continue
            if len(tokens(disp)) < 2 and not is_acronym(phrase_text(e["phrase"])):
                continue
        elif code0.startswith("IGO"):
            kind, sector, country = "igo", None, None
        else:
            continue
        code = f"{country or 'X'}.{slug(disp)}"
        rec = reg.merge(
            {
                "code": code,
                "name": disp,
                "kind": kind,
                "country": country,
                "sector": sector,
                "aliases": names,
            },
            "phoenix",
        )
        for n in names:
            known.setdefault(key(n), rec["code"])
        if kind == "igo" and rec["country"] is None:
            rec["country"] = code
    return people


# ---------------------------------------------------------------------------------------------- cleaning
GEO_KINDS = ("state", "territory")


def separate_territories(reg: Registry) -> None:
    """A territory's names are its own ("U.S. Virgin Islands" is not an adjective of the United States,
    "Mayotte" not a place of France), and a state's names and demonyms are no place of a territory
    ("Samoan" is Samoa's, not American Samoa's). Demonyms in -an get their plural ("American Samoans")."""
    own: dict[str, str] = {}
    for code, rec in sorted(reg.actors.items()):
        if rec["kind"] == "territory":
            for a in [rec["name"], *rec["aliases"]]:
                if a:
                    own.setdefault(key(a), code)
    state_words = {
        key(a): code
        for code, rec in reg.actors.items()
        if rec["kind"] == "state"
        for a in rec["aliases"] + rec["adjectives"]
    }
    for code, rec in reg.actors.items():
        if rec["kind"] not in GEO_KINDS:
            continue
        for f in ("aliases", "adjectives", "capitals", "places", "seats"):
            rec[f] = [a for a in rec[f] if own.get(key(a), code) == code]
        if rec["kind"] == "territory":
            rec["places"] = [a for a in rec["places"] if state_words.get(key(a), code) == code]
        add_unique(rec["adjectives"], demonym_plurals(rec["adjectives"]))


def demonym_plurals(adjectives: list[str]) -> list[str]:
    """ "American Samoan" -> "American Samoans": the plural noun of a demonym in -an, when missing (not
    of "-man" words, "Frenchman", nor of "-stan" names, nor of lists written with a comma)."""
    have = {key(a) for a in adjectives}
    out = []
    for a in adjectives:
        if not a.endswith("an") or a.endswith(("man", "stan")) or "," in a or not a[:1].isupper():
            continue
        if key(a + "s") not in have:
            out.append(a + "s")
    return out


def generic_alias(alias: str, country: str | None, reg: Registry, agent_keys: set[str]) -> bool:
    """A nationality and a role noun ("Israeli troops", "Russian Foreign Ministry"): left to the resolver."""
    st = reg.actors.get(country or "")
    if st is None:
        return False
    words = key(alias).split(" ")
    names = {key(a) for f in ("aliases", "adjectives") for a in st[f]}
    for i in range(1, len(words)):
        head, rest = " ".join(words[:i]), words[i:]
        if rest and rest[0] == "'s":
            rest = rest[1:]
        if head in names and " ".join(rest) in agent_keys:
            return True
    return False


def clean(reg: Registry, agent_keys: set[str]) -> None:
    """Curated aliases win: an alias a curated actor claims is dropped from non-curated actors.
    Aliases that are role nouns, one-letter, or numeric are dropped everywhere. A territory is not the
    state it resembles (`separate_territories`)."""
    separate_territories(reg)
    claimed: dict[str, str] = {}
    for code, rec in sorted(reg.actors.items()):
        for k in sorted(rec.get("_curated", ())):
            claimed.setdefault(k, code)
    for code, rec in reg.actors.items():
        for f in ("aliases", "adjectives", "seats", "capitals", "places", "surnames"):
            keep = []
            for a in rec[f]:
                k = key(a)
                if len(k) < 2 or k.isdigit() or "(" in a:
                    continue
                if (
                    rec["kind"] in ("organ", "group", "party", "org")
                    and f == "aliases"
                    and generic_alias(a, rec["country"], reg, agent_keys)
                ):
                    continue
                if (
                    k in agent_keys
                    and f != "adjectives"
                    and rec["kind"] not in ("state", "territory", "igo")
                    and "curated" not in rec["sources"]
                ):
                    continue
                owner = claimed.get(k)
                if (
                    owner
                    and owner != code
                    and k not in rec.get("_curated", ())
                    and rec["kind"] != "person"
                    and not (f == "aliases" and key(rec["name"]) == k)
                ):
                    continue
                keep.append(a)
            rec[f] = keep
        if (
            rec["name"]
            and key(rec["name"]) not in {key(a) for a in rec["aliases"]}
            and rec["kind"] not in ("person",)
        ):
            if not (claimed.get(key(rec["name"])) not in (None, code)):
                rec["aliases"].insert(0, rec["name"])


def stoplist(shared: Path) -> set[str]:
    """Words found in lower case at least as often as capitalised in the Wikinews sample ("may", "rice",
    "major"): not usable as bare surnames."""
    counts: Counter[str] = Counter()
    path = shared / "data/news/wikinews/wikinews_en.jsonl"
    for line in open(path, encoding="utf-8"):
        text = json.loads(line).get("text", "")
        for w in re.findall(r"\b[A-Za-z][a-z'-]+\b", text):
            counts[w] += 1
    words = {w for w, n in counts.items() if w.islower() and n >= 2 and n >= counts.get(w.capitalize(), 0)}
    words |= {
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    }
    return words


# ---------------------------------------------------------------------------------------------- output
def index_rows(rec: dict[str, Any]) -> list[list[Any]]:
    """Precomputed alias index rows [field, key, caps, acronym] so that loading needs no tokenising."""
    from entente.actors.kb import ALIAS_FIELDS, alias_index_row

    rows = []
    for f in ALIAS_FIELDS:
        for a in rec.get(f, []):
            row = alias_index_row(a)
            if row is not None:
                rows.append([f, *row])
    return rows


def write(
    out: Path,
    reg: Registry,
    agents: dict[str, tuple[str, str | None, str]],
    titles: dict[tuple[str, str], str],
) -> None:
    out.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    with gzip.GzipFile(filename="actors.jsonl", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        for code in sorted(reg.actors):
            rec = reg.actors[code]
            row = {k: v for k, v in rec.items() if v not in (None, [], "") and not k.startswith("_")}
            row["sources"] = sorted(rec["sources"])
            row["keys"] = index_rows(rec)
            gz.write((json.dumps(row, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8"))
    (out / "actors.jsonl.gz").write_bytes(buf.getvalue())
    lines = [
        "# key\tsector\tsubsector\tflags  (generated by scripts/build_actor_kb.py; edit curated/agents.tsv)"
    ]
    for k in sorted(agents):
        sec, sub, flags = agents[k]
        lines.append(f"{k}\t{sec}\t{sub or ''}\t{flags}")
    (out / "agents.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    offices = {f"{c}:{r}": office_title(t, r) for (c, r), t in sorted(titles.items())}
    (out / "offices.json").write_text(json.dumps(offices, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    kinds = Counter(rec["kind"] for rec in reg.actors.values())
    sources = Counter(s for rec in reg.actors.values() for s in rec["sources"])
    n_alias = sum(
        len(rec[f])
        for rec in reg.actors.values()
        for f in ("aliases", "adjectives", "seats", "capitals", "places", "surnames")
    )
    n_roles = sum(len(rec["roles"]) for rec in reg.actors.values())
    stats = {
        "actors": len(reg.actors),
        "by_kind": dict(sorted(kinds.items())),
        "by_source": dict(sorted(sources.items())),
        "aliases": n_alias,
        "roles": n_roles,
        "agents": len(agents),
    }
    (out / "stats.json").write_text(json.dumps(stats, indent=2) + "\n", encoding="utf-8")
    log(json.dumps(stats))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "entente" / "actors" / "data")
    args = ap.parse_args(argv)
    shared = args.shared
    reg = Registry()
    iso = load_countries(shared, reg)
    for fn in ("states.jsonl", "igos.jsonl", "organs.jsonl", "groups.jsonl", "institutions.jsonl"):
        for line in (CURATED / fn).read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                if d.get("remove"):
                    reg.actors.pop(d["code"], None)
                    continue
                if d["code"] in iso and d.get("kind") not in (None, "state", "territory"):
                    log(f"curated {fn}: code {d['code']} is an ISO 3166 code; choose another")
                    return 1
                if d["code"] in reg.actors or "kind" in d:
                    reg.merge(d, "curated")
                else:
                    log(f"curated {fn}: unknown code {d['code']} without kind; skipped")
    iso |= {c for c, r in reg.actors.items() if r["kind"] == "state"}
    load_ngec(shared, reg, iso)
    agents = load_agents(shared)
    agent_keys = set(agents)
    stop = stoplist(shared)
    phoenix_people = load_phoenix_countries(shared, reg, iso, agent_keys)
    igo_people = load_international(shared, reg, iso, agent_keys)
    wd, titles = load_wikidata(shared, iso)
    iso_by_name = {}
    for code, rec in reg.actors.items():
        if rec["kind"] in ("state", "territory"):
            for a in rec["aliases"]:
                iso_by_name.setdefault(key(a), code)
    cia = load_cia(shared, iso_by_name)
    build_people(reg, wd, phoenix_people + igo_people, cia, titles, iso, {}, stop)
    clean(reg, agent_keys)
    clashes = [c for c, r in reg.actors.items() if r["kind"] in ("igo",) and c in iso]
    if clashes:
        log(f"organisation codes clash with ISO codes: {clashes}")
        return 1
    write(args.out, reg, agents, titles)
    return 0


if __name__ == "__main__":
    sys.exit(main())
