"""The names loop as staff run it on a copy of the project: `make` writes the review workbook,
a staff member fills it in (one of each decision, and three rows to refuse), `registry apply`
applies it, and the next `make` resolves the names and offers a fresh workbook without them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
import yaml

from tests.names_workbook import DECIDED, REFUSED, REFUSED_MERGE, SIBLING, fill, rows_by_name
from tests.project import Project


def _apply(project: Project, workbook: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", "registry", "apply", workbook],
                          cwd=project.root, capture_output=True, text=True, timeout=300)


def _partners(project: Project) -> dict[str, str | None]:
    record = json.loads(project.out("records/bilan-2020.json").read_text(encoding="utf-8"))
    fiches = record["actions"] + record["opportunities"]
    return {ref["name"]: ref["id"] for fiche in fiches for key in ("leads", "partners") for ref in fiche[key]}


@pytest.fixture(scope="module")
def loop(tmp_path_factory):
    if shutil.which("make") is None:
        pytest.skip("make absent")
    project = Project(tmp_path_factory.mktemp("noms"))
    project.make()
    registry = project.root / "registry.yaml"
    before = registry.read_text(encoding="utf-8")
    workbook = project.out("noms-a-reviser.xlsx")
    offered = rows_by_name(workbook)
    fill(workbook, {**DECIDED, **REFUSED}, extra=[SIBLING])
    applied = _apply(project, "output/noms-a-reviser.xlsx")
    after = registry.read_text(encoding="utf-8")
    project.make()
    return project, before, after, offered, applied


def test_the_apply_reports_the_refused_rows_and_applies_the_others(loop):
    project, _, _, _, applied = loop
    assert applied.returncode == 1, applied.stderr  # three rows refused
    refused = [line for line in applied.stdout.splitlines() if line.startswith("« À réviser », ligne ")]
    assert len(refused) == 3 and all("colonne « " in line for line in refused)
    assert "bilan : 6 décision(s) appliquée(s), 0 déjà appliquée(s), 3 refusée(s)" in applied.stdout


def test_the_next_make_resolves_the_decided_names(loop):
    project, _, after, _, _ = loop
    partners = _partners(project)
    new_id = next(e["id"] for e in yaml.safe_load(after)["entities"]
                  if e["name"] == "Comité Ma chambre, mon milieu de vie")
    assert partners["Le regroupement de jeunes L'Unisson"] == "unisson"
    assert partners["Comité Ma chambre, mon milieu de vie"] == new_id
    assert partners["Office municipal d'habitation"] == "omh"
    assert partners[REFUSED_MERGE] is None  # the merge was refused


def test_the_new_workbook_no_longer_offers_them(loop):
    project, _, _, offered, _ = loop
    assert set(DECIDED) | set(REFUSED) <= set(offered)
    workbook = project.out("noms-a-reviser.xlsx")  # applied, so make replaced it (the filled one is archived)
    assert not project.out("noms-a-reviser.nouveau.xlsx").exists()
    now = rows_by_name(workbook)
    settled = set(DECIDED) - {REFUSED_MERGE}
    assert not settled & set(now)
    # A refused merge leaves the name unknown: offered again as unresolved, no longer as that merge.
    assert now[REFUSED_MERGE][1] == "nom non résolu"
    assert set(REFUSED) <= set(now)  # the refused rows wait for a corrected decision
    assert (project.root / "decisions").is_dir() and len(list((project.root / "decisions").iterdir())) == 1
    report = project.out("noms-a-reviser.md").read_text(encoding="utf-8")
    assert not any(f"| {name} |" in report for name in settled)


def test_the_registry_keeps_its_comments_and_order_and_a_backup(loop):
    project, before, after, _, _ = loop
    comments = [line for line in before.splitlines() if line.lstrip().startswith("#")]
    assert [line for line in after.splitlines() if line in comments] == comments
    ids = [e["id"] for e in yaml.safe_load(before)["entities"]]
    assert [e["id"] for e in yaml.safe_load(after)["entities"]][:len(ids)] == ids
    backups = list(project.root.glob("registry.sauvegarde-*.yaml"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == before
    log = (project.root / "decisions.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(log) == 1 + len(DECIDED) and all(";Julie Tremblay;" in line for line in log[1:])


def test_a_second_apply_is_a_no_op(loop):
    project, _, after, _, _ = loop
    archived = next((project.root / "decisions").iterdir())
    again = _apply(project, str(archived))
    assert (project.root / "registry.yaml").read_text(encoding="utf-8") == after
    assert "registry.yaml : aucun changement." in again.stdout
    assert "0 décision(s) appliquée(s), 6 déjà appliquée(s)" in again.stdout
    assert len(list(project.root.glob("registry.sauvegarde-*.yaml"))) == 1
