"""A cache on disk for what is slow to build and depends only on files and on this code.

An entry is a value with the inputs it was built from: every file read and every rule folder
listed while it was built, each with a digest of its content (``files.recording``). It is
used only if every input still holds what it held, and if it was written by the same engine
code on the same Python; anything else (a stale, corrupt or foreign entry, an unreadable
folder) is a miss and the value is built again. Entries are written whole (a temporary file,
then a rename) and the folder keeps at most ``MAX_ENTRIES`` of them, the least recently used
going first. Nothing read from standard input is kept.

The folder is ``$VERDICT_CACHE``, else ``$XDG_CACHE_HOME/verdict``, else ``~/.cache/verdict``;
``VERDICT_CACHE=off`` turns the cache off. Entries are pickles, read only from a folder that
belongs to the user and that no one else may write to.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from . import files

T = TypeVar("T")

MAX_ENTRIES = 64
"""The most entries the cache folder keeps."""

_FORMAT = b"verdict-cache/1"


def folder() -> Path | None:
    """The cache folder, or ``None`` when the cache is off."""
    chosen = os.environ.get("VERDICT_CACHE")
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "no") else Path(chosen)
    home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(home) / "verdict"


@functools.cache
def _code() -> bytes:
    """What names this engine's code: its modules' names, sizes and times, and the Python."""
    here = Path(__file__).parent
    parts = [sys.version.encode(), _FORMAT]
    for module in sorted(here.glob("*.py")):
        info = module.stat()
        parts.append(f"{module.name}:{info.st_size}:{info.st_mtime_ns}".encode())
    with contextlib.suppress(ImportError):
        import pydantic

        parts.append(pydantic.VERSION.encode())
    return b"\0".join(parts)


def _safe(place: Path) -> bool:
    """Whether ``place`` is a folder of this user's that no one else may write to."""
    try:
        info = place.stat()
    except OSError:
        return False
    getuid = getattr(os, "getuid", None)
    return place.is_dir() and (getuid is None or (info.st_uid == getuid() and not info.st_mode & 0o022))


def _recall(entry: Path) -> tuple[bool, Any]:
    try:
        inputs, value = pickle.loads(entry.read_bytes())
    except Exception:  # a missing, partial, corrupt or foreign entry is a miss
        return False, None
    if not files.unchanged(inputs):
        return False, None
    with contextlib.suppress(OSError):
        os.utime(entry)  # recently used
    return True, value


def _keep(place: Path, entry: Path, inputs: list[files.Input], value: Any) -> None:
    try:
        data = pickle.dumps((inputs, value), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # a value that cannot be pickled is simply not kept
        return
    with contextlib.suppress(OSError):
        place.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _safe(place):
            return
        fd, temporary = tempfile.mkstemp(prefix=".entry.", dir=place)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(temporary, entry)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        kept = sorted(place.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in kept[MAX_ENTRIES:]:
            old.unlink()


def remembered(key: str, build: Callable[[], T]) -> T:
    """``build()``, or the value it gave before for ``key`` if none of its inputs has changed."""
    place = folder()
    if place is None:
        return build()
    name = hashlib.sha256(_code() + b"\0" + key.encode("utf-8", "surrogateescape")).hexdigest()
    entry = place / f"{name}.pickle"
    if _safe(place):
        found, value = _recall(entry)
        if found:
            return value  # type: ignore[no-any-return]
    with files.recording() as inputs:
        built = build()
    if all(kind != "stdin" for kind, _, _ in inputs):
        _keep(place, entry, inputs, built)
    return built
