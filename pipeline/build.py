"""The whole build as one stage function: records, names review, ledger and report, Word drafts."""

from __future__ import annotations

from pathlib import Path

from pipeline.drafts import earlier_drafts, next_cycle_drafts, render_document
from pipeline.extraction import record_json_text, records_for
from pipeline.files import Manifest, write_atomic, write_generated
from pipeline.dashboard import write_dashboard
from pipeline.ledger import write_ledger
from pipeline.names import MentionCache, find_mentions, mentions_json, resolver_for, review_report
from pipeline.names.review_workbook import review_rows, review_workbook


def redirect_outputs(config, out: Path) -> None:
    """Send every output to another folder (build --out)."""
    outputs = config.outputs
    outputs.records = out / "records"
    for key in outputs.file_keys():
        setattr(outputs, key, out / Path(getattr(outputs, key)).name)
    outputs.dir = out


def write_names(config, records: list, resolver, manifest: Manifest) -> list[str]:
    """The names review (noms-a-reviser.md, and the workbook staff fill in, never overwritten once
    edited) and the organisations named in achievements (mentions.json); French messages."""
    cache = MentionCache(config.outputs.dir / ".cache" / "mentions.json", Path(config.registry).read_bytes())
    mentions = find_mentions(records, resolver, cache)
    cache.save()
    write_atomic(config.outputs.mentions, mentions_json(mentions))
    write_atomic(config.outputs.review, review_report(records, resolver, mentions))
    workbook = review_workbook(review_rows(records, resolver, mentions), resolver.registry)
    _, kept = write_generated(config.outputs.review_xlsx, workbook, manifest)
    return [kept] if kept else []


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
    manifest = Manifest(config.outputs.dir / ".generated.json")
    try:
        messages += write_names(config, primary, resolver, manifest)
        ledger, findings = write_ledger(config, pairs=primary_pairs)
        write_dashboard(config, ledger.ordered(), findings, resolver.registry)
        catalogue = [f for f in findings if f.code.startswith("catalogue-")]
        messages += [f.line() for f in catalogue]
        for draft in next_cycle_drafts(config, ledger.ordered(), primary, resolver):
            data = render_document(config.drafts.templates / draft.template, draft.context, draft.sources)
            messages += draft.messages
            for text in draft.sources.cleaned:
                messages.append(f"{draft.output} : caractères invalides retirés de « {text} ».")
            _, kept = write_generated(config.outputs.dir / draft.output, data, manifest)
            if kept:
                messages.append(kept)
    finally:
        manifest.save()  # what was written is ours, even if a later template fails
    earlier = earlier_drafts(list(manifest.hashes), config)
    if earlier:
        messages.append(f"ébauches d'un cycle précédent laissées telles quelles (plus régénérées) : {', '.join(earlier)}.")
    errors = sum(f.severity == "error" for f in findings)
    if failures:
        messages.append(f"{len(pairs)} lus, {len(failures)} en erreur.")
    messages.append(f"{len(pairs)} enregistrements, {len(ledger.entries)} actions au registre, "
                    f"{len(findings)} constats de cohérence (dont {errors} erreur(s)), documents dans {config.outputs.dir}.")
    return messages, not failures and not any(f.severity == "error" for f in catalogue)
