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
    # ---- warnings of verdict check (engine/case_warnings.py): what is likely wrong, and the fix
    "warning.no_route": "charge {key}: no rule of complicity applies to offence '{offence}' against a {kind}: "
    "the rule base will not decide it as complicity, and it fails whatever the findings",
    "warning.no_route.fix": "check the offence charged (verdict rules shows what each rule applies to); the "
    "law may answer this person otherwise than as an accomplice",
    "warning.no_route_argued": "charge {key}: no finding on any route of complicity: none of {facts} is "
    "stated, so the charge fails for want of an act of complicity",
    "warning.no_route_argued.fix": "state what the accused did (or that he did nothing: disproved)",
    "warning.unstated_element": "charge {key}: element '{element}' ({title}) of the route '{route}' has no "
    "finding: none of {facts} is stated, so it is not_shown and the charge fails on it",
    "warning.unstated_element.fix": "add a finding on '{first}' at the level the court found (disproved if "
    "it ruled it out).{help}{dates}",
    "warning.half_stated": "charge {key}: rule '{rule}' ({title}) needs all of its facts; {given} is stated "
    "but {missing} is not, so it is not_shown and the rule fails on it",
    "warning.half_stated.fix": "state '{first}' as well, at the level the court found.{help}",
    "warning.other_way_unstated": "charge {key}: '{conclusion}' is reached by '{failed}' or by '{other}' "
    "({title}); the first is stated and fails ({levels}), the second has no finding",
    "warning.other_way_unstated.fix": "if the court found it, state {facts}.{help}",
    "warning.unread_fact": "finding '{finding}' bears on '{fact}', which no rule reads for {keys} (it is read "
    "by {readers}, which do not apply to that offence or accused): it changes nothing",
    "warning.unread_fact.fix": "check the fact's name and the charge (verdict rules --search FACT shows who "
    "reads it), or drop the fact to keep the finding as context",
    "warning.scope_matches_no_charge": "finding '{finding}' is scoped to offence {offence} and accused "
    "{accused}, which together match no charge: it bears on nothing",
    "warning.scope_matches_no_charge.fix": "widen or correct its scope (its offence and accused keys)",
    "warning.dates": " Finding dates are shown, never read: state the fact itself.",
    "warning.any_scope": "any",
    # ---- how verdict check shows them, and the quotes it looks for in the ruling's text
    "check.warning": "{place}warning: {message}",
    "check.fix": "fix: {fix}",
    "check.with_warnings": ", {count} with warnings",
    "check.quotes_found": "({found}/{total} quotes found)",
    "check.quote_missing": "{place}: the quote of finding '{finding}' is not in the text; closest passage "
    "({similarity}%): «{closest}»{under}",
    "check.quote_under": " (under «{heading}»)",
    "check.quote_elsewhere": "{place}: the quote of finding '{finding}' stands under «{heading}», not "
    "«{section}»",
    "facts.quote_not_found": "quote not found in the text",
    "hint.file_has_one_warning": "warning: {file} has 1 warning; verdict check {path} lists it",
    "hint.file_has_warnings": "warning: {file} has {count} warnings; verdict check {path} lists them",
}
