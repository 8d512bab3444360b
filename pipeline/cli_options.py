"""What the command line's commands share: messages on stderr, the --config, --debug and --quiet options,
and the configuration loaded with its registry checked."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline import progress
from pipeline.config import load_config
from pipeline.names import resolver_for


def say(message: str) -> None:
    click.echo(message, err=True)


def config_option(required: bool = False):
    return click.option(
        "--config", "config_path", type=click.Path(path_type=Path, dir_okay=False), default=None, required=required,
        help="Fichier de configuration (config.yaml) : type et cycle des documents déclarés.",
    )


def _remember_debug(ctx, _param, value):
    ctx.meta["debug"] = value


debug_option = click.option("--debug", is_flag=True, expose_value=False, callback=_remember_debug,
                            help="Afficher la trace complète des erreurs internes.")


def _remember_quiet(_ctx, _param, value):
    if value:
        progress.QUIET = True


quiet_option = click.option("--quiet", "-q", is_flag=True, expose_value=False, callback=_remember_quiet,
                            help="Ne pas afficher la progression (les messages restent).")


def load_checked_config(config_path):
    """config.yaml (or the one given) and its registry, both checked before any work."""
    config = load_config(config_path or Path("config.yaml"))
    resolver_for(config.registry)
    return config
