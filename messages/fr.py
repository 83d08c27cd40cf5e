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
    # ---- avertissements de verdict check (engine/case_warnings.py)
    "warning.no_route": "poursuite {key}\u202f: aucune règle de complicité ne s'applique à l'infraction "
    "'{offence}' reprochée à une personne {kind}\u202f: la base de règles ne la tranche pas comme une "
    "complicité, et elle échoue quelles que soient les constatations",
    "warning.no_route.fix": "vérifiez l'infraction poursuivie (verdict rules montre à quoi chaque règle "
    "s'applique)\u202f; le droit peut répondre à cette personne autrement que comme complice",
    "warning.no_route_argued": "poursuite {key}\u202f: aucune constatation sur une voie de complicité\u202f: aucun "
    "des faits {facts} n'est énoncé\u202f; la poursuite échoue faute d'acte de complicité",
    "warning.no_route_argued.fix": "énoncez ce que la personne poursuivie a fait (ou qu'elle n'a rien "
    "fait\u202f: disproved)",
    "warning.unstated_element": "poursuite {key}\u202f: l'élément '{element}' ({title}) de la voie '{route}' "
    "n'a aucune constatation\u202f: aucun des faits {facts} n'est énoncé\u202f; il est donc not_shown et la "
    "poursuite échoue sur lui",
    "warning.unstated_element.fix": "ajoutez une constatation sur '{first}' au niveau retenu par la "
    "juridiction (disproved si elle l'a écarté).{help}{dates}",
    "warning.half_stated": "poursuite {key}\u202f: la règle '{rule}' ({title}) exige tous ses faits\u202f; "
    "{given} est énoncé mais non {missing}, qui est donc not_shown\u202f: la règle échoue sur lui",
    "warning.half_stated.fix": "énoncez aussi '{first}', au niveau retenu par la juridiction.{help}",
    "warning.other_way_unstated": "poursuite {key}\u202f: '{conclusion}' s'établit par '{failed}' ou par "
    "'{other}' ({title})\u202f; la première est énoncée et échoue ({levels}), la seconde n'a aucune "
    "constatation",
    "warning.other_way_unstated.fix": "si la juridiction l'a retenu, énoncez {facts}.{help}",
    "warning.unread_fact": "la constatation '{finding}' porte sur '{fact}', qu'aucune règle ne lit pour "
    "{keys} (les règles {readers} le lisent, mais ne s'appliquent pas à cette infraction ou à cette "
    "personne)\u202f: elle ne change rien",
    "warning.unread_fact.fix": "vérifiez le nom du fait et la poursuite (verdict rules --search FAIT montre "
    "qui le lit), ou retirez le fait pour garder la constatation comme contexte",
    "warning.scope_matches_no_charge": "la constatation '{finding}' est limitée à l'infraction {offence} et "
    "à la personne {accused}, ce qui ne correspond à aucune poursuite\u202f: elle ne porte sur rien",
    "warning.scope_matches_no_charge.fix": "élargissez ou corrigez sa portée (ses clés offence et accused)",
    "warning.dates": " Les dates des constatations sont affichées, jamais lues\u202f: énoncez le fait lui-même.",
    "warning.any_scope": "toute",
    # ---- leur présentation par verdict check, et les citations cherchées dans le texte de la décision
    "check.warning": "{place}avertissement\u202f: {message}",
    "check.fix": "correction\u202f: {fix}",
    "check.with_warnings": ", avec avertissements\u202f: {count}",
    "check.quotes_found": "({found}/{total} citations trouvées)",
    "check.quote_missing": "{place}: la citation de la constatation '{finding}' est introuvable dans le "
    "texte\u202f; passage le plus proche ({similarity}\u202f%)\u202f: «{closest}»{under}",
    "check.quote_under": " (sous «{heading}»)",
    "check.quote_elsewhere": "{place}: la citation de la constatation '{finding}' figure sous «{heading}», "
    "et non sous «{section}»",
    "facts.quote_not_found": "citation introuvable dans le texte",
    "hint.file_has_one_warning": "avertissement\u202f: {file} a 1 avertissement\u202f; verdict check {path} le "
    "détaille",
    "hint.file_has_warnings": "avertissement\u202f: {file} a {count} avertissements\u202f; verdict check "
    "{path} les détaille",
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
}
