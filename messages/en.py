"""The messages in English: the reference (docs/errors.md pins them, as the tests do)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # ---- words shared by many messages
    "join.comma": ", ",
    "join.or": " or ",
    "join.and": " and ",
    "hint.did_you_mean": " (did you mean {names}?)",
    # ---- how an error is shown
    "shown.error": "error: {message}",
    "shown.usage": "error: {message} (see verdict --help)",
    "shown.internal": "internal error: {kind}: {message} (run with --debug for details)",
    # ---- reading and writing a file (engine/files.py)
    "file.no_such_file": "no such file",
    "file.no_such_folder": "no such folder",
    "file.symlink_loop": "symbolic links loop: the name leads back to itself",
    "file.name_too_long": "file name too long",
    "file.path_part_is_file": "a part of this path is a file, not a folder",
    "file.cannot_read": "cannot read: {reason}",
    "file.cannot_write": "cannot write: {reason}",
    "file.nul_in_name": "not a valid file name (it holds a NUL character)",
    "file.stdin_closed": "standard input is closed",
    "file.is_folder_not_yaml": "is a folder, not a YAML file",
    "file.is_pipe": "is a pipe (FIFO), not a regular file; only regular files are read (or - for standard input)",
    "file.is_socket": "is a socket, not a regular file; only regular files are read",
    "file.is_device": "is a device, not a regular file; only regular files are read",
    "file.not_regular": "is not a regular file; only regular files are read",
    "file.is_folder_choose_another": "is a folder; choose another name",
    "file.already_exists": "already exists; use --force to overwrite it",
    # ---- limits that count a whole rule base (engine/limits.py)
    "limits.rule_files": "too many rule files across this rule base's folders: {count:,}, over the limit of "
    "{most:,} (set {variable} to raise it)",
    "limits.rule_bytes": "too many bytes of rule files across this rule base's folders: {count:,}, over the "
    "limit of {most:,} (set {variable} to raise it)",
    "limits.rules": "too many rules across this rule base's folders: at least {count:,}, over the limit of "
    "{most:,} (set {variable} to raise it)",
    "limits.bad_value": "{variable} must be a whole number of at least 1, not {value}",
    # ---- standard output (cli/output.py)
    "output.short_write": "cannot write the output: nothing more could be written",
    # ---- path-like values read from a file (engine/overlay.py)
    "path.forbidden_character": "'{key}' is not a valid path: it holds the character {char} "
    "(NUL and the other control characters are refused)",
}
