"""The action catalogue of the ten-year plan: read from the master plan document (kind
plan_action) or from the workbook staff keep; the ledger covers every catalogue action, and
`select` brings one never deployed into the plan draft, or says in French why it cannot."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from pipeline.build import build
from pipeline.config import load_config
from pipeline.extraction import extract_document
from pipeline.ledger import ledger_and_findings, write_catalogue
from pipeline.ledger.catalogue import WorkbookReader
from tests.helpers import isolated_config

ROOT = Path(__file__).resolve().parents[2]
MASTER = ROOT / "tests" / "fixtures" / "plan_action" / "plan-action-2020-2030.txt"


def _with(config_path: Path, **changes) -> Path:
    data = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    for key, value in changes.items():
        if key == "document":
            data["documents"].append(value)
        elif key == "select":
            data["drafts"]["annual"]["select"] = value
        else:
            data[key] = value
    config_path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config_path


def test_the_master_plan_reads_as_its_catalogue():
    record = extract_document(MASTER).record
    assert record.kind == "plan_action" and record.cycle == "2020-2030" and record.unplaced == []
    by_key = {a.key: a for a in record.actions}
    assert len(by_key) == 39  # the 36 actions of the 2020 plan and 3 made up (read in the file)
    made_up = [k for k, a in by_key.items() if "action fictive" in a.title]
    assert made_up == ["1.2", "3.5", "4.1.a"]
    first = by_key["1.1"]
    assert [l.name for l in first.leads] == ["DVC"] and first.period.years == [2028, 2029, 2030]
    assert [p.name for p in first.partners] == ["Convergence action bénévole", "Société de transport de Lévis",
                                                "Plus de 50 organismes"]
    assert [l.name for l in by_key["5.20"].leads] == ["DGCH", "DEV", "DVC"]
    assert [l.name for l in by_key["3.5"].leads] == ["URBA", "DVC"] and by_key["3.5"].partners == []


def test_the_ledger_covers_catalogue_actions_never_deployed(tmp_path):
    config = load_config(_with(isolated_config(tmp_path), document={"path": str(MASTER), "kind": "plan_action"}))
    ledger, findings = ledger_and_findings(config)
    entries = {e.key: e for e in ledger.ordered()}
    assert {"1.2", "3.5", "4.1.a"} <= set(entries)
    never = entries["1.2"]
    assert never.cycles == {} and never.title.startswith("Étudier la faisabilité d'un service de transport")
    assert never.catalogue.source == MASTER.name and [u.id for u in never.catalogue.units] == ["bmd"]
    assert entries["1.1"].catalogue.years == ["2028", "2029", "2030"]
    assert entries["1.1"].cycles["2020"].plan is not None  # the catalogue adds to what the plans said
    assert not [f for f in findings if f.code.startswith("catalogue-")]


def test_the_catalogue_workbook_round_trips_and_bad_rows_are_named(tmp_path):
    config = load_config(isolated_config(tmp_path))
    written, kept, count, problems = write_catalogue(config)
    assert written == config.outputs.catalogue and kept is None and problems == [] and count == 37
    book = load_workbook(written)
    sheet = book["Catalogue"]
    rows = [r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] is not None]
    first = rows[0]
    assert first[:4] == (1, "1", "Contribuer à l'élaboration et au déploiement d'un projet pilote de tarification sociale "
                                 "du transport en commun.", "DVC")
    assert "plan-deploiement-2020.txt" in first[6] and first[5] == "2020"
    staff = tmp_path / "catalogue-actions.xlsx"
    next_row = len(rows) + 2
    for offset, values in enumerate([
        (1, "2", "Étudier un service de transport de soirée.", "BMD", "Société de transport de Lévis", "2022, 2023-2024"),
        (7, "3", "Un axe qui n'existe pas.", None, None, None),
        (2, 2.1, "Un numéro devenu décimal.", None, None, None),
        (3, "4", None, None, None, None),
        (3, "5", "Des années illisibles.", None, None, "bientôt"),
    ]):
        for column, value in enumerate(values, start=1):
            sheet.cell(row=next_row + offset, column=column, value=value)
    book.save(staff)
    reader = WorkbookReader(staff)
    actions = {a.key: a for a in reader.read()}
    assert len(actions) == 37 + 2  # every row read back, the new one and the one with unreadable years
    assert actions["1.2"].units == ["BMD"] and actions["1.2"].years == ["2022", "2023-2024"]
    assert actions["3.5"].years == []
    assert [(p.severity.value, p.where) for p in reader.problems] == [
        ("error", f"feuille « Catalogue », ligne {next_row + 1}, colonne « Axe »"),
        ("error", f"feuille « Catalogue », ligne {next_row + 2}, colonne « N° »"),
        ("error", f"feuille « Catalogue », ligne {next_row + 3}, colonne « Titre »"),
        ("warning", f"feuille « Catalogue », ligne {next_row + 4}, colonne « Années prévues »"),
    ]
    assert "écrivez-le comme du texte" in reader.problems[1].message


def test_a_workbook_without_its_sheet_is_one_clear_error(tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "autre.xlsx"
    Workbook().save(path)
    reader = WorkbookReader(path)
    assert reader.read() == []
    assert reader.problems[0].line().startswith("erreur [catalogue-unreadable] autre.xlsx : feuille « Catalogue » absente")


def test_a_selected_catalogue_action_enters_the_plan_with_its_title_and_unit(tmp_path):
    path = _with(isolated_config(tmp_path), document={"path": str(MASTER), "kind": "plan_action"}, select=["1.2"])
    messages, complete = build(load_config(path))
    assert complete, messages
    plan = extract_document(tmp_path / "output" / "plan-deploiement-2021.docx").record
    chosen = {a.key: a for a in plan.actions}
    assert chosen["1.2"].title.startswith("Étudier la faisabilité d'un service de transport collectif de soirée")
    assert [l.name for l in chosen["1.2"].leads] == ["BMD"]


@pytest.mark.parametrize("key, said", [
    ("1.3", "l'action « 1.3 » n'est ni au catalogue du plan d'action ni dans aucun plan ou bilan lu"),
    ("un.deux", "« un.deux » n'est pas une clé d'action"),
])
def test_an_unknown_selected_key_is_one_french_line_and_exit_2(tmp_path, key, said):
    path = _with(isolated_config(tmp_path), select=[key])
    done = subprocess.run([sys.executable, "-m", "pipeline", "build", "--config", str(path)], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("erreur : config.yaml, clé « drafts.annual.select » : ")
    assert said in lines[0]
