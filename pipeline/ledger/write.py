"""The ledger stage's entry point: records -> ledger (JSON, Excel) and consistency findings."""

from __future__ import annotations

from pathlib import Path

from pipeline.diagnostics import Diagnostic
from pipeline.extraction import records_for
from pipeline.files import write_atomic, write_bytes_atomic
from pipeline.ledger.build import Ledger, NamedRecord, build_ledger, ledger_json
from pipeline.ledger.consistency import check, report_markdown
from pipeline.ledger.model import Link
from pipeline.ledger.workbook import ledger_workbook
from pipeline.names import resolver_for


def ledger_and_findings(config, failures: list[str] | None = None, pairs=None) -> tuple[Ledger, list[Diagnostic]]:
    """The ledger and its findings, from `pairs` (declared document, record) when the caller has
    them already, else from the current records (extracted again where they are stale)."""
    pairs = pairs if pairs is not None else records_for(config, failures=failures)
    sources = [NamedRecord(Path(doc.path).name, record) for doc, record in pairs]
    links = [Link(document=Path(l.document).name, action=l.action, relation=l.relation, program=l.program)
             for l in config.links]
    ledger = build_ledger(sources, links)
    return ledger, check(ledger, sources, resolver_for(config.registry))


def write_ledger(config, failures: list[str] | None = None, pairs=None) -> tuple[Ledger, list[Diagnostic]]:
    """Write output/ledger.json, output/ledger.xlsx and the consistency report."""
    ledger, findings = ledger_and_findings(config, failures, pairs)
    entries = ledger.ordered()
    write_atomic(config.outputs.ledger, ledger_json(entries))
    write_bytes_atomic(config.outputs.ledger_xlsx, ledger_workbook(entries))
    write_atomic(config.outputs.consistency, report_markdown(findings))
    return ledger, findings
