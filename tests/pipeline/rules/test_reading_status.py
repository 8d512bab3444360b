"""A document that reads with many unplaced blocks says so: a "partial" status in its record, one
French warning line naming the file, and a finding in the consistency report."""

import pytest

from extract.records import STATUS_LABELS, reading_status
from pipeline.extraction import extract_document
from pipeline.ledger.build import NamedRecord
from pipeline.ledger.consistency import partial_documents


@pytest.mark.parametrize("unplaced, blocks, status", [
    (0, 10, "complete"), (2, 10, "complete"),  # under three blocks: a stray line is no layout failure
    (3, 100, "partial"), (3, 200, "complete"),  # 1.5 % of a long document
    (4, 200, "partial"), (40, 1000, "partial"),
])
def test_status_thresholds(unplaced, blocks, status):
    assert reading_status(unplaced, blocks) == status
    assert STATUS_LABELS[status] in ("complet", "partiel")


def _bilan(tmp_path, stray: int):
    text = ["BILAN 2020", "", "AXE 1 LA MOBILITÉ DES PERSONNES", ""]
    text += [f"Texte sans action numéro {n}.\n" for n in range(stray)]
    text += ["1. Contribuer au transport.", "", "- Une réalisation.", "", "Responsable municipal :", "", "- DVC", ""]
    path = tmp_path / "bilan-2020.txt"
    path.write_text("\n".join(text), encoding="utf-8")
    return path


def test_a_partial_reading_is_said_in_the_record_the_messages_and_the_report(tmp_path):
    result = extract_document(_bilan(tmp_path, 4))
    assert result.record.status == "partial"
    assert result.record.model_dump(mode="json")["status"] == "partial"
    first = result.warnings[0]
    assert first.code == "partial-reading"
    assert first.line() == ("avertissement [partial-reading] bilan-2020.txt : lecture partielle : 4 passages sur 10 "
                            "non rattachés ; mise en page mal reconnue ? Vérifiez « unplaced » dans le relevé "
                            "(README, « Lecture partielle »).")
    findings = partial_documents([NamedRecord("bilan-2020.txt", result.record)])
    assert [f.code for f in findings] == ["partial-reading"]
    assert findings[0].message.startswith("Document lu partiellement : bilan-2020.txt (4 passages non rattachés)")


def test_a_stray_line_leaves_the_document_complete(tmp_path):
    result = extract_document(_bilan(tmp_path, 1))
    assert result.record.status == "complete"
    assert all(w.code != "partial-reading" for w in result.warnings)
    assert partial_documents([NamedRecord("bilan-2020.txt", result.record)]) == []
