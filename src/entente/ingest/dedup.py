"""Near-duplicate detection: the same wire story with small edits is one piece of evidence.

Signatures are datasketch MinHashes over word 5-grams of the normalised body. Locality-sensitive
hashing splits each signature into `BANDS` bands of `ROWS` rows; two articles become candidates
when any band matches, which for 16 x 8 catches pairs of Jaccard similarity 0.8 about 95% of the
time and 0.9 always. Candidates are confirmed by the estimated similarity (`THRESHOLD`).
Band keys are stored in the database (see `Store.near_duplicates_of`), so detection survives
restarts and scales with the store, not with memory.
"""
from __future__ import annotations

import hashlib
import re

import numpy as np
from datasketch import MinHash

from ..records import normalise_body

NUM_PERM = 128
BANDS = 16
ROWS = 8
SHINGLE = 5
THRESHOLD = 0.7
_WORD = re.compile(r"\w+")
_SEED = 1  # fixed so that signatures computed by any process or machine agree


def shingles(text: str) -> set[bytes]:
    words = _WORD.findall(normalise_body(text))
    if len(words) < SHINGLE:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i:i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)}


def signature(text: str) -> np.ndarray:
    """The MinHash signature of a body: `NUM_PERM` unsigned 32-bit values."""
    minhash = MinHash(num_perm=NUM_PERM, seed=_SEED)
    minhash.update_batch(sorted(shingles(text)))
    return minhash.hashvalues.astype(np.uint32)


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 64-bit key per band (fits DuckDB's BIGINT)."""
    keys = []
    for band in range(BANDS):
        chunk = sig[band * ROWS:(band + 1) * ROWS].tobytes()
        keys.append(int.from_bytes(hashlib.blake2b(chunk, digest_size=8).digest(), "little", signed=True))
    return keys


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


def to_blob(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u4")
