"""The CLI as a user runs it: a subprocess, French messages on stderr, exit codes."""

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True)


def test_extract_json_prints_the_record_with_the_contract_keys():
    result = run("extract", "corpus/bilan-2020.txt", "--json")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert {"kind", "cycle", "title", "source", "actions", "opportunities", "summary", "footnotes"} <= set(record)
    assert set(record["source"]) >= {"path", "sha256"}
    first = record["actions"][0]
    assert {"axis", "number", "title", "achievements", "leads", "partners", "notes", "provenance"} <= set(first)
    assert {"name", "id"} <= set(first["leads"][0])


def test_extract_out_writes_one_file_per_input_and_continues_after_a_failure(tmp_path: Path):
    bad = tmp_path / "lettre.txt"
    bad.write_text("Bonjour,\n\nrien à voir.\n", encoding="utf-8")
    result = run("extract", str(bad), "corpus/plan-deploiement-2020.txt", "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert (tmp_path / "out" / "plan-deploiement-2020.json").exists()
    assert not (tmp_path / "out" / "lettre.json").exists()
    assert "erreur : lettre.txt : type de document non reconnu" in result.stderr
    assert "1 lu, 1 en erreur : lettre.txt" in result.stderr
    assert "Traceback" not in result.stderr


def test_kind_override_and_unplaced_warning(tmp_path: Path):
    doc = tmp_path / "bilan-court.txt"
    doc.write_text("BILAN 2021\n\nAXE 1 LA MOBILITÉ DES PERSONNES\n\n1. Faire une chose.\n\n- Fait.\n\n"
                   "Responsable municipal :\n\n- Service de police\n\nPartenaires :\n\n- Équijustice Lévis\n\n"
                   "Un paragraphe égaré après les partenaires.\n", encoding="utf-8")
    result = run("extract", str(doc), "--json", "--kind", "bilan")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["cycle"] == "2021"
    assert [a["number"] for a in record["actions"]] == ["1"]
    assert record["unplaced"][0]["text"] == "Un paragraphe égaré après les partenaires."
    assert ("avertissement [unplaced-text] bilan-court.txt, ligne 17 : paragraphe qui ne suit ni un titre d'action ni "
            "une liste de réalisations : « Un paragraphe égaré après les partenaires. »") in result.stderr.splitlines()


def test_usage_errors_exit_2():
    assert run("extract", "corpus/bilan-2020.txt").returncode == 2
    assert run("extract", "corpus/bilan-2020.txt", "--json", "--kind", "inconnu").returncode == 2


def test_every_command_has_help_and_is_in_the_readme():
    from pipeline.cli import main

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in main.commands.items():
        assert command.help, name
        assert f"python -m pipeline {name}" in readme, name


def test_deps_lists_one_rule_per_configured_document():
    result = run("deps", "--config", "config.yaml")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("$(PY) -m pipeline extract") == 8
    assert "output/records/bilan-2020.json: corpus/bilan-2020.txt" in result.stdout
    assert "output/records/bilan-2020-pdf.json: corpus/publies/bilan-2020.pdf" in result.stdout


def test_resolve_prints_one_json_line_per_input_line():
    lines = "CISSS-CA\nOrganismes communautaires lévisiens\nVille de LévisCISSS-CACDC de Lévis\nNom inconnu du registre\n"
    result = subprocess.run([sys.executable, "-m", "pipeline", "resolve"], cwd=ROOT, input=lines, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["text"] for o in out] == lines.splitlines()
    assert out[0]["entities"] == [{"id": "cisss-ca", "name": "Centre intégré de santé et de services sociaux de Chaudière-Appalaches"}]
    assert out[1] == {"text": "Organismes communautaires lévisiens", "entities": [], "generic": True}
    assert [e["id"] for e in out[2]["entities"]] == ["ville-levis", "cisss-ca", "cdc-levis"]
    assert out[3]["entities"] == [] and out[3]["generic"] is False


def test_extract_records_carry_entity_ids_and_split_lists():
    record = json.loads(run("extract", "corpus/plan-action-immigration-2022-2024.txt", "--json").stdout)
    action = next(a for a in record["actions"] if a["number"] == "2.6")
    assert [p["id"] for p in action["partners"]] == ["tremplin", "cab", "mifi", "dcom"]
    assert all("id" in p for a in record["actions"] for p in a["partners"])


def test_usage_errors_are_in_french():
    result = run("extract", "corpus/bilan-2020.txt", "--json", "--kind", "rapport")
    assert result.returncode == 2
    assert result.stderr.startswith("erreur d'utilisation : valeur non permise pour '--kind'")
    assert "Error" not in result.stderr and "Traceback" not in result.stderr
    assert run("commande-inconnue").stderr.startswith("erreur d'utilisation : commande inconnue")
