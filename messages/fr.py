"""The messages in French. Names, quoted values, paths and option names stay as written; the
French words take a narrow no-break space (U+202F) before : ; ! ? (tests/test_messages.py checks it)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # ---- words shared by many messages
    "join.comma": ", ",
    "join.or": " ou ",
    "join.and": " et ",
    "hint.did_you_mean": " (vouliez-vous dire {names} ?)",
    # ---- how an error is shown
    "shown.error": "erreur : {message}",
    "shown.usage": "erreur : {message} (voir verdict --help --lang fr)",
    "shown.internal": "erreur interne : {kind} : {message} (relancez avec --debug pour le détail)",
    # ---- reading and writing a file (engine/files.py)
    "file.no_such_file": "fichier introuvable",
    "file.no_such_folder": "dossier introuvable",
    "file.symlink_loop": "boucle de liens symboliques : le nom renvoie à lui-même",
    "file.name_too_long": "nom de fichier trop long",
    "file.path_part_is_file": "une partie de ce chemin est un fichier, pas un dossier",
    "file.cannot_read": "lecture impossible : {reason}",
    "file.cannot_write": "écriture impossible : {reason}",
    "file.nul_in_name": "nom de fichier invalide (il contient un caractère NUL)",
    "file.stdin_closed": "l'entrée standard est fermée",
    "file.is_folder_not_yaml": "est un dossier, pas un fichier YAML",
    "file.is_pipe": "est un tube (FIFO), pas un fichier ordinaire ; seuls les fichiers ordinaires sont lus "
    "(ou - pour l'entrée standard)",
    "file.is_socket": "est une socket, pas un fichier ordinaire ; seuls les fichiers ordinaires sont lus",
    "file.is_device": "est un périphérique, pas un fichier ordinaire ; seuls les fichiers ordinaires sont lus",
    "file.not_regular": "n'est pas un fichier ordinaire ; seuls les fichiers ordinaires sont lus",
    "file.is_folder_choose_another": "est un dossier ; choisissez un autre nom",
    "file.already_exists": "existe déjà ; utilisez --force pour l'écraser",
    # ---- the system's reasons (strerror) for a failed read or write, by errno name
    "os.ENOSPC": "plus d'espace libre sur le périphérique",
    "os.EACCES": "permission refusée",
    "os.EROFS": "système de fichiers en lecture seule",
    "os.EISDIR": "c'est un dossier",
    "os.ENOTDIR": "ce n'est pas un dossier",
    "os.ENOENT": "fichier ou dossier introuvable",
    "os.EEXIST": "le fichier existe déjà",
    "os.EIO": "erreur d'entrée-sortie",
    "os.EPERM": "opération non permise",
    "os.EDQUOT": "quota de disque dépassé",
    "os.EMFILE": "trop de fichiers ouverts",
    "os.EPIPE": "tube rompu",
    "os.ENAMETOOLONG": "nom de fichier trop long",
    "os.ELOOP": "trop de niveaux de liens symboliques",
    "os.EBUSY": "périphérique ou ressource occupés",
    "os.EINVAL": "argument invalide",
    "os.EBADF": "descripteur de fichier invalide",
    # ---- limits that count a whole rule base (engine/limits.py)
    "limits.rule_files": "trop de fichiers de règles dans les dossiers de cette base de règles\u202f: {count:,}, "
    "au-delà de la limite de {most:,} (fixez {variable} pour la relever)",
    "limits.rule_bytes": "trop d'octets de fichiers de règles dans les dossiers de cette base de règles\u202f: "
    "{count:,}, au-delà de la limite de {most:,} (fixez {variable} pour la relever)",
    "limits.rules": "trop de règles dans les dossiers de cette base de règles\u202f: au moins {count:,}, au-delà "
    "de la limite de {most:,} (fixez {variable} pour la relever)",
    "limits.bad_value": "{variable} doit être un nombre entier d'au moins 1, pas {value}",
    # ---- standard output (cli/output.py)
    "output.short_write": "impossible d'écrire la sortie\u202f: plus rien n'a pu être écrit",
    # ---- path-like values read from a file (engine/overlay.py)
    "path.forbidden_character": "'{key}' n'est pas un chemin valide\u202f: il contient le caractère {char} "
    "(NUL et les autres caractères de contrôle sont refusés)",
}
