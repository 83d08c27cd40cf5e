"""Reading input files and writing output files, safely.

Input: only a regular file is read (or ``-``, standard input), once, and never more than
a size limit; a folder, a pipe, a device or a socket is refused in one line before it is
opened, so nothing can hang on it; a symlink loop or a NUL byte in a name is a bad name.
Output: a file is written whole or not at all (a temporary file beside it, then renamed),
never over an existing file unless asked, and nothing is left behind on any failure, an
interrupt included.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from verdict.engine.errors import VerdictError
from verdict.messages import Message, Term

STDIN = "-"
"""The file name that stands for standard input."""

_pending: set[str] = set()
"""Temporary files being written: removed by ``discard_pending`` when the process is interrupted."""

Input = tuple[str, str, str, str]
"""What one read depended on: (``file``, ``folder``, ``tree`` or ``stdin``; its path as named, made
absolute but not resolved; the path it resolved to, through every symbolic link; a digest of its
content, or of the names a folder listed)."""

_recorders: list[list[Input]] = []
"""The inputs read since each open ``recording()`` began (innermost last)."""


def digest(data: bytes) -> str:
    """A digest of ``data`` that names its content."""
    import hashlib

    return hashlib.sha256(data).hexdigest()


@contextlib.contextmanager
def recording() -> Iterator[list[Input]]:
    """Collect, while the block runs, every input file read and every folder listed."""
    inputs: list[Input] = []
    _recorders.append(inputs)
    try:
        yield inputs
    finally:
        _recorders.remove(inputs)


def _record(kind: str, path: Path | str, data: bytes) -> None:
    if _recorders:
        if kind == "stdin":
            entry = (kind, str(path), str(path), digest(data))
        else:
            entry = (kind, os.path.abspath(path), os.path.realpath(path), digest(data))
        for inputs in _recorders:
            inputs.append(entry)


def _listing(found: list[Path], folder: Path) -> bytes:
    return "\n".join(str(p.relative_to(folder)) for p in found).encode("utf-8", "surrogateescape")


def _names(folder: Path) -> tuple[list[Path], bytes]:
    found = sorted(folder.glob("*.yaml"))
    return found, _listing(found, folder)


def _tree(folder: Path) -> tuple[list[Path], bytes]:
    found = sorted(folder.rglob("*.yaml"))
    return found, _listing(found, folder)


def yaml_files(folder: Path) -> list[Path]:
    """The ``.yaml`` files of ``folder``, sorted (the listing is recorded as an input)."""
    found, names = _names(folder)
    _record("folder", folder, names)
    return found


def yaml_tree(folder: Path) -> list[Path]:
    """The ``.yaml`` files of ``folder`` and of every folder under it, sorted (the listing is
    recorded as an input)."""
    found, names = _tree(folder)
    _record("tree", folder, names)
    return found


def _now(kind: str, path: str) -> bytes | None:
    """What the input ``path`` holds now, as it was recorded; None for standard input."""
    if kind == "file":
        return Path(path).read_bytes()
    if kind == "folder":
        return _names(Path(path))[1]
    if kind == "tree":
        return _tree(Path(path))[1]
    return None


def unchanged(inputs: list[Input]) -> bool:
    """Whether every recorded input still holds what it held, read through the same path to the
    same place (a symbolic link repointed is a change; standard input never holds the same)."""
    for kind, path, resolved, was in inputs:
        try:
            if os.path.realpath(path) != resolved:
                return False
            now = _now(kind, path)
        except (OSError, ValueError):
            return False
        if now is None or digest(now) != was:
            return False
    return True


def forbidden_character(name: str) -> str | None:
    """The first character a path may not hold (NUL, another control character, DEL), escaped as
    ``\\x00``; None when there is none."""
    for char in name:
        if char < " " or "\x7f" <= char <= "\x9f":
            return f"\\x{ord(char):02x}"
    return None


def display(path: Path | str) -> str:
    """A path as errors name it: as it is, or quoted with escapes if it holds a line break or the like."""
    text = str(path)
    return text if text.isprintable() else repr(text)


def _kind(mode: int) -> Message | None:
    """What a file that is not a regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return Message("file.is_folder_not_yaml")
    if stat.S_ISFIFO(mode):
        return Message("file.is_pipe")
    if stat.S_ISSOCK(mode):
        return Message("file.is_socket")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return Message("file.is_device")
    return Message("file.not_regular")


def os_error(err: OSError, file: str, reading: bool = True) -> VerdictError:
    """A one-line error for a failed file operation on ``file``."""
    if err.errno == errno.ENOENT:
        return VerdictError(Message("file.no_such_file" if reading else "file.no_such_folder"), file)
    if err.errno == errno.ELOOP:
        return VerdictError(Message("file.symlink_loop"), file)
    if err.errno == errno.ENAMETOOLONG:
        return VerdictError(Message("file.name_too_long"), file)
    if err.errno == errno.ENOTDIR:
        return VerdictError(Message("file.path_part_is_file"), file)
    verb = "file.cannot_read" if reading else "file.cannot_write"
    return VerdictError(Message(verb, reason=os_reason(err)), file)


def os_reason(err: OSError) -> Term:
    """The system's reason for a failed file operation, in its own (English) words, looked up by
    its errno name in another language."""
    name = errno.errorcode.get(err.errno or 0, "") if err.errno is not None else ""
    return Term(f"os.{name}", str(err.strerror or err))


def check_regular(path: Path) -> None:
    """Refuse ``path`` unless it names an existing regular file (symbolic links followed)."""
    file = display(path)
    try:
        mode = os.stat(path).st_mode
    except ValueError:  # a NUL byte in the name
        raise VerdictError(Message("file.nul_in_name"), file) from None
    except OSError as err:
        raise os_error(err, file) from None
    kind = _kind(mode)
    if kind is not None:
        raise VerdictError(kind, file)


def read_bytes(path: Path, limit: int) -> bytes:
    """The bytes of ``path`` (``-``: standard input), at most ``limit`` + 1 of them, read once.

    A file that is not regular is refused before it is opened; it is opened without
    blocking and checked again once open, so a file swapped for a pipe cannot hang it.
    """
    if str(path) == STDIN:
        stream = sys.stdin.buffer if sys.stdin is not None else None
        if stream is None:
            raise VerdictError(Message("file.stdin_closed"), STDIN)
        try:
            data = stream.read(limit + 1)
        except OSError as err:
            raise os_error(err, STDIN) from None
        _record("stdin", STDIN, data)
        return data
    check_regular(path)
    file = display(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as err:
        raise os_error(err, file) from None
    try:
        kind = _kind(os.fstat(fd).st_mode)
        if kind is not None:
            raise VerdictError(kind, file)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        data = b"".join(chunks)
        _record("file", path, data)
        return data
    except OSError as err:
        raise os_error(err, file) from None
    finally:
        os.close(fd)


def _place_new(temporary: Path, path: Path) -> None:
    """Move ``temporary`` to ``path`` unless a file appeared there meanwhile (a hard link fails
    rather than overwrites; on a file system without hard links, a last check, then a rename)."""
    try:
        os.link(temporary, path)
    except OSError as err:
        if err.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        if os.path.lexists(path):
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST)) from None
        os.replace(temporary, path)


def replace_atomic(path: Path, data: bytes, prefix: str = ".entry.", mode: int = 0o600) -> None:
    """Put ``data`` at ``path`` whole or not at all: a temporary file beside it (its name starts
    with ``prefix``, for a sweeper to find), then a rename over whatever was there. Raises
    ``OSError``; nothing is left behind, on an interrupt too."""
    fd, temporary = tempfile.mkstemp(prefix=prefix, dir=path.parent)
    pending_add(temporary)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        pending_discard(temporary)


def write_atomic(path: Path, text: str, force: bool = False) -> None:
    """Write ``text`` (UTF-8) to ``path`` whole or not at all; never over a file unless ``force``.

    Nothing is left behind on failure: the temporary file beside ``path`` is removed, on an
    interrupt too (``discard_pending``).
    """
    file = display(path)
    folder = path.parent
    if not os.path.isdir(folder):
        raise VerdictError(Message("file.no_such_folder"), display(folder))
    if os.path.lexists(path):
        if os.path.isdir(path):
            raise VerdictError(Message("file.is_folder_choose_another"), file)
        if not force:
            raise VerdictError(Message("file.already_exists"), file)
        check_regular(path)
    temporary = folder / f".{path.name}.{os.getpid()}.tmp"
    _pending.add(str(temporary))
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            data = text.encode("utf-8")
            while data:
                data = data[os.write(fd, data) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        if force:
            os.replace(temporary, path)
        else:
            _place_new(temporary, path)
    except FileExistsError:
        raise VerdictError(Message("file.already_exists"), file) from None
    except OSError as err:
        raise os_error(err, file, reading=False) from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        _pending.discard(str(temporary))


def pending_add(name: str) -> None:
    """Note a temporary file being written, to be removed if the process is interrupted."""
    _pending.add(name)


def pending_discard(name: str) -> None:
    """Forget a temporary file noted by ``pending_add`` (it was renamed or removed)."""
    _pending.discard(name)


def discard_pending() -> None:
    """Remove the temporary files of writes under way (when the process is interrupted)."""
    for name in list(_pending):
        with contextlib.suppress(OSError):
            os.unlink(name)
