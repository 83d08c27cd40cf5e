"""A cache on disk for what is slow to build and depends only on files and on this code.

An entry is the value with everything it was made for: the full key of the request (the
request's own key, the content digest of the engine's code, and the versions of Python,
durable_rules, PyYAML with its libyaml, and pydantic) and every input read while it was built:
each file read and each folder listed, by the path as named and the path it resolved to, with
a digest of its content (``files.recording``). It is used only for exactly that key and only
if every input still holds what it held, read through the same links to the same place.
Anything else (a stale entry, another request's entry, a corrupt or foreign file, a value of
the wrong type, an unreadable folder) is a miss: the value is built again and the entry
replaced. Entries are written whole (a temporary file, then a rename); the folder keeps at most
``MAX_ENTRIES`` entries and ``MAX_BYTES`` bytes, the least recently used going first, and
temporary files left by a killed process are swept. Nothing read from standard input is kept.

The folder is ``$VERDICT_CACHE`` (an absolute path; ``off``, ``no``, ``0`` or empty turn the
cache off; a relative path is not used), else ``$XDG_CACHE_HOME/verdict``, else
``~/.cache/verdict``. Entries are pickles, which run code when read: they are read only from a
real folder (not a symbolic link) that belongs to the user and that no one else may write to.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from verdict.engine.io import files

T = TypeVar("T")

MAX_ENTRIES = 64
"""The most entries the cache folder keeps."""

MAX_BYTES = 256 * 1024 * 1024
"""The most bytes the entries of the cache folder take together."""

STALE_SECONDS = 600
"""A temporary file older than this was left by a process that died while writing: it is swept."""

_FORMAT = b"verdict-cache/2"

_LIBRARIES = (("yaml", "pyyaml"), ("durable", "durable_rules"), ("pydantic", "pydantic"),
              ("pydantic_core", "pydantic_core"))
"""The libraries whose version and installed files are part of every key: (module, distribution)."""


def folder() -> Path | None:
    """The cache folder, or ``None`` when the cache is off (or ``VERDICT_CACHE`` is relative)."""
    chosen = os.environ.get("VERDICT_CACHE")
    if chosen is not None:
        if chosen.strip().lower() in ("", "off", "0", "no") or not os.path.isabs(chosen):
            return None
        return Path(chosen)
    home = os.environ.get("XDG_CACHE_HOME")
    if not home or not os.path.isabs(home):
        home = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(home) / "verdict"


@functools.cache
def _listed(home: Path) -> list[str]:
    """The names in ``home``, sorted (empty if it cannot be listed)."""
    try:
        return sorted(os.listdir(home))
    except OSError:
        return []


def _library(module: str, distribution: str) -> bytes:
    """A library's installed version and files: the name and ``RECORD`` of its ``.dist-info``
    (which lists the digest of every installed file, compiled extensions included), found
    without importing it."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.submodule_search_locations:
        return f"{module}: absent".encode()
    home = Path(next(iter(spec.submodule_search_locations))).parent
    parts = [f"{module}: {home}".encode()]
    for name in _listed(home):
        lowered = name.lower()
        if lowered.split("-")[0].replace(".", "_") == distribution and lowered.endswith(
            (".dist-info", ".egg-info")
        ):
            parts.append(name.encode())
            with contextlib.suppress(OSError):
                parts.append(files.digest((home / name / "RECORD").read_bytes()).encode())
    return b"\0".join(parts)


def _modules(here: Path) -> bytes:
    """The names and content digests of the Python modules in the folder ``here``."""
    parts = [module.name.encode() + b":" + files.digest(module.read_bytes()).encode()
             for module in sorted(here.glob("*.py"))]
    return b"\0".join(parts)


@functools.cache
def _code() -> bytes:
    """What names the code that made an entry: the content of the engine's modules, Python's
    version, and the versions and installed files of the libraries the entries depend on."""
    parts = [_FORMAT, sys.version.encode(), sys.implementation.cache_tag.encode(),
             _modules(Path(__file__).parent)]
    parts.extend(_library(module, distribution) for module, distribution in _LIBRARIES)
    return hashlib.sha256(b"\0".join(parts)).hexdigest().encode()


def _safe(place: Path) -> bool:
    """Whether ``place`` is a real folder of this user's that no one else may write to."""
    import stat

    try:
        info = place.lstat()
    except (OSError, ValueError):
        return False
    if not stat.S_ISDIR(info.st_mode):
        return False
    getuid = getattr(os, "getuid", None)
    return getuid is None or (info.st_uid == getuid() and not info.st_mode & 0o022)


def _valid_inputs(inputs: Any) -> bool:
    """Whether ``inputs`` has the shape ``files.recording`` gives."""
    return isinstance(inputs, list) and all(
        isinstance(one, tuple) and len(one) == 4 and all(isinstance(part, str) for part in one)
        for one in inputs
    )


def _recall(entry: Path, full_key: bytes, expect: type | None) -> tuple[bool, Any]:
    """The value the entry holds for ``full_key``, if it is whole, for that key, of the type
    expected, and made from inputs that are unchanged."""
    try:
        found = pickle.loads(entry.read_bytes())
    except Exception:  # a missing, partial, corrupt or foreign entry is a miss, and replaced
        return False, None
    if not (isinstance(found, tuple) and len(found) == 4 and found[0] == _FORMAT):
        return False, None
    _, key, inputs, value = found
    if key != full_key or not _valid_inputs(inputs):
        return False, None  # another request's entry, copied or crafted: never used
    if expect is not None and not isinstance(value, expect):
        return False, None
    if not files.unchanged(inputs):
        return False, None
    with contextlib.suppress(OSError):
        os.utime(entry)  # recently used
    return True, value


def _sweep(place: Path) -> None:
    """Keep the folder within ``MAX_ENTRIES`` and ``MAX_BYTES`` (the most recently used kept), and
    remove the temporary files of writers that died."""
    now = time.time()
    kept: list[tuple[int, int, Path]] = []
    for path in place.iterdir():
        try:
            info = path.lstat()
        except OSError:
            continue  # removed meanwhile by another process
        if path.name.startswith(".entry."):
            if now - info.st_mtime > STALE_SECONDS:
                with contextlib.suppress(OSError):
                    path.unlink()
        elif path.suffix == ".pickle":
            kept.append((info.st_mtime_ns, info.st_size, path))
    kept.sort(key=lambda one: (-one[0], one[2].name))
    total = 0
    for count, (_, size, path) in enumerate(kept):
        total += size
        if count >= MAX_ENTRIES or total > MAX_BYTES:
            with contextlib.suppress(OSError):
                path.unlink()


def _keep(place: Path, entry: Path, full_key: bytes, inputs: list[files.Input], value: Any) -> None:
    try:
        data = pickle.dumps((_FORMAT, full_key, inputs, value), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # a value that cannot be pickled is simply not kept
        return
    if len(data) > MAX_BYTES:
        return
    with contextlib.suppress(OSError):
        place.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _safe(place):
            return
        files.replace_atomic(entry, data)
        _sweep(place)


def _full_key(key: str) -> bytes:
    """Everything an entry for ``key`` is made for: this code and its libraries, then the key."""
    return _code() + b"\0" + key.encode("utf-8", "surrogateescape")


def remembered(key: str, build: Callable[[], T], expect: type[T] | None = None) -> T:
    """``build()``, or the value it gave before for exactly ``key`` (and this code and these
    libraries) if none of its inputs has changed; with ``expect``, only a value of that type."""
    place = folder()
    if place is None:
        return build()
    full_key = _full_key(key)
    entry = place / f"{hashlib.sha256(full_key).hexdigest()}.pickle"
    if _safe(place):
        found, value = _recall(entry, full_key, expect)
        if found:
            return value  # type: ignore[no-any-return]
    with files.recording() as inputs:
        built = build()
    if all(kind != "stdin" for kind, _, _, _ in inputs):
        _keep(place, entry, full_key, inputs, built)
    return built
