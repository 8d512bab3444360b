"""« À vérifier »: the fields of a scanned record holding words Tesseract was unsure of, found
from the blocks' doubts, kept in the record under that JSON key, and listed in the report."""

import json

from extract.blocks import Block, BlockKind
from extract.records import Action, NameRef, PlanDeploiementRecord, Provenance, Source
from extract.verify import doubtful_fields
from pipeline.extraction import record_json_text
from pipeline.ledger.build import NamedRecord
from pipeline.ledger.consistency import ocr_doubts, report_markdown

SCANNED = Provenance(page=2, bbox=(10.0, 20.0, 300.0, 40.0), ocr=True, confidence=71.5)
PRINTED = Provenance(page=3, bbox=(10.0, 20.0, 300.0, 40.0))


def _record() -> PlanDeploiementRecord:
    return PlanDeploiementRecord(
        source=Source(path="plan.pdf", sha256="0", format="pdf"),
        actions=[Action(axis=2, number="9", title="Maintenir des activités d'accueil interculturelles", provenance=SCANNED,
                        leads=[NameRef(name="DVC", provenance=SCANNED)]),
                 Action(axis=2, number="11", title="Implanter un projet", provenance=PRINTED)])


def test_a_field_is_listed_when_its_block_had_an_uncertain_word_it_holds():
    blocks = [Block(BlockKind.TABLE_ROW, "9 | Maintenir des activités d'accueil interculturelles | DVC", SCANNED,
                    doubts=("interculturelles", "absent")),
              Block(BlockKind.TABLE_ROW, "11 | Implanter un projet", PRINTED)]
    doubts = doubtful_fields(_record(), blocks)
    assert [(d.field, d.words) for d in doubts] == [("action 2.9 › titre", ["interculturelles"])]
    assert doubts[0].provenance.page == 2 and doubts[0].provenance.ocr


def test_the_record_keeps_them_under_a_verifier_and_reads_them_back():
    record = _record()
    record.to_verify = doubtful_fields(record, [Block(BlockKind.PARAGRAPH, "x", SCANNED, doubts=("d'accueil",))])
    data = json.loads(record_json_text(record))
    assert data["à vérifier"][0]["words"] == ["d'accueil"] and "to_verify" not in data
    assert PlanDeploiementRecord.model_validate(data).to_verify == record.to_verify
    assert "à vérifier" not in json.loads(record_json_text(_record()))  # absent when nothing is uncertain


def test_the_report_lists_each_field_to_proofread():
    record = _record()
    record.to_verify = doubtful_fields(record, [Block(BlockKind.PARAGRAPH, "x", SCANNED, doubts=("d'accueil",))])
    findings = ocr_doubts([NamedRecord("plan-2019.pdf", record)])
    assert [f.code for f in findings] == ["a-verifier"]
    assert "plan-2019.pdf, action 2.9 › titre (lu par OCR) : « d'accueil » à vérifier" in report_markdown(findings)
