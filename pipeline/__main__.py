"""Entry point: `python -m pipeline`. Click's own usage errors are put into French here."""

import re
import sys

import click

from pipeline.cli import main

_FRENCH = [
    (r"Invalid value for (.+?): (.+) is not one of (.+)\.", r"valeur non permise pour \1 : \2 (permis : \3)."),
    (r"Invalid value for (.+?): (.*)", r"valeur non valide pour \1 : \2"),
    (r"Missing argument (.+)\.", r"argument manquant : \1."),
    (r"Missing option (.+)\.", r"option manquante : \1."),
    (r"No such option: (.+)", r"option inconnue : \1"),
    (r"No such command (.+)\.", r"commande inconnue : \1."),
    (r"Option (.+) requires an argument\.", r"l'option \1 demande une valeur."),
    (r"Got unexpected extra arguments? \((.+)\)", r"argument en trop : \1"),
    (r"Path (.+) does not exist\.", r"le chemin \1 n'existe pas."),
]


def _french(message: str) -> str:
    for pattern, replacement in _FRENCH:
        if re.match(pattern, message):
            return re.sub(pattern, replacement, message)
    return message


try:
    main(prog_name="python -m pipeline", standalone_mode=False)
except click.UsageError as exc:
    hint = f" ; voir « python -m pipeline {exc.ctx.info_name} --help »" if exc.ctx and exc.ctx.parent else " ; voir « python -m pipeline --help »"
    click.echo(f"erreur d'utilisation : {_french(exc.format_message()).rstrip('.')}{hint}.", err=True)
    sys.exit(2)
except click.exceptions.Abort:
    click.echo("interrompu.", err=True)
    sys.exit(130)
except click.exceptions.Exit as exc:
    sys.exit(exc.exit_code)
