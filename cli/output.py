"""Output that fails in one line: a closed stdout, a broken pipe, a full disk; files written whole.

``guarded()`` puts a thin wrapper on ``sys.stdout`` for the time a command runs: a failed
write or flush becomes an ``OutputError`` (exit code 74, docs/errors.md) instead of an
internal error, and text the output's encoding cannot hold is written as escapes
(``\\u2014``, as JSON writes them, so JSON output stays valid JSON) instead of failing.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from verdict.engine.errors import VerdictError
from verdict.messages import Message

EXIT_OUTPUT = 74
"""The exit code of a failed output (sysexits' EX_IOERR)."""


class OutputError(VerdictError):
    """Standard output could not be written: closed, a broken pipe, a full disk. Exit code 74."""

    def __init__(self, message: Message | str) -> None:
        super().__init__(message, exit_code=EXIT_OUTPUT)


def _escape(err: UnicodeError) -> tuple[str, int]:
    """Codec error handler: each character the encoding cannot hold as ``\\uXXXX`` (JSON's escape;
    a surrogate pair beyond U+FFFF)."""
    if not isinstance(err, UnicodeEncodeError):
        raise err
    out = []
    for char in err.object[err.start : err.end]:
        code = ord(char)
        if code > 0xFFFF:
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out), err.end


codecs.register_error("verdict-escape", _escape)


def _failed(err: OSError) -> OutputError:
    if isinstance(err, BrokenPipeError):
        return OutputError(Message("output.pipe_closed"))
    from verdict.engine.files import os_reason

    return OutputError(Message("output.failed", reason=os_reason(err)))


class _Guarded:
    """A text stream whose write and flush failures are ``OutputError``s; the rest is delegated."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except OSError as err:
            raise _failed(err) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as err:
            raise _failed(err) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _silence(stream: TextIO) -> None:
    """Point the file descriptor of a failed output at /dev/null, so that Python's own flush
    at exit does not fail a second time (and print a traceback)."""
    with contextlib.suppress(Exception):
        fd = stream.fileno()
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)


@contextlib.contextmanager
def guarded() -> Iterator[None]:
    """Run the block with a guarded ``sys.stdout``; it is flushed at the end, inside the guard."""
    original = sys.stdout
    if original is None:
        raise OutputError(Message("output.stdout_closed"))
    with contextlib.suppress(Exception):
        original.reconfigure(errors="verdict-escape")  # type: ignore[union-attr]
    sys.stdout = _Guarded(original)
    try:
        try:
            yield
        finally:  # on an early exit too (``sys.exit``): a failed flush then replaces its code
            sys.stdout.flush()
    except OutputError:
        _silence(original)
        raise
    finally:
        sys.stdout = original


def write_atomic(path: Path, text: str, force: bool = False) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder, then rename it.

    A failure leaves neither a partial file nor the temporary one; an existing ``path`` is
    refused unless ``force``.
    """
    from verdict.engine.files import os_reason

    if path.is_dir():
        raise VerdictError(Message("output.is_folder"), str(path))
    if path.exists() and not force:
        raise VerdictError(Message("file.already_exists"), str(path))
    folder = path.parent
    if not folder.is_dir():
        raise VerdictError(Message("file.no_such_folder"), str(folder))
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as err:
        raise VerdictError(Message("file.cannot_write", reason=os_reason(err)), str(path)) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException as err:
        Path(temp).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise VerdictError(Message("file.cannot_write", reason=os_reason(err)), str(path)) from None
        raise
