"""Output that fails in one line: a closed stdout, a broken pipe, a full disk; files written whole.

``guarded()`` puts a wrapper on ``sys.stdout`` for the time a command runs: every write is
checked to the last byte, so a failed or short write (a full disk, a file-size limit) becomes
an ``OutputError`` (exit code 74, docs/errors.md) instead of an internal error or a silent cut;
a pipe closed by its reader is ``PipeClosed`` (exit code 141, nothing said). Text the terminal's
encoding cannot hold is written as escapes (``\\u2014``) instead of failing; machine-readable
documents (``document``) are UTF-8 whatever the terminal's encoding.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import io
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from verdict.engine.errors import VerdictError
from verdict.messages import Message

EXIT_OUTPUT = 74
"""The exit code of a failed output (sysexits' EX_IOERR)."""


class OutputError(VerdictError):
    """Standard output could not be written: closed, a full disk, a file-size limit. Exit code 74."""

    def __init__(self, message: str | Message, exit_code: int = EXIT_OUTPUT) -> None:
        super().__init__(message, exit_code=exit_code)


EXIT_PIPE = 128 + 13
"""The exit code when the program reading the output closed the pipe: 128 + SIGPIPE, what a shell
reports for a program a closed pipe ends (``yes | head``)."""


class PipeClosed(OutputError):
    """The program reading the output closed the pipe: the command ends quietly, exit code 141."""

    def __init__(self) -> None:
        super().__init__(Message("output.pipe_closed"), exit_code=EXIT_PIPE)


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
    if isinstance(err, BrokenPipeError) or err.errno == errno.EPIPE:
        return PipeClosed()
    from verdict.engine.io.files import os_reason

    return OutputError(Message("output.failed", reason=os_reason(err)))


_FLUSH_AT = 1 << 16
"""Bytes held before they are written."""


class _Guarded:
    """Standard output for the time a command runs: text is encoded here (the terminal's encoding
    with escapes for what it cannot hold; UTF-8 for a document, ``document``) and written to the
    file descriptor by a loop that checks every write, so that a short write (a file-size limit)
    or any failure is an ``OutputError``. A stream without a descriptor (a test's capture) is
    written through, its failures checked the same way. Anything else is delegated."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._encoding = getattr(stream, "encoding", None) or "utf-8"
        try:
            self._fd: int | None = stream.fileno()
        except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
            self._fd = None
        self._held: list[bytes] = []
        self._size = 0

    def _put(self, data: bytes) -> None:
        self._held.append(data)
        self._size += len(data)
        if self._size >= _FLUSH_AT:
            self.flush()

    def write(self, text: str) -> int:
        if self._fd is None:
            try:
                return self._stream.write(text)
            except OSError as err:
                raise _failed(err) from None
        self._put(text.encode(self._encoding, "verdict-escape"))
        return len(text)

    def document(self, text: str) -> None:
        """Write a machine-readable document (JSON, Markdown, HTML): UTF-8 whatever the terminal's
        encoding (RFC 8259 §8.1 for JSON; the HTML page declares UTF-8)."""
        if self._fd is None:
            self.write(text)
        else:
            self._put(text.encode("utf-8", "surrogateescape"))

    def flush(self) -> None:
        if self._fd is None:
            try:
                self._stream.flush()
            except OSError as err:
                raise _failed(err) from None
            return
        data = memoryview(b"".join(self._held))
        self._held, self._size = [], 0
        while data:
            try:
                done = os.write(self._fd, data)
            except InterruptedError:
                continue
            except OSError as err:
                raise _failed(err) from None
            if done <= 0:
                raise OutputError(Message("output.short_write"))
            data = data[done:]

    def isatty(self) -> bool:
        try:
            return self._stream.isatty()
        except (OSError, ValueError):
            return False

    @property
    def encoding(self) -> str:
        return self._encoding

    def __getattr__(self, name: str) -> Any:
        if name == "buffer":  # bytes would bypass the checks: there is none
            raise AttributeError(name)
        return getattr(self._stream, name)


def document(text: str) -> None:
    """Write a machine-readable document to standard output in UTF-8 (``_Guarded.document``);
    outside ``guarded()``, as text."""
    out = sys.stdout
    if isinstance(out, _Guarded):
        out.document(text)
    else:
        out.write(text)


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
    try:
        original.flush()
    except OSError as err:
        _silence(original)
        raise _failed(err) from None
    except ValueError:  # a closed stream
        raise OutputError(Message("output.stdout_closed")) from None
    guard = _Guarded(original)
    sys.stdout = guard
    try:
        try:
            yield
        finally:  # on an early exit too (``sys.exit``): a failed flush then replaces its code
            guard.flush()
    except OutputError:
        _silence(original)
        raise
    finally:
        sys.stdout = original


def write_atomic(path: Path, text: str, force: bool = False) -> None:
    """Write ``text`` to the file ``--output`` names, whole or not at all (engine/io/files.py);
    a folder is refused in words that say what the option takes."""
    from verdict.engine.io.files import write_atomic as write

    if path.is_dir():
        raise VerdictError(Message("output.is_folder"), str(path))
    write(path, text, force)
