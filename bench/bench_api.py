#!/usr/bin/env python3
"""The API under load: requests per second and latency of the dyad and network endpoints on a store
of 100,000 events, while an ingest runs, against a real server.

1. Builds a synthetic store with the real schema (articles with text, events with sentence spans,
   event_actors, stances) over ~80 states in three hidden camps across two years.
2. Starts `python -m entente.api` on 127.0.0.1 (a free port) over it.
3. For each endpoint (`GET /api/dyads/{a}/{b}` on random busy pairs, `GET /api/network` on random
   windows: all time, a year, a month), runs `--clients` threads for `--seconds` seconds (bounded
   also by `--max-requests`), first with the store idle, then while another thread ingests articles
   through `POST /api/ingest/articles` (batches of 25 Wikinews articles, or synthetic text when
   ../shared is absent, extraction off, each made unique) for the whole measurement.
4. Prints JSON: requests per second, p50/p95/p99 latency in milliseconds, errors, and how many
   articles the ingest stored meanwhile; by default twice, with the server's result cache on
   (`cached`: results are reused while the store is unchanged, and for up to 5 s after a write)
   and off (`uncached`: every request computes its answer).

Everything stays on 127.0.0.1; every loop is bounded by time and count.

    .venv/bin/python bench/bench_api.py [--events 100000] [--seconds 15] [--clients 4]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pyarrow as pa

from entente.store import Store

ROOT = Path(__file__).resolve().parents[1]
WIKINEWS = ROOT.parent / "shared" / "data" / "news" / "wikinews" / "wikinews_en.jsonl"
STATES = ["USA", "RUS", "CHN", "ISR", "IRN", "AZE", "ARM", "TUR", "GBR", "FRA", "DEU", "UKR", "IND", "PAK", "SAU",
          "ARE", "EGY", "SYR", "IRQ", "JPN", "KOR", "PRK", "BRA", "ARG", "MEX", "CAN", "AUS", "NGA", "ETH", "SDN",
          "KEN", "ZAF", "POL", "HUN", "SRB", "GRC", "CYP", "QAT", "JOR", "LBN", "AFG", "VNM", "PHL", "IDN", "MYS",
          "THA", "MMR", "BGD", "LKA", "NPL", "GEO", "BLR", "KAZ", "UZB", "ITA", "ESP", "NLD", "BEL", "SWE", "NOR",
          "FIN", "DNK", "AUT", "CHE", "PRT", "IRL", "CZE", "SVK", "ROU", "BGR", "HRV", "SVN", "LTU", "LVA", "EST",
          "MDA", "ALB", "MKD", "BIH", "MNE"]
POSITIVE = [("COOPERATE", 2, 6.0), ("CONSULT", 1, 1.0), ("AGREE", 1, 4.0), ("AID", 2, 7.0)]
NEGATIVE = [("ACCUSE", 3, -2.0), ("THREATEN", 3, -7.0), ("SANCTION", 4, -8.0), ("ASSAULT", 4, -10.0)]
MODES = ["asserted"] * 12 + ["reported", "reported", "alleged", "planned", "denied", "hypothetical", "historical"]
DIMENSIONS = ["energy", "trade", "military", "diplomatic", "nuclear", "security", "humanitarian"]


def build_store(path: Path, n_events: int, *, seed: int = 11) -> list[tuple[str, str]]:
    """Fill a new store with `n_events` events; return the busiest pairs (for the dyad requests)."""
    rng = random.Random(seed)
    n_articles = max(1, n_events // 5)
    camp = {code: rng.randrange(3) for code in STATES}
    weights = [1.0 / (i + 1) ** 0.6 for i in range(len(STATES))]
    start = np.datetime64("2012-01-01")
    days = np.array([rng.randrange(731) for _ in range(n_articles)])
    published = (start + days.astype("timedelta64[D]")).astype(str)
    template = ("{a} and {b} {verb} on {day}, officials in both capitals said in statements. "
                "The move follows months of talks on trade, energy and security questions. "
                "Analysts said the decision would shape the region for years to come.")
    art_text, ev_rows, ea_rows = [], [], []
    per_article = np.array_split(np.arange(n_events), n_articles)
    pair_count: dict[tuple[str, str], int] = {}
    for i in range(n_articles):
        a, b = rng.choices(STATES, weights=weights, k=2)
        if a == b:
            b = STATES[(STATES.index(a) + 1) % len(STATES)]
        friendly = (camp[a] == camp[b]) != (rng.random() < 0.2)
        verb = "signed an agreement" if friendly else "traded accusations"
        text = template.format(a=a, b=b, verb=verb, day=published[i])
        art_text.append(text)
        sentence_end = text.index(". ") + 1
        trigger = text.index(verb.split()[0])
        for j in per_article[i]:
            kind, quad, intensity = rng.choice(POSITIVE if friendly else NEGATIVE)
            ev_id = f"e{j:09d}"
            ev_rows.append((ev_id, f"a{i:08d}", kind, quad, intensity, rng.choice(MODES),
                            [rng.choice(DIMENSIONS)], 0, sentence_end, trigger, trigger + len(verb.split()[0])))
            ea_rows.append((ev_id, "source", a, a, "GOV", 0, len(a), a))
            ea_rows.append((ev_id, "target", b, b, "GOV", len(a) + 5, len(a) + 5 + len(b), b))
            key = (min(a, b), max(a, b))
            pair_count[key] = pair_count.get(key, 0) + 1
    articles = pa.table({
        "id": [f"a{i:08d}" for i in range(n_articles)], "title": [f"Synthetic story {i}" for i in range(n_articles)],
        "published": published.tolist(), "published_precision": ["day"] * n_articles,
        "source": [f"outlet{rng.randrange(40)}" for _ in range(n_articles)], "text": art_text,
        "language": ["en"] * n_articles, "format": ["synthetic"] * n_articles})
    events = pa.table({
        "id": [r[0] for r in ev_rows], "article_id": [r[1] for r in ev_rows], "type": [r[2] for r in ev_rows],
        "quad": pa.array([r[3] for r in ev_rows], pa.int16()), "intensity": [r[4] for r in ev_rows],
        "mode": [r[5] for r in ev_rows], "dimensions": pa.array([r[6] for r in ev_rows], pa.list_(pa.string())),
        "sentence_start": pa.array([r[7] for r in ev_rows], pa.int32()),
        "sentence_end": pa.array([r[8] for r in ev_rows], pa.int32()),
        "trigger_start": pa.array([r[9] for r in ev_rows], pa.int32()),
        "trigger_end": pa.array([r[10] for r in ev_rows], pa.int32()),
        "extractor": ["bench.synthetic"] * len(ev_rows)})
    event_actors = pa.table({
        "event_id": [r[0] for r in ea_rows], "role": [r[1] for r in ea_rows], "actor": [r[2] for r in ea_rows],
        "country": [r[3] for r in ea_rows], "sector": [r[4] for r in ea_rows],
        "start": pa.array([r[5] for r in ea_rows], pa.int32()), "end": pa.array([r[6] for r in ea_rows], pa.int32()),
        "text": [r[7] for r in ea_rows]})
    with Store(path) as store, store.atomic() as con:
        for name, table in (("articles", articles), ("events", events), ("event_actors", event_actors)):
            con.register("bench_rows", table)
            cols = ", ".join(f'"{c}"' for c in table.column_names)
            con.execute(f"INSERT INTO {name} ({cols}) SELECT {cols} FROM bench_rows")
            con.unregister("bench_rows")
    return [pair for pair, _ in sorted(pair_count.items(), key=lambda kv: -kv[1])[:40]]


def start_server(db: Path, token: str, cache: bool) -> tuple[subprocess.Popen[bytes], str]:
    env = {**os.environ, "ENTENTE_TOKEN": token, "ENTENTE_API_CACHE": "1" if cache else "0"}
    log = open(db.with_suffix(".log"), "wb")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen([sys.executable, "-m", "entente.api", "--db", str(db), "--host", "127.0.0.1",
                                "--port", "0", "--log-level", "warning"], stdout=log, stderr=subprocess.STDOUT, env=env)
    discovery = Path(str(db) + ".serve.json")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited: {db.with_suffix('.log').read_text()}")
        if discovery.exists():
            url = json.loads(discovery.read_text())["url"]
            try:
                if httpx.get(url + "/api/health", timeout=2).status_code == 200:
                    return process, url
            except httpx.HTTPError:
                pass
        time.sleep(0.1)
    process.kill()
    raise SystemExit("the server did not start within 120 s")


class Ingest(threading.Thread):
    """Posts batches of unique articles until stopped (or `limit` seconds), extraction off."""

    def __init__(self, url: str, token: str, limit: float) -> None:
        super().__init__(daemon=True)
        self.url, self.token, self.limit = url, token, limit
        self.stop = threading.Event()
        self.stored = 0
        self.batches = 0
        self.errors = 0
        if WIKINEWS.exists():
            self.texts = [json.loads(line) for line in WIKINEWS.read_text(encoding="utf-8").splitlines()]
        else:
            self.texts = [{"title": f"t{i}", "text": "Officials met again to discuss trade and security. " * 8}
                          for i in range(50)]
        self.round = 0

    def run(self) -> None:
        deadline = time.monotonic() + self.limit
        with httpx.Client(base_url=self.url, timeout=120,
                          headers={"Authorization": f"Bearer {self.token}"}) as client:
            while not self.stop.is_set() and time.monotonic() < deadline:
                self.round += 1
                batch = [{"text": f"{r['text']}\n\nBench copy {self.round}-{k}.", "title": r.get("title"),
                          "published": r.get("date"), "source": "bench", "format": "jsonl"}
                         for k, r in enumerate(random.sample(self.texts, 25))]
                try:
                    response = client.post("/api/ingest/articles", json={"articles": batch, "extract": False})
                    if response.status_code == 200:
                        self.stored += response.json()["summary"]["stored"]
                        self.batches += 1
                    else:
                        self.errors += 1
                except httpx.HTTPError:
                    self.errors += 1


def load(url: str, paths: list[str], *, clients: int, seconds: float, max_requests: int) -> dict[str, Any]:
    latencies: list[float] = []
    errors = 0
    kinds: dict[str, int] = {}
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    budget = [max_requests]

    def worker(seed: int) -> None:
        nonlocal errors
        rng = random.Random(seed)
        with httpx.Client(base_url=url, timeout=60) as client:
            while time.monotonic() < deadline:
                with lock:
                    if budget[0] <= 0:
                        return
                    budget[0] -= 1
                path = rng.choice(paths)
                began = time.perf_counter()
                try:
                    response = client.get(path)
                    ok, kind = response.status_code == 200, f"HTTP {response.status_code}"
                except httpx.HTTPError as exc:
                    ok, kind = False, type(exc).__name__
                elapsed = time.perf_counter() - began
                with lock:
                    latencies.append(elapsed)
                    errors += not ok
                    if not ok:
                        kinds[kind] = kinds.get(kind, 0) + 1

    began = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - began
    ms = sorted(x * 1000 for x in latencies)

    def pct(p: float) -> float:
        return round(ms[min(len(ms) - 1, int(p * len(ms)))], 1) if ms else float("nan")

    return {"requests": len(ms), "errors": errors, **({"error_kinds": kinds} if kinds else {}),
            "seconds": round(wall, 2),
            "rps": round(len(ms) / wall, 1) if wall else 0.0, "p50_ms": pct(0.50), "p95_ms": pct(0.95),
            "p99_ms": pct(0.99), "mean_ms": round(statistics.fmean(ms), 1) if ms else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=15.0, help="per endpoint and condition")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--max-requests", type=int, default=20_000)
    parser.add_argument("--keep", help="build the store here and keep it")
    parser.add_argument("--cache", choices=("on", "off", "both"), default="both",
                        help="the server's result cache (ENTENTE_API_CACHE): measure with it, without it, or both")
    args = parser.parse_args()

    results: dict[str, Any] = {}
    health: dict[str, Any] = {}
    build_seconds = 0.0
    with tempfile.TemporaryDirectory(prefix="entente-bench-api-") as tmp:
        for cache in ((True, False) if args.cache == "both" else (args.cache == "on",)):
            db = Path(args.keep) if args.keep else Path(tmp) / "bench.duckdb"
            for stale in (db, Path(str(db) + ".wal")):
                stale.unlink(missing_ok=True)
            began = time.perf_counter()
            pairs = build_store(db, args.events)
            build_seconds = time.perf_counter() - began
            token = "bench-token"
            process, url = start_server(db, token, cache)
            mode = "cached" if cache else "uncached"
            try:
                rng = random.Random(3)
                dyad_paths = [f"/api/dyads/{a}/{b}?window=month&limit=20" for a, b in pairs]
                windows = ["", "?since=2012&until=2012", "?since=2013&until=2013"] + \
                    [f"?since=2013-{m:02d}&until=2013-{m:02d}" for m in range(1, 13)]
                network_paths = [f"/api/network{w}" for w in windows]
                for path in dyad_paths[:3] + network_paths[:2]:  # warm up the actor names and a cursor
                    httpx.get(url + path, timeout=120)
                for condition in ("idle", "while_ingesting"):
                    ingest = None
                    if condition == "while_ingesting":
                        ingest = Ingest(url, token, limit=2 * args.seconds + 60)
                        ingest.start()
                        time.sleep(1.0)
                    for name, paths in (("dyad", dyad_paths), ("network", network_paths)):
                        rng.shuffle(paths)
                        results[f"{name}_{condition}_{mode}"] = load(url, paths, clients=args.clients,
                                                                     seconds=args.seconds,
                                                                     max_requests=args.max_requests)
                    if ingest is not None:
                        ingest.stop.set()
                        ingest.join(120)
                        results[f"ingest_{mode}"] = {
                            "articles_stored": ingest.stored, "batches": ingest.batches, "errors": ingest.errors,
                            "articles_per_second": round(ingest.stored / (2 * args.seconds), 1)}
                health = httpx.get(url + "/api/health", timeout=30).json()
            finally:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:
                    process.kill()
    print(json.dumps({
        "benchmark": "api", "events": args.events, "articles_after": health.get("articles"),
        "events_after": health.get("events"), "store_build_seconds": round(build_seconds, 1),
        "clients": args.clients, "seconds_per_run": args.seconds, **results,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
    }, indent=1))


if __name__ == "__main__":
    main()
