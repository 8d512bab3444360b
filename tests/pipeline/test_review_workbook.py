"""The names review workbook (output/noms-a-reviser.xlsx) as staff open it: one row per name to
review with all its places, locked facts, open decision columns with their drop-downs, the
registry for reference; never overwritten once a staff member filled it."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline.build import build
from pipeline.config import load_config
from pipeline.names import resolver_for
from pipeline.names.registry import KIND_LABELS
from pipeline.names.review_workbook import CITED, COLUMNS, DECISIONS, GENERIC, MERGED, SHEET, UNRESOLVED

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def book(built):
    return load_workbook(built[0] / "noms-a-reviser.xlsx")


def _rows(book) -> list[tuple]:
    return list(book[SHEET].iter_rows(min_row=2, values_only=True))


def test_one_row_per_name_to_review_with_all_its_places(book):
    rows = _rows(book)
    assert {r[0] for r in rows} == {UNRESOLVED, MERGED, GENERIC}
    assert len({(r[0], r[1]) for r in rows}) == len(rows)  # a name written in several places is one row
    by_name = {r[1]: r for r in rows}
    # Read in corpus/bilan-2020.txt: line 577, in action 4.7's partners; no registry entity names it.
    unresolved = by_name["Démarche de concertation de l'IVPSA"]
    assert unresolved[0] == UNRESOLVED and unresolved[2] == "bilan-2020.txt, ligne 577, action 4.7"
    candidates = unresolved[3].split("\n")
    assert len(candidates) == 4 and all(line.rstrip(")").split("(")[-1].isdigit() for line in candidates[:3])
    # Action 4.7's achievements (lines 532-545) name the IVPSA (already a close candidate) and the
    # Commission consultative, which comes after the matcher's candidates.
    assert candidates[3] == f"Commission consultative de développement social et communautaire ({CITED})"
    # "Office municipal d'habitation" (lines 275, 350, 635, 706) is joined to the OMH by approximation.
    merged = by_name["Office municipal d'habitation"]
    assert merged[0] == MERGED and merged[3].startswith("Office municipal d'habitation de Lévis (")
    assert sorted(merged[2].split("\n")) == sorted([
        "bilan-2020.txt, ligne 275, action 2.13", "bilan-2020.txt, ligne 635, action 4.17",
        "bilan-2020.txt, ligne 350, occasion saisie, axe 2", "bilan-2020.txt, ligne 706, occasion saisie, axe 4"])


def test_facts_are_locked_and_decisions_open_with_their_drop_downs(book):
    sheet = book[SHEET]
    assert [c.value for c in sheet[1]] == [title for title, _ in COLUMNS]
    assert sheet.protection.sheet
    for row in sheet.iter_rows(min_row=2, max_row=sheet.max_row):
        assert all(cell.protection.locked for cell in row[:4]) and not any(cell.protection.locked for cell in row[4:])
    validations = {str(v.sqref).split(":")[0][0]: v.formula1 for v in sheet.data_validations.dataValidation}
    assert validations["E"] == '"' + ",".join(DECISIONS) + '"'
    lists = book["Listes"]
    assert lists.sheet_state == "hidden"
    names = [c.value for c in lists["A"][1:] if c.value]
    registry = resolver_for(ROOT / "registry.yaml").registry
    assert sorted(names) == sorted(e.name for e in registry.entities.values())
    assert validations["F"] == validations["J"] == f"Listes!$A$2:$A${len(names) + 1}"
    assert validations["H"] == f"Listes!$B$2:$B${len(KIND_LABELS) + 1}"
    assert [c.value for c in lists["B"][1:] if c.value] == list(KIND_LABELS.values())
    assert book["Registre"].max_row == len(registry.entities) + 1


def test_a_filled_workbook_is_never_overwritten(tmp_path):
    out = tmp_path / "sortie"
    config = load_config(ROOT / "config.yaml")
    build(config, out)
    workbook = out / "noms-a-reviser.xlsx"
    filled = load_workbook(workbook)
    filled[SHEET]["E2"] = "ignorer"
    filled.save(workbook)
    mine = workbook.read_bytes()
    messages, _ = build(load_config(ROOT / "config.yaml"), out)
    assert workbook.read_bytes() == mine and (out / "noms-a-reviser.nouveau.xlsx").exists()
    assert any("« noms-a-reviser.xlsx » a été modifié" in m for m in messages)
