"""The ledger stage's entry point: records -> ledger (JSON, Excel) and consistency findings."""

from __future__ import annotations

from pathlib import Path

from pipeline.diagnostics import Diagnostic
from pipeline.extraction import records_for
from pipeline.files import write_atomic, write_bytes_atomic
from pipeline.ledger.catalogue import load_catalogue
from pipeline.ledger.catalogue_workbook import catalogue_workbook
from pipeline.ledger.build import Ledger, NamedRecord, build_ledger, ledger_json
from pipeline.ledger.consistency import check, report_markdown
from pipeline.ledger.model import Link
from pipeline.ledger.progression import progression_markdown
from pipeline.ledger.workbook import ledger_workbook
from pipeline.names import resolver_for


def ledger_and_findings(config, failures: list[str] | None = None, pairs=None) -> tuple[Ledger, list[Diagnostic]]:
    """The ledger and its findings, from `pairs` (declared document, record) when the caller has
    them already, else from the current records (extracted again where they are stale)."""
    pairs = pairs if pairs is not None else records_for(config, failures=failures)
    sources = [NamedRecord(Path(doc.path).name, record) for doc, record in pairs if record.kind != "plan_action"]
    links = [Link(document=Path(l.document).name, action=l.action, relation=l.relation, program=l.program)
             for l in config.links]
    resolver = resolver_for(config.registry)
    actions, problems = load_catalogue(config, pairs)
    ledger = build_ledger(sources, links, [(a.axis, a.number, a.fact(resolver.resolve)) for a in actions])
    return ledger, problems + check(ledger, sources, resolver)


def write_ledger(config, failures: list[str] | None = None, pairs=None) -> tuple[Ledger, list[Diagnostic]]:
    """Write output/ledger.json, output/ledger.xlsx and the consistency report."""
    ledger, findings = ledger_and_findings(config, failures, pairs)
    entries = ledger.ordered()
    write_atomic(config.outputs.ledger, ledger_json(entries))
    write_bytes_atomic(config.outputs.ledger_xlsx, ledger_workbook(entries))
    write_atomic(config.outputs.consistency, report_markdown(findings, progression_markdown(entries)))
    return ledger, findings


def write_catalogue(config) -> tuple[Path, str | None, int, list[Diagnostic]]:
    """Write output/catalogue-actions.xlsx from the ledger (every action seen so far, and the
    declared catalogue's); a copy the staff edited is kept, the new one written beside it.
    Returns where it went, the French message when the edited copy was kept, the number of
    actions, and the problems of the declared catalogue."""
    from pipeline.files import Manifest, write_generated

    ledger, findings = ledger_and_findings(config)
    entries = ledger.ordered()
    manifest = Manifest(config.outputs.dir / ".generated.json")
    written, kept = write_generated(config.outputs.catalogue, catalogue_workbook(entries), manifest)
    manifest.save()
    return written, kept, len(entries), [f for f in findings if f.code.startswith("catalogue-")]
