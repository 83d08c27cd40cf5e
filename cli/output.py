"""Writing a command's output to a file: whole or not at all, never over a file unless asked."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from verdict.engine.errors import VerdictError


def write_atomic(path: Path, text: str, force: bool = False) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder, then rename it.

    A failure leaves neither a partial file nor the temporary one; an existing ``path`` is
    refused unless ``force``.
    """
    if path.is_dir():
        raise VerdictError(f"{path}: is a folder; --output takes a file name")
    if path.exists() and not force:
        raise VerdictError(f"{path}: already exists; use --force to overwrite it")
    folder = path.parent
    if not folder.is_dir():
        raise VerdictError(f"{folder}: no such folder")
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as err:
        raise VerdictError(f"{path}: cannot write: {err.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException as err:
        Path(temp).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise VerdictError(f"{path}: cannot write: {err.strerror}") from None
        raise
