"""Merge stage entry point: records -> ledger (JSON, Excel) and consistency findings."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.consistency import Finding, check, report_markdown
from pipeline.excel import ledger_workbook
from pipeline.extraction import records_for, write_atomic
from pipeline.ledger import Ledger, Link, Source, build_ledger
from pipeline.normalise import resolver_for


def ledger_and_findings(config) -> tuple[Ledger, list[Finding]]:
    sources = [Source(Path(doc.path).name, record) for doc, record in records_for(config)]
    links = [Link(Path(l.document).name, l.action, l.relation, l.program) for l in config.links]
    ledger = build_ledger(sources, links)
    return ledger, check(ledger, sources, resolver_for(config.registry))


def write_ledger(config) -> tuple[Ledger, list[Finding]]:
    """Write output/ledger.json, output/ledger.xlsx and the consistency report."""
    ledger, findings = ledger_and_findings(config)
    entries = ledger.ordered()
    write_atomic(config.outputs.ledger, json.dumps(entries, ensure_ascii=False, indent=2) + "\n")
    write_bytes_atomic(config.outputs.ledger_xlsx, ledger_workbook(entries))
    write_atomic(config.outputs.consistency, report_markdown(findings))
    return ledger, findings


def write_bytes_atomic(path: Path, data: bytes) -> None:
    import os
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
