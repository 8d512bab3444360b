"""`registry` commands: the names registry curated from the review workbook."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pipeline.cli_options import config_option, debug_option, load_checked_config


@click.group()
def registry() -> None:
    """Registre des organisations (registry.yaml) : appliquer les décisions de la révision des noms."""


@registry.command()
@debug_option
@click.argument("workbook", metavar="FICHIER.xlsx", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Montrer les changements sans rien écrire.")
@config_option()
def apply(workbook, dry_run, config_path):
    """Appliquer au registre les décisions du classeur des noms à réviser (noms-a-reviser.xlsx) :
    lignes vérifiées une à une, sauvegarde datée, décisions consignées dans decisions.csv."""
    from pipeline.files import Manifest
    from pipeline.names.apply import apply_workbook, summary

    config = load_checked_config(config_path)
    manifest = Manifest(config.outputs.dir / ".generated.json")
    result = apply_workbook(workbook, config.registry, dry_run=dry_run,
                            review_manifest=(config.outputs.review_xlsx, manifest))
    for line in summary(result, config.registry, dry_run):
        click.echo(line)
    sys.exit(1 if result.plan.refused else 0)
