"""Error messages in French: the English message (docs/errors.md) translated by tables of
patterns. Imported only when an error is shown in French (``i18n.error``), so that compiling
the patterns costs nothing to a command that succeeds."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from verdict.engine.levels import Level

from .i18n import COURTS, LEVELS, NNBSP

# ---------------------------------------------------------------- error messages in French
#
# ``error`` translates the English message (docs/errors.md) by the tables below, in order: the
# first specific patterns, then the general ones. Before that, what a message quotes ('x', "x's")
# and the paths it names are set aside and put back unchanged at the end, so that no pattern
# reads inside them. French typography lives in the replacements themselves: a space written
# before : ; ! ? there becomes a narrow no-break space (``_fr``); a colon written without a
# space (after a location ``file:line:col``) stays as it is. A message the tables do not know
# keeps its English words after the French prefix.

_Repl = str | Callable[[re.Match[str]], str]


def _fr(table: Iterable[tuple[str, _Repl]]) -> tuple[tuple[re.Pattern[str], _Repl], ...]:
    """A table of (pattern, French replacement), the space before : ; ! ? of each replacement
    text made a narrow no-break space."""
    spaced = re.compile(r" ([:;!?])(?= |\)|$)")
    return tuple(
        (re.compile(pattern), spaced.sub(NNBSP + r"\1", repl) if isinstance(repl, str) else repl)
        for pattern, repl in table
    )


def _suggest_fr(match: re.Match[str]) -> str:
    """«(did you mean 'a' or 'b'?)» in French. The space before «?» is a plain one: the French
    suggestion is pinned so by tests/test_i18n.py."""
    names = match[1].replace("' or '", "' ou '")
    return f" (vouliez-vous dire {names}{NNBSP}?)"


_LEVEL_IDS = re.escape(", ".join(value.name_id for value in Level))


def _levels_fr(match: re.Match[str]) -> str:
    """The six levels. On the command line (``--set``) French names are read, so they are listed;
    a YAML file takes the ids only, so they are listed with their French names."""
    if match.string.startswith("--set "):
        names = ", ".join(LEVELS["fr"].values())
    else:
        names = ", ".join(f"{value.name_id} ({name})" for value, name in LEVELS["fr"].items())
    lead = f"{NNBSP}; " if match[1] == "; " else match[1]
    return f"{lead}les niveaux sont{NNBSP}: {names}"


def _number_fr(match: re.Match[str]) -> str:
    """A number written with English thousands separators, «2,000,000», in French: «2 000 000»."""
    return match[0].replace(",", NNBSP)


_CLASSES_FR = {"crime": "un crime n'est pas jugé", "delit": "un délit n'est pas jugé",
               "contravention": "une contravention n'est pas jugée"}


def _court_fr(match: re.Match[str]) -> str:
    return f"{_CLASSES_FR.get(match[1], match[1])} par {COURTS['fr'].get(match[2], match[2])}"


_DUPLICATE_FR = {"finding": "de constatation", "party": "de partie", "rule": "de règle", "fact": "de fait",
                 "offence": "d'infraction", "stage": "de stade", "charge": "de chef"}

_MISSING_FR = {  # what libyaml «did not find expected»
    "key": "une clé",
    "node content": "le contenu d'un nœud",
    "'-' indicator": "l'indicateur '-'",
    "<document start>": "le début d'un document",
    "hexdecimal number": "un nombre hexadécimal",
    "comment or line break": "un commentaire ou un saut de ligne",
    "whitespace or line break": "une espace ou un saut de ligne",
    "alphabetic or numeric character": "une lettre ou un chiffre",
    "tag URI": "l'URI d'une balise",
    "URI": "une URI",
    "digit": "un chiffre",
    "':'": "':'",
}


def _missing_fr(match: re.Match[str]) -> str:
    thing = match[1]
    return f"il manque {_MISSING_FR.get(thing, thing)}"


_OS_FR = {  # the system's reason (strerror) for a failed read or write
    "No space left on device": "plus d'espace libre sur le périphérique",
    "Permission denied": "permission refusée",
    "Read-only file system": "système de fichiers en lecture seule",
    "Is a directory": "c'est un dossier",
    "Not a directory": "ce n'est pas un dossier",
    "No such file or directory": "fichier ou dossier introuvable",
    "File exists": "le fichier existe déjà",
    "Input/output error": "erreur d'entrée-sortie",
    "Operation not permitted": "opération non permise",
    "Disk quota exceeded": "quota de disque dépassé",
    "Too many open files": "trop de fichiers ouverts",
    "Broken pipe": "tube rompu",
    "File name too long": "nom de fichier trop long",
    "Too many levels of symbolic links": "trop de niveaux de liens symboliques",
    "Device or resource busy": "périphérique ou ressource occupés",
    "Invalid argument": "argument invalide",
    "Bad file descriptor": "descripteur de fichier invalide",
}

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

Q = r"('[^']*')"
"""A quoted value ('x', or one set aside by ``_translate``)."""
S = r"(?:^|(?<=: ))"
"""The start of the message, or of what follows its location (``file:line:col: ``)."""

_ERRORS_FR = _fr((
    # ---- hints shared by many messages
    (r" \(did you mean (.+?)\?\)", _suggest_fr),
    (r"(; |\()the levels are: " + _LEVEL_IDS + r"(?=\)|$)", _levels_fr),
    (r"^(--[\w-]+(?: '[^']*')?): ", r"\1 : "),  # --set 'x': …, --facts: …
    # ---- reading a file (engine/files.py, engine/yamlio.py)
    (r": no such file$", ": fichier introuvable"),
    (r": no such folder$", ": dossier introuvable"),
    (r": no such case file or folder$", ": fichier ou dossier d'affaires introuvable"),
    (r": no such rule folder$", ": dossier de règles introuvable"),
    (r": is a file, not a rule folder$", ": est un fichier, pas un dossier de règles"),
    (r": is a folder, not a YAML file$", ": est un dossier, pas un fichier YAML"),
    (r": is a folder; choose another name$", ": est un dossier ; choisissez un autre nom"),
    (r": is a folder; --output takes a file name$", ": est un dossier ; --output attend un nom de fichier"),
    (r": already exists; use --force to overwrite it$", ": existe déjà ; utilisez --force pour l'écraser"),
    (r": is a pipe \(FIFO\), not a regular file; only regular files are read \(or - for standard input\)$",
     ": est un tube (FIFO), pas un fichier ordinaire ; seuls les fichiers ordinaires sont lus "
     "(ou - pour l'entrée standard)"),
    (r": is a socket, not a regular file; only regular files are read$",
     ": est une socket, pas un fichier ordinaire ; seuls les fichiers ordinaires sont lus"),
    (r": is a device, not a regular file; only regular files are read$",
     ": est un périphérique, pas un fichier ordinaire ; seuls les fichiers ordinaires sont lus"),
    (r": is not a regular file; only regular files are read$",
     ": n'est pas un fichier ordinaire ; seuls les fichiers ordinaires sont lus"),
    (r": symbolic links loop: the name leads back to itself$",
     ": boucle de liens symboliques : le nom renvoie à lui-même"),
    (r": file name too long$", ": nom de fichier trop long"),
    (r": a part of this path is a file, not a folder$", ": une partie de ce chemin est un fichier, pas un dossier"),
    (r": not a valid file name \(it holds a NUL character\)$", ": nom de fichier invalide (il contient un caractère NUL)"),
    (r": standard input is closed$", ": l'entrée standard est fermée"),
    (r": cannot read: ", ": lecture impossible : "),
    (r": cannot write: ", ": écriture impossible : "),
    (r"^cannot write the output: the pipe was closed by the program reading it$",
     "impossible d'écrire la sortie : tube fermé par le programme qui la lit"),
    (r"^cannot write the output: standard output is closed$", "impossible d'écrire la sortie : la sortie standard est fermée"),
    (r"^cannot write the output: ", "impossible d'écrire la sortie : "),
    *((rf"(?<=: ){re.escape(reason)}$", french) for reason, french in _OS_FR.items()),
    (r"\d{1,3}(?:,\d{3})+", _number_fr),
    (r"file is ([\d\u202f]+) bytes, over the ([\d\u202f]+)-byte limit for a case or rule file",
     r"le fichier fait \1 octets, au-delà de la limite de \2 octets pour un fichier d'affaire ou de règles"),
    (r"file is over the ([\d\u202f]+)-byte limit for a case or rule file",
     r"le fichier dépasse la limite de \1 octets pour un fichier d'affaire ou de règles"),
    (r"not UTF-8 text \(byte (0x..)\); save the file as UTF-8", r"texte non UTF-8 (octet \1) ; enregistrez le fichier en UTF-8"),
    (r"UTF-16 text, not UTF-8; save the file as UTF-8", "texte UTF-16, pas UTF-8 ; enregistrez le fichier en UTF-8"),
    (r"not valid Unicode text \(a lone surrogate character\)", "texte Unicode invalide (un demi-codet de substitution isolé)"),
    # ---- YAML (engine/yamlparse.py); after «invalid YAML:», libyaml's own words
    (r"\bfile is empty$", "le fichier est vide"),
    (r"expected a mapping of keys, not a single value \(text\)", "une table de clés est attendue, pas une valeur seule (texte)"),
    (r"expected a mapping of keys, not a single value", "une table de clés est attendue, pas une valeur seule"),
    (r"expected a mapping of keys, not ", "une table de clés est attendue, pas "),
    (r"invalid YAML: a tab character: YAML indents with spaces only",
     "YAML invalide : une tabulation ; YAML n'indente qu'avec des espaces"),
    (r"invalid YAML: the control character (U\+[0-9A-F]+) is not allowed in a YAML file",
     r"YAML invalide : le caractère de contrôle \1 est interdit dans un fichier YAML"),
    (r"invalid YAML: unsupported YAML tag (.+) \(only plain data is read\)",
     r"YAML invalide : balise YAML non prise en charge \1 (seules les données simples sont lues)"),
    (r"invalid YAML: the tag " + Q + " does not fit this value", r"YAML invalide : la balise \1 ne convient pas à cette valeur"),
    (r"invalid YAML: a second document starts here; a file holds one YAML document",
     "YAML invalide : un deuxième document commence ici ; un fichier ne contient qu'un document YAML"),
    (r"invalid YAML: ", "YAML invalide : "),
    (r"(?<=YAML invalide\u202f: )did not find (?:the )?expected (.+)$", _missing_fr),
    (r"(?<=YAML invalide\u202f: )could not find expected (.+)$", _missing_fr),
    (r"(?<=YAML invalide\u202f: )mapping values are not allowed (?:in this context|here)$",
     "une paire clé: valeur n'est pas permise à cet endroit"),
    (r"(?<=YAML invalide\u202f: )block sequence entries are not allowed (?:in this context|here)$",
     "un élément de liste n'est pas permis à cet endroit"),
    (r"(?<=YAML invalide\u202f: )found character that cannot start any token$",
     "un caractère qui ne peut commencer aucune unité lexicale"),
    (r"(?<=YAML invalide\u202f: )found unexpected end of stream$", "fin du fichier inattendue"),
    (r"(?<=YAML invalide\u202f: )found undefined alias(?: (.*))?$", r"alias non défini \1"),
    (r"(?<=YAML invalide\u202f: )found unknown escape character(?: (.*))?$", r"caractère d'échappement inconnu \1"),
    (r"(?<=YAML invalide\u202f: )found an indentation indicator equal to 0$", "indicateur d'indentation égal à 0"),
    (r"(?<=YAML invalide\u202f: )found unexpected ':'$", "':' inattendu"),
    (r"(?<=YAML invalide\u202f: )second occurrence$", "deuxième occurrence d'une ancre"),
    (r"(?<=YAML invalide\u202f: )found duplicate anchor(?: (.*))?$", r"ancre en double \1"),
    (r"(?<=YAML invalide\u202f: )found unexpected document indicator$", "indicateur de document inattendu"),
    (r" +$", ""),
    (S + r"a key must be text, not ", "une clé doit être un texte, pas "),
    (r"duplicate key " + Q + r" \(first at line (\d+)\)", r"clé \1 en double (première à la ligne \2)"),
    (r"nesting deeper than (\d+) levels", r"imbrication de plus de \1 niveaux"),
    (r"too many values once aliases are expanded \(over ([\d\u202f]+)\)",
     r"trop de valeurs une fois les alias développés (plus de \1)"),
    # ---- the structure of a file (engine/loader.py: what pydantic found, in words)
    (r"missing key " + Q, r"clé manquante \1"),
    (r"unknown key " + Q + r" in 'changes'", r"clé inconnue \1 dans 'changes'"),
    (r"unknown key " + Q, r"clé inconnue \1"),
    (r"^(.+) is not a valid identifier \(lower-case letters a-z, digits and _, starting with a letter\)",
     r"\1 n'est pas un identifiant valide (minuscules a-z, chiffres et _, commençant par une lettre)"),
    (r"^(.+) is not a valid case id \(lower-case letters a-z, digits and _, at most 80\)",
     r"\1 n'est pas un identifiant d'affaire valide (minuscules a-z, chiffres et _, au plus 80)"),
    (r": item (\d+) repeats item (\d+) through a YAML alias", r" : l'élément \1 répète l'élément \2 par un alias YAML"),
    (S + r"item (\d+) of " + Q, r"l'élément \1 de \2"),
    (S + r"item (\d+) ", r"l'élément \1 "),
    (S + r"key " + Q + " of " + Q, r"la clé \1 de \2"),
    (S + r"key " + Q, r"la clé \1"),
    (S + r"the file ", "le fichier "),
    (S + r"value ", "la valeur "),
    (r" must be an evidence level, not ", " doit être un niveau de preuve, pas "),
    (r" must be text, not ", " doit être un texte, pas "),
    (r" must be a list, not ", " doit être une liste, pas "),
    (r" must be a mapping of keys, not ", " doit être une table de clés, pas "),
    (r" must be ('[^']*'(?:(?:, | or )'[^']*')*), not ", r" doit être \1, pas "),
    (r"' or '", "' ou '"),
    (r" must have at least (\d+) item(s?)$", r" doit compter au moins \1 élément\2"),
    (r" must not be empty$", " ne doit pas être vide"),
    (r" must be at most (\d+) characters, not (\d+)$", r" doit compter au plus \1 caractères, pas \2"),
    (r"une clé doit être un texte, pas (.*): put it in quotes$", r"une clé doit être un texte, pas \1 : mettez-la entre guillemets"),
    (r": put it in quotes$", " : mettez-le entre guillemets"),
    (r" \(write \[\] for none\)$", " (écrivez [] pour une liste vide)"),
    # what a value is (engine/yamlio.py, describe)
    (r"(?:(?<=pas )|(?<=\())the yes/no value ", "la valeur oui/non "),
    (r"(?:(?<=pas )|(?<=\())the empty value ", "la valeur vide "),
    (r"(?:(?<=pas )|(?<=\())an empty value\b", "une valeur vide"),
    (r"(?:(?<=pas )|(?<=\())the number ", "le nombre "),
    (r"(?:(?<=pas )|(?<=\())the text ", "le texte "),
    (r"(?:(?<=pas )|(?<=\())a mapping\b", "une table de clés"),
    (r"(?:(?<=pas )|(?<=\())a list\b", "une liste"),
    (r"(?:(?<=pas )|(?<=\())binary data\b", "des données binaires"),
    (r"(?:(?<=pas )|(?<=\())a set\b", "un ensemble"),
    (r"(?:(?<=pas )|(?<=\())a value of type (\w+)", r"une valeur de type \1"),
    # ---- a case file (engine/loader.py)
    (r"unknown evidence level ", "niveau de preuve inconnu "),
    (r"duplicate (finding|party|rule|fact|offence|stage) id " + Q,
     lambda m: f"identifiant {_DUPLICATE_FR[m[1]]} {m[2]} en double"),
    (r" \(first in (.+), line (\d+)\)$", r" (déjà dans \1, ligne \2)"),
    (r"duplicate charge " + Q, r"chef \1 en double"),
    (r"charge against unknown party " + Q, r"chef visant une partie inconnue \1"),
    (r"^(.+) is a conclusion the rules draw \(rule " + Q + r"\), not a fact a case states; state the facts it reads instead",
     r"\1 est une conclusion que tirent les règles (règle \2), pas un fait qu'énonce une affaire ; "
     "énoncez plutôt les faits qu'elle lit"),
    (r"^(.+) is a conclusion the rules draw \(rule " + Q + r"\), not a finding or a fact; set the facts it reads instead",
     r"\1 est une conclusion que tirent les règles (règle \2), ni une constatation ni un fait ; "
     "modifiez plutôt les faits qu'elle lit"),
    (r"finding " + Q + " is scoped to offence " + Q + ", which no charge names",
     r"la constatation \1 est limitée à l'infraction \2, qu'aucun chef ne vise"),
    (r"finding " + Q + " is scoped to unknown party " + Q, r"la constatation \1 est limitée à une partie inconnue \2"),
    (r"contradiction on " + Q + r" for charge (\S+): finding " + Q + r" establishes it \((\w+)\) while " + Q
     + " disproves it",
     r"contradiction sur \1 pour le chef \2 : la constatation \3 l'établit (\4) tandis que \5 l'écarte"),
    (r"; if the two findings are about different things, " + Q + r" may be meant: rule " + Q + r" reaches "
     + Q + r" by it",
     r" ; si les deux constatations portent sur des choses différentes, \1 est peut-être le fait voulu : "
     r"la règle \2 établit \3 par lui"),
    (r"'allow' names unknown warning " + Q + r"(.*); the warnings are: ",
     r"'allow' désigne un avertissement inconnu \1\2 ; les avertissements sont : "),
    (r"expectation names unknown stage " + Q, r"l'attendu désigne un stade inconnu \1"),
    (r"; the stages are: ", " ; les stades sont : "),
    (r"expectation names unknown charge " + Q, r"l'attendu désigne un chef inconnu \1"),
    (r"expectation names unknown element " + Q, r"l'attendu désigne un élément inconnu \1"),
    (r"expectation names " + Q + ", which no rule with a note concludes",
     r"l'attendu désigne \1, qu'aucune règle assortie d'une observation ne conclut"),
    (r"^(.+) is not an outcome at stage " + Q, r"\1 n'est pas une décision possible au stade \2"),
    (r" \(those are: (.*)\)$", r" (décisions possibles : \1)"),
    (r"^no case " + Q + ": not a file, nor a bundled case", r"pas d'affaire \1 : ni un fichier, ni une affaire fournie"),
    # ---- a rule folder (engine/loader.py, engine/model.py)
    (r"^rule bases extend each other in a circle$", "des bases de règles s'étendent l'une l'autre en boucle"),
    (r": rule bases extend each other in a circle$", ": des bases de règles s'étendent l'une l'autre en boucle"),
    (r"no \.yaml rule files in this folder \(rule files end in \.yaml, not \.yml\)",
     "aucun fichier de règles .yaml dans ce dossier (les fichiers de règles se terminent par .yaml, pas .yml)"),
    (r"no \.yaml rule files in this folder", "aucun fichier de règles .yaml dans ce dossier"),
    (r"a rule file is a mapping with keys (.*)$", r"un fichier de règles est une table de clés parmi : \1"),
    (r"'extends' is not a folder name \(it holds a NUL character\)",
     "'extends' n'est pas un nom de dossier (il contient un caractère NUL)"),
    (r"'without' names unknown rule " + Q, r"'without' désigne une règle inconnue \1"),
    (r"offence " + Q + " qualifies unknown offence " + Q, r"l'infraction \1 qualifie une infraction inconnue \2"),
    (r"offences qualify each other in a circle: ", "des infractions se qualifient l'une l'autre en boucle : "),
    (r"offence " + Q + r" is already in the rule base's catalogue; use it, or give yours another id",
     r"l'infraction \1 figure déjà au catalogue de la base de règles ; utilisez-la, ou donnez un autre "
     "identifiant à la vôtre"),
    (r"^(.+) is declared as a fact a case states, so no rule may conclude it",
     r"\1 est déclaré comme un fait qu'énonce une affaire : aucune règle ne peut donc le conclure"),
    (r"rule " + Q + " has two conditions named " + Q, r"la règle \1 compte deux conditions nommées \2"),
    (r"rule " + Q + ", element " + Q + " presupposes " + Q + ", which is not another condition of the rule",
     r"la règle \1, élément \2, présuppose \3, qui n'est pas une autre condition de la règle"),
    (r"rule " + Q + ", condition " + Q + ": ", r"règle \1, condition \2 : "),
    (r"rule " + Q + " applies to unknown offence " + Q, r"la règle \1 s'applique à une infraction inconnue \2"),
    (r"rule " + Q + " reads " + Q + ", which only rule " + Q + " concludes: leave out " + Q + " too, or keep " + Q,
     r"la règle \1 lit \2, que seule la règle \3 conclut : écartez aussi \4, ou gardez \5"),
    (r"rule " + Q + " is not bound to an offence catalogue", r"la règle \1 n'est liée à aucun catalogue d'infractions"),
    (S + r"without (.+?) no rule concludes ", r"sans \1, no rule concludes "),
    (r"no rule concludes " + Q + ", the conclusion every charge asks for",
     r"aucune règle ne conclut \1, la conclusion que demande chaque chef"),
    (r"stage " + Q + " reads unknown fact or conclusion " + Q, r"le stade \1 lit \2, fait ou conclusion inconnu"),
    (r"stage " + Q + ": outcome " + Q + " is not in its 'severity'",
     r"stade \1 : la décision \2 ne figure pas dans sa liste 'severity'"),
    (r"the rule base defines no stage " + Q, r"la base de règles ne définit aucun stade \1"),
    (r"rules depend on each other in a circle: ", "des règles dépendent les unes des autres en boucle : "),
    (r"\.\.\. \((\d+) more\)", r"... (\1 autres)"),
    (r"a chain of (\d+) conclusions, each read by the next, is deeper than the limit of (\d+): ",
     r"une chaîne de \1 conclusions, chacune lue par la suivante, dépasse la limite de \2 : "),
    (r"^(.+) takes a non-empty list of conditions", r"\1 attend une liste non vide de conditions"),
    (r"a condition is a fact or conclusion name, or one of (.*); got (.*)$",
     r"une condition est un nom de fait ou de conclusion, ou l'une des formes \1 ; reçu \2"),
    (r"'contravention_class' \(1 to 5\) is required for a contravention and only for one",
     "'contravention_class' (1 à 5) est exigée pour une contravention, et pour elle seule"),
    (r"the attempt of a crime is always punishable", "la tentative de crime est toujours punissable"),
    (r"the attempt of a contravention is never punishable", "la tentative de contravention n'est jamais punissable"),
    (r"a délit's attempt is punishable only where a text says so: cite it in ",
     "la tentative d'un délit n'est punissable que si un texte le prévoit : citez-le dans "),
    (r"aid or assistance in a crime or a délit makes an accomplice",
     "l'aide ou l'assistance à un crime ou à un délit rend complice"),
    (r"aid in a contravention is punishable only where a text says so: cite it in ",
     "l'aide à une contravention n'est punissable que si un texte le prévoit : citez-le dans "),
    (r"\ba (crime|delit|contravention) is not tried by the (\w+)", _court_fr),
    (r"an aggravated form names the offence it 'qualifies', its 'circumstance' and its 'circumstance_kind' "
     r"\(real or personal\)",
     "une forme aggravée nomme l'infraction qu'elle qualifie ('qualifies'), sa circonstance ('circumstance') "
     "et la nature de celle-ci ('circumstance_kind' : réelle ou personnelle)"),
    (r"an outcome is needed for every class of offence; missing: ",
     "il faut une décision pour chaque catégorie d'infraction ; manquent : "),
    # ---- overlays, what-if, counterfactuals (engine/overlay.py, engine/counterfactuals.py, cli/)
    (r"not an overlay file \(an overlay has the key 'overlay'\)",
     "pas un fichier de variante (une variante porte la clé 'overlay')"),
    (r"not a case or an overlay file \(a case has the key 'case', an overlay 'overlay'\)",
     "ni un fichier d'affaire ni un fichier de variante (une affaire porte la clé 'case', une variante la clé "
     "'overlay')"),
    (r"the overlay's base is not a case file \(a case has the key 'case'\)",
     "la base de la variante n'est pas un fichier d'affaire (une affaire porte la clé 'case')"),
    (r"'base' names no bundled case " + Q, r"'base' ne désigne aucune affaire fournie \1"),
    (r"'base' is not a valid file name", "'base' n'est pas un nom de fichier valide"),
    (r"'base' must be a case in the overlay's folder tree \((.*)\) or a bundled case by name; to apply this "
     r"overlay to another case, name both: verdict whatif CASE --overlay OVERLAY",
     r"'base' doit être une affaire de l'arborescence de la variante (\1) ou le nom d'une affaire fournie ; "
     "pour appliquer cette variante à une autre affaire, nommez les deux : verdict whatif AFFAIRE --overlay VARIANTE"),
    (r"unknown backend " + Q + r" \(use durable or reference\)", r"moteur inconnu \1 (utilisez durable ou reference)"),
    (r"the changes drop every charge: nothing is left to decide",
     "les modifications écartent tous les chefs : il ne reste rien à juger"),
    (r"--set takes FINDING=LEVEL \(e\.g\. ([^)]*)\), not (.*)$", r"--set attend CONSTATATION=NIVEAU (par ex. \1), pas \2"),
    (r"^nothing to change: give --set, --drop, --stage, --without-rule, --rules or --overlay, or pass an overlay "
     r"file as CASE$",
     "rien à modifier : donnez --set, --drop, --stage, --without-rule, --rules ou --overlay, "
     "ou passez un fichier de variante comme AFFAIRE"),
    (r"^--charge (.+) matches no charge; the charges are: ", r"--charge \1 ne désigne aucun chef ; les chefs sont : "),
    (r"^--charge (.+) matches several charges; the charges are: ",
     r"--charge \1 désigne plusieurs chefs ; les chefs sont : "),
    (r"^--max-changes must be at least (\d+)$", r"--max-changes doit valoir au moins \1"),
    (r"the counterfactual search stopped after ([\d\u202f]+) candidate change sets, before it could show which are "
     r"minimal; narrow it with --max-changes, --facts or --toward",
     r"la recherche de contrefactuels s'est arrêtée après \1 ensembles de modifications candidats, avant de pouvoir "
     "montrer lesquels sont minimaux ; restreignez-la avec --max-changes, --facts ou --toward"),
    (r"^no overlay " + Q + ": not a file, nor a bundled overlay", r"pas de variante \1 : ni un fichier, ni une variante fournie"),
    (r"^no rule folder " + Q + ": not a folder, nor a bundled law variant",
     r"pas de dossier de règles \1 : ni un dossier, ni une variante du droit fournie"),
    (r"^--format (\w+) is not available for (\w+); use (\w+) or (\w+)$",
     r"--format \1 n'est pas disponible pour \2 ; utilisez '\3' ou '\4'"),
    (r"^verdict serve needs the web extra \((\S+) is missing\): pip install ",
     r"verdict serve exige l'extra web (\1 manque) : pip install "),
    # ---- the web app (web/)
    (r"^unknown language " + Q + r" \(use en or fr\)$", r"langue inconnue \1 (utilisez en ou fr)"),
    (r"^unknown parameter " + Q, r"paramètre inconnu \1"),
    (r"; the parameters are: ", " ; les paramètres sont : "),
    (r"^more than (\d+) --set pairs$", r"plus de \1 couples --set"),
    (r"^" + Q + r" given twice \((.+) and (.+)\)$", r"\1 donné deux fois (\2 et \3)"),
    (r"^case " + Q + " has no overlay " + Q, r"l'affaire \1 ne compte aucune variante \2"),
    (r"; its overlays: none$", " ; ses variantes : aucune"),
    (r"; its overlays: ", " ; ses variantes : "),
    (r"^no case " + Q + " is served here", r"aucune affaire \1 n'est servie ici"),
    (r"^unknown law variant " + Q, r"variante du droit inconnue \1"),
    (r"; the variants are: ", " ; les variantes sont : "),
    (r"^no case to serve$", "aucune affaire à servir"),
    (r"^cut: the request took longer than (\S+) s$", r"interrompu : la requête dépasse \1 s"),
    (r"^nothing at ", "rien à l'adresse "),
    # ---- the durable_rules backend and other engine defects (exit code 3)
    (r"the durable backend needs durable_rules, which does not import on this Python; use --backend reference",
     "le moteur durable exige durable_rules, qui ne s'importe pas sur ce Python ; utilisez --backend reference"),
    (r"^the (\w+) backend does not confirm the counterfactual ", r"le moteur \1 ne confirme pas le contrefactuel "),
    (r"^the conclusions (.+) depend on each other$", r"les conclusions \1 dépendent les unes des autres"),
    (r"^durable_rules did not accept the fact (.+) \(code (-?\d+)\)$", r"durable_rules refuse le fait \1 (code \2)"),
    (r"^durable_rules did not accept the facts \(code (-?\d+)\)$", r"durable_rules refuse les faits (code \1)"),
    (r"^an action failed: ", "échec d'une action : "),
    (r"^durable_rules fired a rule twice: ", "durable_rules : règle déclenchée deux fois : "),
    (r"^the rule base compiles into (\d+) durable rules on one pattern; ",
     r"la base de règles se compile en \1 règles durables sur un même motif ; "),
    (r"^the rule base compiles into (\d+) values after one test of its pattern network; ",
     r"la base de règles se compile en \1 valeurs après un test de son réseau de motifs ; "),
    (r"^the rule base compiles into (\d+) durable rules; ", r"la base de règles se compile en \1 règles durables ; "),
    (r"the durable backend supports at most (\d+) \(use --backend reference\)$",
     r"le moteur durable en accepte au plus \1 (utilisez --backend reference)"),
    (r"^durable_rules cannot compile this rule base \((.*)\); use --backend reference$",
     r"durable_rules ne peut pas compiler cette base de règles (\1) ; utilisez --backend reference"),
    (r"^durable rule for " + Q + r" would join (\d+) facts$", r"la règle durable de \1 joindrait \2 faits"),
    (r"^the rules for " + Q + r" read (\d+) facts and conclusions; ",
     r"les règles de \1 lisent \2 faits et conclusions ; "),
    (r"^the rules for " + Q + " read unknown fact " + Q, r"les règles de \1 lisent un fait inconnu \2"),
    (r"^charge (\S+): the rule base " + Q + " knows no offence " + Q + " or no kind of accused " + Q,
     r"chef \1 : la base de règles \2 ne connaît pas l'infraction \3 ou pas la catégorie de personne \4"),
    (r"^charge (\S+) has no level for " + Q, r"chef \1 : aucun niveau pour \2"),
    (r"^charge (\S+): level (-?\d+) of " + Q + " is off the scale", r"chef \1 : le niveau \2 de \3 est hors de l'échelle"),
    (r"^(\d+) charges; the durable backend decides at most (\d+) charges at once \(use --backend reference\)$",
     r"\1 chefs ; le moteur durable statue sur au plus \2 chefs à la fois (utilisez --backend reference)"),
    (r"^durable_rules lost a fact in two runs of the same scenario: a conclusion or an outcome is missing "
     r"\(use --backend reference\)$",
     "durable_rules : un fait perdu dans deux exécutions du même scénario : il manque une conclusion ou une "
     "décision (utilisez --backend reference)"),
    (r"^the fast path decides as the reference backend does: use fast=False for another$",
     "la voie rapide décide comme le moteur reference : utilisez fast=False pour un autre moteur"),
    # ---- the general words, last
    (r"cannot drop unknown finding ", "impossible d'écarter la constatation inconnue "),
    (r"cannot drop unknown charge ", "impossible d'écarter le chef inconnu "),
    (r"unknown finding or fact ", "constatation ou fait inconnu "),
    (r"unknown fact or conclusion ", "fait ou conclusion inconnu "),
    (r"unknown finding ", "constatation inconnue "),
    (r"unknown fact ", "fait inconnu "),
    (r"unknown rule ", "règle inconnue "),
    (r"unknown offence ", "infraction inconnue "),
    (r"unknown stage ", "stade inconnu "),
    *_INPUT_FR,
))

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


def errors(message: str) -> str:
    """An error message (docs/errors.md) in French."""
    return _translate(message, _ERRORS_FR)


def usage(message: str) -> str:
    """A command-line usage error in French."""
    return _translate(message, _USAGE_FR)
