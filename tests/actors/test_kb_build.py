"""The knowledge base is rebuilt reproducibly from ../shared by scripts/build_actor_kb.py."""
from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src" / "entente" / "actors" / "data"


@pytest.mark.slow
def test_kb_build_reproduces_the_shipped_files(tmp_path):
    if not (ROOT.parent / "shared" / "data" / "actors").exists():
        pytest.skip("../shared is not available")
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_actor_kb.py"), "--out", str(tmp_path)],
                   check=True, capture_output=True, timeout=300)
    for name in ("actors.jsonl.gz", "agents.tsv", "offices.json", "stats.json"):
        built = hashlib.sha256((tmp_path / name).read_bytes()).hexdigest()
        shipped = hashlib.sha256((DATA / name).read_bytes()).hexdigest()
        assert built == shipped, f"{name} differs from a fresh build: run scripts/build_actor_kb.py"


def test_kb_data_is_small_and_documented():
    size = sum(p.stat().st_size for p in DATA.rglob("*") if p.is_file())
    assert size < 15 * 1024 * 1024
    sources = (DATA / "SOURCES.md").read_text(encoding="utf-8")
    for needle in ("ODbL", "MIT", "CC0", "Phoenix", "Wikidata", "reign"):
        assert needle in sources
