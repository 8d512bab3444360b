"""Extraction stage: file -> reader -> blocks -> kind parser -> record, with French warnings."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from extract.parsers import KIND_LABELS, detect_kind, parser_for
from extract.readers import read_blocks
from pipeline.normalise import normalise_record, resolver_for
from pipeline.records import record_to_json


@dataclass
class Extraction:
    path: Path
    record: object
    warnings: list[str] = field(default_factory=list)


def extract_document(path: Path, kind: str | None = None, cycle: str | None = None,
                     password: str | None = None, registry: Path | None = None, normalise: bool = True) -> Extraction:
    """Read one document into its typed record, names resolved against the registry;
    raises DocumentError with a French message."""
    doc = read_blocks(path, password=password)
    kind = kind or detect_kind(doc)
    record = parser_for(kind)(doc, cycle=cycle)
    if normalise:
        normalise_record(record, resolver_for(registry))
    warnings = list(doc.warnings)
    for item in record.unplaced:
        where = item.provenance.describe()
        excerpt = item.text if len(item.text) <= 80 else item.text[:77] + "…"
        warnings.append(f"{where} : {item.reason} : « {excerpt} »")
    if not record.actions and kind in ("bilan", "plan_deploiement", "plan_immigration") and not getattr(record, "priorities", None):
        warnings.append(f"aucune action trouvée ; le document est-il bien un {KIND_LABELS[kind]} ?")
    return Extraction(path=path, record=record, warnings=warnings)


def record_json_text(record) -> str:
    return json.dumps(record_to_json(record), ensure_ascii=False, indent=2) + "\n"


def records_for(config, include_layouts: bool = False, failures: list[str] | None = None) -> list[tuple[object, object]]:
    """(declared document, record) for each document of the config: the record built by
    `make records` when there is one, else extracted now (in a bounded worker). A document
    that cannot be read is left out and its French message added to `failures`; without
    that list, the error is raised."""
    from pydantic import TypeAdapter

    from pipeline.records import DocumentRecord

    adapter = TypeAdapter(DocumentRecord)
    out = []
    for doc in config.documents:
        if doc.same_as is not None and not include_layouts:
            continue
        built = config.outputs.records / f"{doc.output_name}.json"
        if built.exists() and built.stat().st_mtime >= doc.path.stat().st_mtime:
            record = adapter.validate_json(built.read_text(encoding="utf-8"))
        else:
            from extract.errors import DocumentError
            from pipeline.isolation import run_isolated

            try:
                record = run_isolated(doc.path, extract_document, doc.path, kind=doc.kind, cycle=doc.cycle,
                                      registry=config.registry, timeout=config.limits.timeout_seconds,
                                      memory_mb=config.limits.memory_mb).record
            except DocumentError as exc:
                if failures is None:
                    raise
                failures.append(str(exc))
                continue
        out.append((doc, record))
    return out
