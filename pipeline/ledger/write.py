"""The ledger stage's entry point: records -> ledger (JSON, Excel) and consistency findings."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.ledger.consistency import Finding, check, report_markdown
from pipeline.ledger.workbook import ledger_workbook
from pipeline.extraction import records_for
from pipeline.files import write_atomic, write_bytes_atomic
from pipeline.ledger.build import Ledger, Link, Source, build_ledger
from pipeline.names import resolver_for


def ledger_and_findings(config, failures: list[str] | None = None, pairs=None) -> tuple[Ledger, list[Finding]]:
    """The ledger and its findings, from `pairs` (declared document, record) when the caller has
    them already, else from the records on disk."""
    pairs = pairs if pairs is not None else records_for(config, failures=failures)
    sources = [Source(Path(doc.path).name, record) for doc, record in pairs]
    links = [Link(Path(l.document).name, l.action, l.relation, l.program) for l in config.links]
    ledger = build_ledger(sources, links)
    return ledger, check(ledger, sources, resolver_for(config.registry))


def write_ledger(config, failures: list[str] | None = None, pairs=None) -> tuple[Ledger, list[Finding]]:
    """Write output/ledger.json, output/ledger.xlsx and the consistency report."""
    ledger, findings = ledger_and_findings(config, failures, pairs)
    entries = ledger.ordered()
    write_atomic(config.outputs.ledger, json.dumps(entries, ensure_ascii=False, indent=2) + "\n")
    write_bytes_atomic(config.outputs.ledger_xlsx, ledger_workbook(entries))
    write_atomic(config.outputs.consistency, report_markdown(findings))
    return ledger, findings
