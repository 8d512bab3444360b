"""The whole build as one stage function: records, names review, ledger and report, Word drafts."""

from __future__ import annotations

from pathlib import Path

from pipeline.cycle import planned_actions
from pipeline.drafts import annual_bilan, annual_plan, biennial_bilan, biennial_plan
from pipeline.extraction import record_json_text, records_for
from pipeline.files import write_atomic
from pipeline.merge import write_ledger
from pipeline.normalise import resolver_for
from pipeline.render import Manifest, render_document, write_generated
from pipeline.review import find_mentions, mentions_json, review_report
from pipeline.updates import load_updates


def redirect_outputs(config, out: Path) -> None:
    """Send every output to another folder (build --out)."""
    outputs = config.outputs
    outputs.records = out / "records"
    for key in ("review", "mentions", "ledger", "ledger_xlsx", "consistency"):
        setattr(outputs, key, out / Path(getattr(outputs, key)).name)
    outputs.dir = out


def build(config, out: Path | None = None) -> tuple[list[str], bool]:
    """Build every output, going on past documents that cannot be read; returns the French
    messages to show and whether every document was read."""
    if out is not None:
        redirect_outputs(config, out)
    messages: list[str] = []
    resolver = resolver_for(config.registry)
    failures: list[str] = []
    pairs = records_for(config, include_layouts=True, failures=failures)
    messages += [f"erreur : {failure}" for failure in failures]
    for doc, record in pairs:
        target = config.outputs.records / f"{doc.output_name}.json"
        text = record_json_text(record)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            write_atomic(target, text)
    primary_pairs = [(doc, record) for doc, record in pairs if doc.same_as is None]
    primary = [record for _, record in primary_pairs]
    mentions = find_mentions(primary, resolver)
    write_atomic(config.outputs.mentions, mentions_json(mentions))
    write_atomic(config.outputs.review, review_report(primary, resolver, mentions))
    ledger, findings = write_ledger(config, pairs=primary_pairs)
    manifest = Manifest(config.outputs.dir / ".generated.json")
    try:
        for draft in drafts(config, ledger.ordered(), primary, resolver):
            data = render_document(config.drafts.templates / draft.template, draft.context, draft.sources)
            for text in draft.sources.cleaned:
                messages.append(f"{draft.output} : caractères invalides retirés de « {text} ».")
            _, kept = write_generated(config.outputs.dir / draft.output, data, manifest)
            if kept:
                messages.append(kept)
    finally:
        manifest.save()  # what was written is ours, even if a later template fails
    errors = sum(f.severity == "error" for f in findings)
    if failures:
        messages.append(f"{len(pairs)} lus, {len(failures)} en erreur.")
    messages.append(f"{len(pairs)} enregistrements, {len(ledger.entries)} actions au registre, "
                    f"{len(findings)} constats de cohérence (dont {errors} erreur(s)), documents dans {config.outputs.dir}.")
    return messages, not failures


def drafts(config, entries: list[dict], records: list, resolver):
    registry = resolver.registry
    annual = config.drafts.annual
    glossary = {}
    for entry in entries:
        plan = entry["cycles"].get(annual.from_cycle, {}).get("plan") or {}
        for lead in plan.get("leads", []):
            if lead.get("id"):
                glossary[lead["name"]] = registry.entities[lead["id"]].name
    actions = planned_actions(entries, annual.from_cycle, annual.select, registry)
    updates = load_updates(config.updates_path, annual.cycle)
    out = [
        annual_plan(actions, annual.from_cycle, annual.cycle, glossary),
        annual_bilan(actions, registry, annual.cycle, updates, resolver.resolve),
    ]
    biennial = config.drafts.biennial
    plan = next((r for r in records if r.kind == "plan_deploiement" and r.cycle == biennial.from_cycle), None)
    if plan is not None:
        program_link = next((l for l in config.links if l.program), None)
        immigration = None
        if program_link is not None:
            target = next((l for l in config.links if l.action == program_link.action and not l.program), None)
            if target is not None:
                immigration = next((r for r in records if Path(r.source.path).name == Path(target.document).name), None)
        out.append(biennial_bilan(plan, immigration, registry, biennial.from_cycle,
                                  program_link.program if program_link else None))
        out.append(biennial_plan(plan, registry, biennial.cycle))
    return out
