"""The help of the command line in French, for ``--lang fr`` or ``VERDICT_LANG=fr``.

The English help is written where each command and option is declared. When the language
asked for is French (``--lang fr`` anywhere on the command line, else the environment
variable ``VERDICT_LANG``), ``localise`` replaces every help text of the built command tree
by its French text below, keyed by command name and by parameter name, and names typer's
panels in French. A text missing here stays in English; a test checks that none is missing.
"""

from __future__ import annotations

from typing import Any

APP_EN = (
    "Legal reasoning on French criminal complicity (Code pénal 121-7), explained.\n\n"
    "Cases are YAML files of court findings; the law is YAML rules. verdict decides each "
    "charge at a procedural stage and shows which elements hold, on which findings and "
    "sources, and which missing element blocked the charges.\n\n"
    "Start with:  verdict list, then verdict explain CASE"
)

APP_FR = (
    "Raisonnement juridique sur la complicité en droit pénal français (Code pénal, art. 121-7), "
    "expliqué.\n\n"
    "Les affaires sont des fichiers YAML de constatations des juges ; le droit, des règles YAML. "
    "verdict statue sur chaque chef à un stade de la procédure et montre quels éléments sont "
    "établis, sur quelles constatations et quelles sources, et quel élément manquant fait obstacle.\n\n"
    "Pour commencer :  verdict list, puis verdict explain AFFAIRE"
)

COMMANDS: dict[str, str] = {
    "serve": "Servir les affaires comme une application web locale : explication, schéma et variantes "
    "dans le navigateur.\n\nOuvrir http://127.0.0.1:8000/ et choisir une affaire ; modifier les "
    "constatations, une variante des faits ou du droit, le stade ou la langue, et voir la décision, le "
    "schéma et ce qui change. Nécessite l'extra web : pip install 'verdict[web]'.\n\nExemples :\n\n"
    "  verdict serve\n\n  verdict serve facts/mon_affaire.yaml --port 8080\n\n"
    "  verdict serve --host 0.0.0.0 --workers 4     (pour une classe : voir docs/web.md)",
    "explain": "Statuer sur une affaire et dire pourquoi : d'abord le résumé (décision, chefs, éléments, "
    "ce qui fait obstacle et les mots du juge), l'arbre complet avec --tree.\n\n"
    "Exemples :\n\n  verdict explain AFFAIRE --lang fr\n\n  verdict explain AFFAIRE --tree\n\n"
    "  verdict explain AFFAIRE --format markdown --lang fr > note.md",
    "whatif": "Statuer sur l'affaire telle quelle et modifiée, côte à côte : décisions, éléments qui "
    "bougent, ce qui fait encore obstacle.\n\n"
    "Exemple :\n\n  verdict whatif AFFAIRE --set FAIT=suffisant --lang fr",
    "counterfactuals": "Les plus petites modifications des constatations qui changent une décision, "
    "classées, chacune avec la commande whatif qui la rejoue.",
    "test": "Vérifier les attendus écrits dans les affaires et les variantes : attendu contre obtenu.\n\n"
    "Code de sortie 1 si un attendu échoue, 2 si un fichier est illisible.",
    "check": "Valider des affaires, des variantes et des dossiers de règles sans statuer ; signaler les "
    "pièges probables.\n\nChaque fichier a sa ligne : ✔ s'il est valide, sinon sa première erreur avec le "
    "fichier et la ligne. Une affaire valide peut recevoir des avertissements (fichier:ligne:colonne, ce qui "
    "est probablement faux, la correction) : un élément de la voie qu'elle soutient sans aucune "
    "constatation, un fait d'une paire énoncé sans l'autre, une constatation qu'aucune règle ne lit pour sa "
    "poursuite… (docs/writing-a-case.md). Avec --source (ou le source_text de l'affaire), chaque citation est "
    "cherchée dans le texte de la décision. Code de sortie 2 si un fichier est invalide, ou, avec --strict, "
    "s'il a un avertissement ou une citation introuvable.\n\nExemples :\n\n  verdict check\n\n"
    "  verdict check facts/mon_affaire.yaml --strict\n\n  verdict check facts/mon_affaire.yaml --source "
    "decision.txt",
    "new": "Écrire le squelette commenté d'une nouvelle affaire, avec les faits que lisent les règles.",
    "rules": "Lister les règles : identifiant, intitulé, sources, ce qu'elles concluent et ce qu'elles lisent.",
    "facts": "Lister les constatations d'une affaire : le fait visé, le niveau, la date, la citation, la section.",
    "list": "Lister ce qui est fourni : les affaires, leurs variantes (overlays) et les variantes du droit.",
}

PARAMS: dict[str, str] = {
    "output": "Écrire dans ce fichier (entier ou pas du tout) au lieu d'afficher.",
    "cases": "Fichiers ou dossiers d'affaires à servir en plus des affaires fournies.",
    "host": "Adresse d'écoute (la boucle locale par défaut).",
    "port": "Port d'écoute.",
    "timeout": "Interrompre une requête dont la décision prend plus longtemps (secondes).",
    "workers": "Processus de calcul qui décident les variantes (par défaut : les cœurs ; 0 : dans ce "
    "processus, une requête à la fois, sans limite de temps).",
    "case": "Un fichier d'affaire ou de variante, ou le nom d'une affaire ou variante fournie (voir verdict list).",
    "stage": "Statuer à un autre stade : son identifiant ou son intitulé (voir verdict list). "
    "Par défaut : le stade de l'affaire.",
    "fmt": "Format de sortie : text, json ou markdown.",
    "lang": "Langue : en, ou fr (termes juridiques français). Variable d'environnement : VERDICT_LANG.",
    "backend": "Moteur : durable (durable_rules, par défaut là où il s'importe) ou reference "
    "(l'évaluateur Python qui définit la sémantique).",
    "rules": "Un dossier de règles, ou le nom d'une variante du droit fournie (voir verdict list), "
    "à la place du droit en vigueur.",
    "tree": "L'arbre complet : chaque élément, fait et constatation décisive.",
    "detail": "L'arbre complet avec toutes les constatations.",
    "charge": "Ce seul chef : son numéro, INFRACTION, PERSONNE ou INFRACTION/PERSONNE.",
    "set_": "CONSTATATION=NIVEAU : porter une constatation à un autre niveau ; FAIT=NIVEAU : remplacer "
    "toutes les constatations sur ce fait par une seule à ce niveau. Niveaux en anglais ou en français. "
    "Répétable.",
    "drop": "CONSTATATION : écarter une constatation. Répétable.",
    "without_rule": "RÈGLE : statuer sans cette règle. Répétable.",
    "overlay": "Une variante (overlay) à appliquer à l'affaire : un fichier, ou son nom (voir verdict list). "
    "Répétable.",
    "toward": "Seulement les modifications qui mènent un chef à cette décision (par ex. non_lieu).",
    "max_changes": "Au plus ce nombre de constatations modifiées.",
    "facts": "F1,F2 : seules ces constatations, ou les constatations sur ces faits, peuvent bouger.",
    "show_all": "En texte, lister tous les ensembles (les 12 premiers sinon).",
    "paths": "Fichiers d'affaires ou de variantes, ou dossiers (par défaut : tout ce qui est fourni).",
    "strict": "Les avertissements et les citations introuvables comptent comme des erreurs (code de sortie 2).",
    "source": "Le texte de la décision (un fichier texte UTF-8) : la citation de chaque constatation doit s'y "
    "trouver (espaces, apostrophes, guillemets et ligatures mis à part). Par défaut : le source_text de "
    "l'affaire.",
    "search": "Ne garder que ce qui contient ce mot (identifiant, intitulé, citation, source, faits lus).",
    "name": "L'identifiant de l'affaire : minuscules, chiffres et _.",
    "folder": "Où écrire NOM.yaml.",
    "force": "Écraser un fichier existant.",
    "keyword": "Seulement les affaires et variantes dont le nom contient NOM.",
    "junit": "Écrire aussi le résultat en JUnit XML dans ce fichier (pour une intégration continue).",
    "debug": "Afficher la pile d'appels en cas d'erreur (accepté aussi après la commande).",
    "version": "Afficher la version et quitter.",
    "no_pager": "Ne pas paginer une sortie longue sur un terminal (accepté aussi après la commande).",
    "help": "Afficher cette aide et quitter.",
    "install_completion": "Installer la complétion pour le shell courant.",
    "show_completion": "Afficher la complétion pour le shell courant, à copier ou adapter.",
}

HELP_OPTIONS = ["-h", "--help"]
"""The names of the help option (as the app's ``context_settings`` declares them)."""

PANELS = {
    "ARGUMENTS_PANEL_TITLE": "Arguments",
    "OPTIONS_PANEL_TITLE": "Options",
    "COMMANDS_PANEL_TITLE": "Commandes",
    "DEFAULT_STRING": "[défaut : {}]",
    "ENVVAR_STRING": "[variable d'environnement : {}]",
    "REQUIRED_LONG_STRING": "[obligatoire]",
}


METAVARS = {
    "CASE": "AFFAIRE",
    "OVERLAY": "HYPOTHÈSE",
    "STAGE": "STADE",
    "RULE": "RÈGLE",
    "RULES": "RÈGLES",
    "FINDING": "CONSTATATION",
    "FINDING=LEVEL": "CONSTATATION=NIVEAU",
    "WORD": "MOT",
    "FILE": "FICHIER",
    "NAME": "NOM",
    "PATHS": "CHEMINS",
    "OUTCOME": "DÉCISION",
    "CHARGE": "CHEF",
}
"""The French placeholders of the help and of usage errors, by their English ones."""

USAGE_FR = "Utilisation\u202f: "
"""What the usage line begins with in French."""


def localise(command: Any, lang: str) -> None:
    """Put the French help texts on a built click command tree (in place); nothing for English."""
    if lang != "fr":
        return
    from typer import rich_utils

    for name, text in PANELS.items():
        setattr(rich_utils, name, text)
    _localise(command, None)


def _localise(command: Any, name: str | None) -> None:
    if name is None:
        command.help = APP_FR
    elif name in COMMANDS:
        command.help = COMMANDS[name]
        command.short_help = COMMANDS[name].split("\n")[0]
    for param in command.params:
        if param.name in PARAMS:
            param.help = PARAMS[param.name]
        if param.metavar in METAVARS:
            param.metavar = METAVARS[param.metavar]

    def format_usage(ctx: Any, formatter: Any) -> None:
        formatter.write_usage(ctx.command_path, " ".join(command.collect_usage_pieces(ctx)), USAGE_FR)

    command.format_usage = format_usage
    if getattr(command, "subcommand_metavar", None):
        command.subcommand_metavar = "COMMANDE [ARGUMENTS]..."
    # the help option is made on demand, then kept: make it now, and word it
    context = command.context_class(command, info_name=name, help_option_names=HELP_OPTIONS)
    option = command.get_help_option(context)
    if option is not None:
        option.help = PARAMS["help"]
    for sub_name, sub in getattr(command, "commands", {}).items():
        _localise(sub, sub_name)
