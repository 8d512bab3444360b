"""Ledger and consistency report on the corpus: expectations checked by reading the documents."""

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from pipeline.config import load_config
from pipeline.ledger import NamedRecord, build_ledger, ledger_and_findings, ledger_json, ledger_workbook, report_markdown
from pipeline.ledger.consistency import planned_vs_reported

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def merged(project_config):
    ledger, findings = ledger_and_findings(load_config(project_config))
    return ledger, findings


def entry(ledger, key):
    return next(e for e in ledger.ordered() if e.key == key)


def test_one_entry_per_action_with_cycles(merged):
    ledger, _ = merged
    entries = ledger.ordered()
    assert len(entries) == 37  # 36 planned in 2020 + 5.21, an "occasion saisie" citing its number
    e = entry(ledger, "5.7.d")  # "7.d" in the plan, "7. (d)" in the bilan
    facts = e.cycles["2020"]
    assert facts.planned and facts.reported
    assert [l.id for l in facts.plan.leads] == ["dvc"]
    assert [l.id for l in facts.bilan.leads] == ["sac"]
    assert {t.source for t in e.titles} == {"plan-deploiement-2020.txt", "bilan-2020.txt"}


def test_status_per_cycle(merged):
    ledger, _ = merged
    status = {e.key: e.cycles["2020"].status for e in ledger.ordered() if "2020" in e.cycles}
    assert {k for k, s in status.items() if s == "postponed"} == {"2.11", "2.15"}
    assert {k for k, s in status.items() if s == "suspended"} == {"3.8", "4.12", "5.7.d", "5.10", "5.27"}
    assert status["5.21"] == "unplanned_work"
    ceremony = entry(ledger, "2.9").cycles["2020"]
    assert ceremony.status_uncertain and "annulée" in ceremony.status_evidence[0]
    assert "forcé l'arrêt" in entry(ledger, "4.12").cycles["2020"].status_evidence[0]
    opportunity = entry(ledger, "5.21").cycles["2020"].opportunities[0]
    assert opportunity.partners[0].id == "preca"


def test_linked_documents(merged):
    ledger, _ = merged
    e = entry(ledger, "5.26")
    deliverable = e.deliverables[0]
    assert deliverable.source == "plan-action-immigration-2022-2024.txt" and len(deliverable.actions) == 27
    assert next(a for a in deliverable.actions if a.number == "1.1").period.years == [2022, 2023, 2024]
    program = e.cycles["2023-2024"].program
    assert program.title == "Plan d'action en immigration" and [l.id for l in program.leads] == ["sdsc", "dev"]


def test_findings_exercised_by_the_corpus(merged):
    _, findings = merged
    codes = {(f.code, f.axis, f.number) for f in findings}
    assert ("title-drift", 2, "9") in codes
    assert ("lead-mismatch", 2, "4") in codes
    assert not {("lead-mismatch", 2, "1"), ("lead-mismatch", 1, "7")} & codes
    cross = [f for f in findings if f.code == "bad-cross-reference" and f.number == "26"]
    assert cross and cross[0].details == {"cited": "2.3", "probable": "2.8"} and cross[0].severity == "error"
    tresca = [f for f in findings if f.code == "name-variant" and f.details["id"] == "tresca"]
    assert tresca and "TRESKA" in tresca[0].message
    assert any(f.code == "unresolved-name" for f in findings)
    ambiguous = [f for f in findings if f.code == "summary-mismatch"]
    assert ambiguous and all("ambigu" in f.message for f in ambiguous)  # planned counts agree; only opportunities differ


def test_planned_not_reported_and_reverse(merged, bilan_2020, plan_2020):
    plan = plan_2020.model_copy(deep=True)
    plan.actions = [a for a in plan.actions if (a.axis, a.number) != (2, "4")]
    bilan = bilan_2020.model_copy(deep=True)
    bilan.actions = [a for a in bilan.actions if (a.axis, a.number) != (3, "21")]
    ledger = build_ledger([NamedRecord("plan.txt", plan), NamedRecord("bilan.txt", bilan)], [])
    found = {(f.code, f.axis, f.number) for f in planned_vs_reported(ledger)}
    assert found == {("reported-not-planned", 2, "4"), ("planned-not-reported", 3, "21")}


def test_check_command_json_and_exit_status(project_config):
    result = subprocess.run([sys.executable, "-m", "pipeline", "check", "--json", "--config", str(project_config)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1, result.stderr  # bad cross-references are errors
    findings = json.loads(result.stdout)
    assert all({"code", "axis", "number", "message", "sources", "severity"} <= set(f) for f in findings)
    text = subprocess.run([sys.executable, "-m", "pipeline", "check", "--config", str(project_config)],
                          cwd=ROOT, capture_output=True, text=True)
    assert "erreur [bad-cross-reference]" in text.stdout


def test_workbook_has_frozen_headers_filters_and_a_row_per_action_and_cycle(merged, tmp_path):
    ledger, _ = merged
    data = ledger_workbook(ledger.ordered())
    assert data == ledger_workbook(ledger.ordered())  # deterministic
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(data)
    sheet = openpyxl.load_workbook(path).active
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    pairs = sum(len(e.cycles) for e in ledger.ordered())
    assert sheet.max_row == pairs + 1
    assert [c.value for c in sheet[1]][:5] == ["Axe", "N°", "Clé", "Titre", "Cycle"]


def test_ledger_json_and_report_are_byte_for_byte_those_of_the_untyped_ledger(merged):
    """The typed ledger writes exactly what the dict-based ledger wrote before it (key order included):
    tests/fixtures/golden/ holds that build's ledger.json and consistency report, untouched since."""
    ledger, findings = merged
    golden = ROOT / "tests" / "fixtures" / "golden"
    assert ledger_json(ledger.ordered()) == (golden / "ledger.json").read_text(encoding="utf-8")
    assert report_markdown(findings) == (golden / "rapport-coherence.md").read_text(encoding="utf-8")


def test_ledger_json_reads_back_into_the_same_typed_entries(merged):
    from pydantic import TypeAdapter

    from pipeline.ledger import LedgerEntry

    ledger, _ = merged
    text = ledger_json(ledger.ordered())
    again = TypeAdapter(list[LedgerEntry]).validate_json(text)
    assert ledger_json(again) == text
