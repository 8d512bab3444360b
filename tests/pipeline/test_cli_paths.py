"""The paths a user rarely meets: every command through the CLI, an internal error, a worker that
runs out of memory or fails, and an interruption. Each asserts its French line and exit code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest

from pipeline import cli
from pipeline.extraction import error_message, run_isolated
from extract.errors import DocumentError

ROOT = Path(__file__).resolve().parents[2]


def _cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=600)


def test_names_ledger_and_build_through_the_cli(project_config):
    out = project_config.parent / "output"
    done = _cli("names", "--config", str(project_config))
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [f"rapport écrit : {out / 'noms-a-reviser.md'} et {out / 'noms-a-reviser.xlsx'} ; "
                                        f"mentions : {out / 'mentions.json'}"]
    assert (out / 'noms-a-reviser.xlsx').exists()
    assert (out / "noms-a-reviser.md").read_text(encoding="utf-8").startswith("# Noms à réviser\n")
    done = _cli("ledger", "--config", str(project_config))
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [f"registre : 37 actions ; rapport de cohérence : 30 constats dont 2 erreur(s) "
                                        f"({out / 'rapport-coherence.md'})"]
    assert len(json.loads((out / "ledger.json").read_text(encoding="utf-8"))) == 37
    done = _cli("build", "--config", str(project_config))
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[-1] == (f"8 enregistrements, 37 actions au registre, 30 constats de cohérence "
                                            f"(dont 2 erreur(s)), documents dans {out}.")
    assert (out / "bilan-2021.docx").exists() and (out / "records" / "bilan-2020-pdf.json").exists()


def test_a_document_that_fails_makes_names_and_ledger_exit_1(tmp_path):
    (tmp_path / "vide.txt").write_text("", encoding="utf-8")
    (tmp_path / "config.yaml").write_text("documents:\n  - path: vide.txt\n", encoding="utf-8")
    for command in ("names", "ledger"):
        done = _cli(command, "--config", "config.yaml", cwd=tmp_path)
        assert done.returncode == 1
        assert done.stderr.splitlines()[0] == ("erreur : vide.txt : le fichier est vide ; vérifiez qu'il a été copié "
                                               "en entier.")


def _boom(*_args, **_kwargs):
    raise RuntimeError("boom\nsecond line")


def test_an_internal_error_is_one_french_line_and_exit_1(monkeypatch, capsys):
    monkeypatch.setattr("pipeline.names.normalise.Resolver", _boom)
    monkeypatch.setattr("pipeline.names.normalise._resolvers", {})
    with pytest.raises(SystemExit) as done:
        cli.run(["resolve"], prog_name="levis-bilans")
    assert done.value.code == 1
    err = capsys.readouterr().err
    assert err.splitlines() == ["erreur interne ; relancez avec --debug (qui affiche la trace) et signalez-la."]


def test_with_debug_the_trace_comes_too(monkeypatch, capsys):
    monkeypatch.setattr("pipeline.names.normalise.Resolver", _boom)
    monkeypatch.setattr("pipeline.names.normalise._resolvers", {})
    with pytest.raises(SystemExit) as done:
        cli.run(["resolve", "--debug"], prog_name="levis-bilans")
    err = capsys.readouterr().err
    assert done.value.code == 1 and "Traceback (most recent call last)" in err and "RuntimeError: boom" in err
    assert err.splitlines()[-1] == "erreur interne ; relancez avec --debug (qui affiche la trace) et signalez-la."


def test_an_interruption_exits_130(monkeypatch, capsys):
    def interrupted(*_args, **_kwargs):
        raise click.exceptions.Abort()

    monkeypatch.setattr(cli.main, "main", interrupted)
    with pytest.raises(SystemExit) as done:
        cli.run(["resolve"])
    assert done.value.code == 130 and capsys.readouterr().err == "interrompu.\n"


def test_usage_errors_name_the_command_to_read(capsys):
    with pytest.raises(SystemExit) as done:
        cli.run(["check", "--inconnue"], prog_name="levis-bilans")
    assert done.value.code == 2
    assert capsys.readouterr().err == ("erreur d'utilisation : option inconnue : --inconnue ; voir « levis-bilans check "
                                       "--help ».\n")
    with pytest.raises(SystemExit) as done:
        cli.run(["inventee"], prog_name="levis-bilans")
    assert capsys.readouterr().err == "erreur d'utilisation : commande inconnue : inventee ; voir « levis-bilans --help ».\n"
    with pytest.raises(SystemExit) as done:
        cli.run(["check", "--jsn"], prog_name="levis-bilans")
    assert capsys.readouterr().err == ("erreur d'utilisation : option inconnue : --jsn (vouliez-vous dire '--json' ?) ; "
                                       "voir « levis-bilans check --help ».\n")


def test_collect_on_a_missing_folder_is_a_usage_error(project_config, tmp_path):
    done = _cli("collect", str(tmp_path / "absent"), "--config", str(project_config))
    assert done.returncode == 2
    assert done.stderr.splitlines() == [f"erreur : {tmp_path / 'absent'} : dossier introuvable ; indiquez le dossier où "
                                        "sont les formulaires remplis."]


def _allocate(megabytes):
    return len(bytearray(megabytes * 1024 * 1024))


def _fail():
    raise ValueError("valeur inattendue")


def test_a_worker_over_its_memory_limit_says_trop_volumineux():
    with pytest.raises(DocumentError) as error:
        run_isolated(Path("gros.pdf"), _allocate, 1024, memory_mb=256, timeout=60)
    assert str(error.value) == ("gros.pdf : trop volumineux : la lecture dépasse 256 Mio de mémoire ; vérifiez le fichier "
                                "ou augmentez « limits.memory_mb » dans config.yaml.")
    assert run_isolated(Path("petit.pdf"), _allocate, 1, memory_mb=512, timeout=60) == 1024 * 1024


def test_a_worker_that_fails_gives_an_internal_error_line():
    with pytest.raises(RuntimeError) as error:
        run_isolated(Path("x.pdf"), _fail, timeout=60)
    assert str(error.value).startswith("ValueError: valeur inattendue\nTraceback")
    # No class name and no English in the user's line: the trace comes with --debug.
    assert error_message(Path("x.pdf"), error.value) == ("x.pdf : erreur interne ; relancez avec --debug (qui affiche "
                                                         "la trace) et signalez-la.")
