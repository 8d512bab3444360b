"""`tableau-pdf`: the dashboard's overview printed to PDF by chromium (and its screenshots)."""

from __future__ import annotations

from pathlib import Path

import click

from extract.errors import UsageError
from pipeline.cli_options import config_option, debug_option, load_checked_config, say


@click.command("tableau-pdf")
@config_option()
@click.option("--captures", "captures_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Écrire aussi dans DOSSIER les captures de la vue d'ensemble et d'une page d'action (pour le README).")
@debug_option
def tableau_pdf(config_path, captures_dir):
    """Imprimer la vue d'ensemble du tableau de bord en PDF (output/tableau-de-bord.pdf), pour une
    réunion de la Commission."""
    from pipeline.dashboard.browser import print_pdf, screenshot

    config = load_checked_config(config_path)
    site = config.outputs.dashboard
    index = site / "index.html"
    if not index.exists():
        raise UsageError(f"{index} absent : construisez d'abord le tableau de bord (make).")
    pdf = print_pdf(index, config.outputs.dir / "tableau-de-bord.pdf")
    say(f"PDF écrit : {pdf}")
    if captures_dir is not None:
        shown = screenshot(index, captures_dir / "tableau-vue-ensemble.png", 1280, 1250)
        pages = sorted((site / "actions").glob("*.html"), key=lambda p: (-p.read_text(encoding="utf-8").count(
            'class="s-'), p.name))
        action = screenshot(pages[0], captures_dir / "tableau-action.png", 1280, 1000) if pages else None
        say(f"captures écrites : {shown}" + (f" et {action}" if action else ""))
