"""Objects that are slow to build and never change between runs, kept pickled in the user's cache.

The actor KB (a million small objects built from 2 MB of compressed JSON) and the language
identifier's model (an xz-compressed array file) would otherwise cost each process about a second
before its first article. `load_or_build` keeps each as one pickle named by the hash of what it is
built from, so a new release, new data or another Python never reads a stale copy, and ending with
the SHA-256 of its own bytes, so a truncated or altered file is rebuilt instead of read.

The directory is `ENTENTE_CACHE_DIR`, else the platform's user cache directory (`~/.cache/entente`
on Linux, from `platformdirs`). When it cannot be written, each run builds the objects itself.
"""
from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

log = logging.getLogger(__name__)

CACHE_ENV_VAR = "ENTENTE_CACHE_DIR"
_DIGEST = 32  # bytes of SHA-256 at the end of each file

T = TypeVar("T")


def cache_dir() -> Path:
    """Where entente keeps what it rebuilds on demand."""
    from platformdirs import user_cache_dir

    return Path(os.environ.get(CACHE_ENV_VAR) or user_cache_dir("entente"))


def source_hash(*parts: bytes | str) -> str:
    """SHA-256 of the given sources, and of the Python and pickle versions that will read the copy."""
    digest = hashlib.sha256(f"{sys.version_info[:2]}|pickle{pickle.HIGHEST_PROTOCOL}".encode())
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def load_or_build(name: str, key: str, build: Callable[[], T], kind: type[T]) -> T:
    """The object cached as `name` for sources hashing to `key`, else `build()`, cached for next time."""
    path = cache_dir() / f"{name}-{key[:16]}.pickle"
    found = _read(path, kind)
    if found is not None:
        return found
    built = build()
    _write(path, built)
    return built


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a large long-lived structure is made, then move it out of
    the collector's reach. None of its objects is garbage, yet each collection would walk them all:
    while they are made, which more than doubles the time to build the actor KB, and afterwards, in
    every full collection while articles are read. (Frozen objects are still freed by reference
    counting when dropped.)"""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def _read(path: Path, kind: type[T]) -> T | None:
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    payload, digest = blob[:-_DIGEST], blob[-_DIGEST:]
    if len(blob) <= _DIGEST or hashlib.sha256(payload).digest() != digest:
        log.warning("the cached %s is damaged; rebuilding it", path)
        return None
    try:
        with collector_paused():
            found = pickle.loads(payload)  # entente's own file, checked by its digest above
    except Exception as error:  # noqa: BLE001 - any unreadable copy is rebuilt
        log.warning("the cached %s could not be read (%s); rebuilding it", path, error)
        return None
    return found if isinstance(found, kind) else None


def _write(path: Path, value: object) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=path.name, suffix=".tmp", delete=False) as out:
            out.write(payload + hashlib.sha256(payload).digest())
        os.replace(out.name, path)  # readers see the whole file or none
        prefix = path.name.rsplit("-", 1)[0]
        for old in path.parent.glob(f"{prefix}-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as error:
        log.info("%s could not be cached in %s (%s); it is built on each start", path.stem, path.parent, error)
