"""Data shipped with the package: the sample corpus (Wikinews, CC BY 2.5; see sample/ATTRIBUTION.md)."""
from __future__ import annotations

from importlib import resources
from pathlib import Path


def sample_corpus_path() -> Path:
    """The bundled sample corpus: Wikinews articles as gzipped JSON Lines."""
    return Path(str(resources.files("entente.data") / "sample" / "wikinews_en.jsonl.gz"))
