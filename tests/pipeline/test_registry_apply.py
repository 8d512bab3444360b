"""`registry apply`: the review workbook's decisions checked row by row and applied to a copy of
the registry, keeping its text; dry runs, second applies, LibreOffice's copy, bad files."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from pipeline.names.apply import apply_workbook, summary
from pipeline.names.registry import load_registry
from pipeline.names.resolver import Resolver
from tests.helpers import require_tool
from tests.names_workbook import DECIDED, NO_KIND, REFUSED, REFUSED_MERGE, SIBLING, UNKNOWN_ORGANISATION, fill

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 12, 6, 14, 30, 0)


@pytest.fixture
def filled(built, tmp_path):
    """A registry copy and the build's review workbook filled by a staff member."""
    registry = tmp_path / "registry.yaml"
    shutil.copy(ROOT / "registry.yaml", registry)
    workbook = tmp_path / "noms-a-reviser.xlsx"
    shutil.copy(built[0] / "noms-a-reviser.xlsx", workbook)
    rows = fill(workbook, {**DECIDED, **REFUSED}, extra=[SIBLING])
    return registry, workbook, rows


def _comments(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip().startswith("#")]


def _ids(text: str) -> list[str]:
    return [e["id"] for e in yaml.safe_load(text)["entities"]]


def test_invalid_rows_are_refused_by_sheet_row_and_column_and_the_others_apply(filled):
    registry, workbook, rows = filled
    result = apply_workbook(workbook, registry, now=NOW)
    refused = result.plan.refused
    assert len(refused) == 3
    by_row = {int(r.split("ligne ")[1].split(",")[0]): r for r in refused}
    assert by_row[rows[UNKNOWN_ORGANISATION]].startswith(
        f"« À réviser », ligne {rows[UNKNOWN_ORGANISATION]}, colonne « Organisation » : "
        "« Table des aînés imaginaires » n'est pas une organisation du registre")
    assert by_row[rows[NO_KIND]].startswith(f"« À réviser », ligne {rows[NO_KIND]}, colonne « Type d'organisation » : ")
    sibling = by_row[rows[SIBLING["Nom tel qu'écrit"]]]
    assert "colonne « Organisation »" in sibling and "Service d'entraide de St-Étienne" in sibling
    assert {o.name for o in result.plan.applied} == set(DECIDED)
    # The registry the next build reads: each decided name is settled.
    resolver = Resolver(load_registry(registry))
    assert resolver.resolve_one("Le regroupement de jeunes L'Unisson").ids == ["unisson"]
    assert resolver.resolve_one("Office municipal d'habitation").method == "nom exact"
    new = resolver.resolve_one("Comité Ma chambre, mon milieu de vie")
    assert new.method == "nom exact" and resolver.registry.entities[new.ids[0]].kind == "collective"
    assert resolver.resolve_one(
        "Comité camp de jour avec les organismes offrant des camps de jour aux personnes handicapées").generic
    assert not resolver.resolve_one(REFUSED_MERGE).resolved
    assert "table-aines" not in dict(resolver.resolve_one(REFUSED_MERGE).candidates)
    assert "Service d'entraide de St-Nicolas" not in resolver.registry.entities["se-st-etienne"].aliases


def test_the_registry_keeps_its_comments_order_and_untouched_lines(filled):
    registry, workbook, _ = filled
    before = registry.read_text(encoding="utf-8")
    result = apply_workbook(workbook, registry, now=NOW)
    after = registry.read_text(encoding="utf-8")
    assert _comments(before) == [c for c in _comments(after) if c in _comments(before)]
    assert _ids(after)[:len(_ids(before))] == _ids(before)
    removed = [line[1:] for line in result.diff if line.startswith("-") and not line.startswith("---")]
    assert len(removed) == 2  # the two entities that got an alias (OMH and L'Unisson), nothing else
    kept = [line for line in before.splitlines() if line not in removed]
    assert all(line in after.splitlines() for line in kept)
    backup = registry.with_name("registry.sauvegarde-2026-12-06-143000.yaml")
    assert backup.read_text(encoding="utf-8") == before
    with (registry.parent / "decisions.csv").open(encoding="utf-8-sig") as log:
        entries = list(csv.DictReader(log, delimiter=";"))
    assert [(e["classeur"], e["auteur"], e["décision"]) for e in entries] == [
        ("noms-a-reviser.xlsx", "Julie Tremblay", o.decision) for o in result.plan.applied]
    assert (registry.parent / "decisions" / "2026-12-06-143000-noms-a-reviser.xlsx").exists()


def test_a_second_apply_changes_nothing(filled):
    registry, workbook, _ = filled
    apply_workbook(workbook, registry, now=NOW)
    first = registry.read_bytes()
    again = apply_workbook(workbook, registry, now=datetime(2026, 12, 7))
    assert registry.read_bytes() == first and not again.changed and not again.plan.applied
    assert len(again.plan.unchanged) == len(DECIDED)
    assert len(list(registry.parent.glob("registry.sauvegarde-*"))) == 1
    assert "registry.yaml : aucun changement." in summary(again, registry, dry_run=False)


def test_a_dry_run_shows_the_changes_and_writes_nothing(filled):
    registry, workbook, _ = filled
    before = registry.read_bytes()
    result = apply_workbook(workbook, registry, dry_run=True, now=NOW)
    lines = summary(result, registry, dry_run=True)
    assert registry.read_bytes() == before
    assert sorted(p.name for p in registry.parent.iterdir()) == ["noms-a-reviser.xlsx", "registry.yaml"]
    assert "+  - Démarche de concertation de l'IVPSA" in lines
    assert any(line.startswith("bilan : 6 décision(s) à appliquer") for line in lines)


def test_a_workbook_saved_by_libreoffice_applies_alike(filled, tmp_path):
    require_tool("soffice", "libreoffice-calc-nogui")
    registry, workbook, _ = filled
    other = tmp_path / "libreoffice"
    other.mkdir()
    shutil.copy(ROOT / "registry.yaml", other / "registry.yaml")
    saved = tmp_path / "calc"
    done = subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'profil'}", "--headless",
                           "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(saved), str(workbook)],
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0 and (saved / workbook.name).exists(), done.stderr
    by_calc = apply_workbook(saved / workbook.name, other / "registry.yaml", now=NOW)
    by_excel = apply_workbook(workbook, registry, now=NOW)
    assert len(by_calc.plan.applied) == len(DECIDED) and len(by_calc.plan.refused) == 3
    assert (other / "registry.yaml").read_text(encoding="utf-8") == registry.read_text(encoding="utf-8")


def _cli(*args, cwd):
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300)


@pytest.mark.parametrize("case", ["corrompu", "texte", "autre classeur", "colonne absente", "absent"])
def test_a_bad_workbook_is_one_french_line_and_leaves_the_registry(case, built, tmp_path):
    from openpyxl import Workbook, load_workbook

    shutil.copy(ROOT / "registry.yaml", tmp_path / "registry.yaml")
    config = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    config = {"documents": [{**config["documents"][0], "path": str(ROOT / config["documents"][0]["path"])}],
              "registry": "registry.yaml"}
    (tmp_path / "config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    target = tmp_path / "noms-a-reviser.xlsx"
    if case == "corrompu":
        good = (built[0] / "noms-a-reviser.xlsx").read_bytes()
        target.write_bytes(good[: len(good) // 2])
    elif case == "texte":
        target.write_text("Nom;Décision\nTremplin;ignorer\n", encoding="utf-8")
    elif case == "autre classeur":
        book = Workbook()
        book.active.title = "Feuil1"
        book.save(target)
    elif case == "colonne absente":
        book = load_workbook(built[0] / "noms-a-reviser.xlsx")
        book["À réviser"].delete_cols(5)
        book.save(target)
    before = (tmp_path / "registry.yaml").read_bytes()
    done = _cli("registry", "apply", target.name, "--config", "config.yaml", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("erreur : ") and "noms-a-reviser.xlsx" in lines[0]
    assert "Error" not in lines[0] and "Exception" not in lines[0]
    assert (tmp_path / "registry.yaml").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("registry")) == ["registry.yaml"]
