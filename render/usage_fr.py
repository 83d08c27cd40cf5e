"""The command-line parser's usage errors in French.

verdict's own messages are written once, in the message catalogue (``verdict.messages``). The
usage errors of the command line (an unknown option, a missing argument, a value outside a
fixed list) are written by the parser (typer and the click it ships) in English, most of them as
formatted text with no id nor gettext call to hook, before any of verdict runs; they are
translated here by patterns on the parser's wording. Imported only when such an error is shown
in French (``i18n.usage_error``), so that compiling the patterns costs nothing to a command that
succeeds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from verdict.messages import NNBSP

_Repl = str | Callable[[re.Match[str]], str]


def _fr(table: Iterable[tuple[str, _Repl]]) -> tuple[tuple[re.Pattern[str], _Repl], ...]:
    """A table of (pattern, French replacement), the space before : ; ! ? of each replacement
    text made a narrow no-break space."""
    spaced = re.compile(r" ([:;!?])(?= |\)|$)")
    return tuple(
        (re.compile(pattern), spaced.sub(NNBSP + r"\1", repl) if isinstance(repl, str) else repl)
        for pattern, repl in table
    )


_INPUT_FR: tuple[tuple[str, _Repl], ...] = (  # a value's validation (pydantic's words), in both tables
    (r"(?i)input should be greater than or equal to (\S+)", r"la valeur doit être supérieure ou égale à \1"),
    (r"(?i)input should be less than or equal to (\S+)", r"la valeur doit être inférieure ou égale à \1"),
    (r"(?i)input should be greater than (\S+)", r"la valeur doit être strictement supérieure à \1"),
    (r"(?i)input should be less than (\S+)", r"la valeur doit être strictement inférieure à \1"),
    (r"(?i)input should be a valid integer, unable to parse string as an integer", "un nombre entier est attendu"),
    (r"(?i)input should be a valid integer, got a number with a fractional part",
     "un nombre entier est attendu, pas un nombre à virgule"),
    (r"(?i)input should be a valid integer", "un nombre entier est attendu"),
    (r"(?i)input should be a valid number, unable to parse string as a number", "un nombre est attendu"),
    (r"(?i)input should be a valid number", "un nombre est attendu"),
    (r"(?i)input should be a valid boolean(?:, unable to interpret input)?", "une valeur oui/non est attendue"),
    (r"(?i)input should be a finite number", "un nombre fini est attendu"),
)

_USAGE_FR = _fr((
    *_INPUT_FR,
    (r"^No such option: (\S+)", r"option inconnue : \1"),
    (r" \(Possible options: (.*)\)", r" (options possibles : \1)"),
    (r"^No such command (.+?)\.", r"commande inconnue \1."),
    (r" Did you mean (.*)\?$", r" Vouliez-vous dire \1 ?"),
    (r"^Missing command\.", "commande manquante."),
    (r"^Missing argument (.+?)\.", r"argument manquant \1."),
    (r"^Missing option (.+?)\.", r"option manquante \1."),
    (r"^Missing parameter: (.+)", r"paramètre manquant : \1"),
    (r"^Option (.+?) requires an argument\.", r"l'option \1 attend une valeur."),
    (r"^Option (.+?) requires (\d+) arguments\.", r"l'option \1 attend \2 valeurs."),
    (r"^Option (.+?) does not take a value\.", r"l'option \1 ne prend pas de valeur."),
    (r"^Argument (.+?) takes (\d+) values\.", r"l'argument \1 attend \2 valeurs."),
    (r"^Got unexpected extra argument(?:s|\(s\))? \((.*)\)$", r"arguments en trop (\1)"),
    (r"^Invalid value for (.+?) \(env var: (.+?)\): ", r"valeur invalide pour \1 (variable d'environnement : \2) : "),
    (r"^Invalid value for (.+?): ", r"valeur invalide pour \1 : "),
    (r"^Invalid value: ", "valeur invalide : "),
    (r"(.+) is not one of (.*)\.$", r"\1 n'est pas l'une des valeurs \2."),
    (r"(.+) is not a valid (integer|float)\.$",
     lambda m: f"{m[1]} n'est pas un nombre{' entier' if m[2] == 'integer' else ''} valide."),
    (r"(.+) is not in the range (.+)\.$", r"\1 n'est pas dans l'intervalle \2."),
    (r"' or '", "' ou '"),
))

_QUOTED_VALUE = re.compile(r"""(?<![\w'"])(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")(?![\w])""")
_PLAIN_VALUE = re.compile(r"'[\w.\[\]!/+-]*'")
_ABSOLUTE_PATH = re.compile(r"(?<![\w/.])/[^\s,()]*")
_LOCATION = re.compile(r"^[^\s'\"]*[/.][^\s'\"]*?(?=(?::\d+){0,2}: )")
_KEPT_SPAN = re.compile("\ue000(\\d+)\ue001|\ue002(\\d+)\ue003")


def _translate(message: str, table: tuple[tuple[re.Pattern[str], _Repl], ...]) -> str:
    """``message`` through ``table``; its quoted values and paths are set aside meanwhile, unchanged."""
    kept: list[str] = []

    def keep(match: re.Match[str], quoted: bool) -> str:
        if quoted and _PLAIN_VALUE.fullmatch(match[0]):
            return match[0]  # a name: no pattern reads inside it, and some name it ('case')
        kept.append(match[0])
        n = len(kept) - 1
        return f"'\ue000{n}\ue001'" if quoted else f"\ue002{n}\ue003"

    text = _QUOTED_VALUE.sub(lambda m: keep(m, True), message)
    text = _LOCATION.sub(lambda m: keep(m, False), text, count=1)
    text = _ABSOLUTE_PATH.sub(lambda m: keep(m, False), text)
    for pattern, replacement in table:
        text = pattern.sub(replacement, text)
    text = text.replace("'\ue000", "\ue000").replace("\ue001'", "\ue001")
    return _KEPT_SPAN.sub(lambda m: kept[int(m[1] if m[1] is not None else m[2])], text)


def usage(message: str) -> str:
    """A command-line usage error in French."""
    return _translate(message, _USAGE_FR)
