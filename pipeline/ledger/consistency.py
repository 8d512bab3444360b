"""Consistency report: where the documents disagree, with the sources involved, in French.

Codes (stable, other tools rely on them): title-drift, lead-mismatch,
summary-mismatch, bad-cross-reference, name-variant, unresolved-name,
planned-not-reported, reported-not-planned. Severity error, warning or info;
`check` exits 1 when there is an error.
"""

from __future__ import annotations

import re
from collections import defaultdict

from rapidfuzz import fuzz

from extract.records import fiche_places, walk_items
from pipeline.diagnostics import ERROR, INFO, WARNING, Diagnostic, by_severity, counts_text, markdown
from pipeline.ledger.build import Ledger, NamedRecord
from pipeline.ledger.status import CANCELLED, DONE, POSTPONED, SUSPENDED
from pipeline.names import Resolver, name_key, tokens

_CITATION = re.compile(r"action\s*(?:#|n[o°])?\s*(?P<number>\d{1,2}(?:\s*\.?\s*\(?[a-z]\)?)?)\s*(?:de\s+l'|de\s+l’)?axe\s*(?P<axis>\d)", re.IGNORECASE)


def finding(code: str, severity, axis: int | None, number: str | None, message: str,
            sources: list[str] | None = None, details: dict | None = None) -> Diagnostic:
    """A consistency finding: a diagnostic about an action (axis, number) or the whole corpus."""
    return Diagnostic(code=code, severity=severity, axis=axis, number=number, message=message,
                      sources=sources or [], details=details or {})


def title_drift(ledger: Ledger) -> list[Diagnostic]:
    out = []
    for entry in ledger.ordered():
        distinct: dict[tuple[str, ...], object] = {}
        for title in entry.titles:
            distinct.setdefault(tokens(title.text), title)
        if len(distinct) > 1:
            variants = list(distinct.values())
            score = fuzz.token_sort_ratio(variants[0].text, variants[1].text)
            listing = " ; ".join(f"« {v.text} » ({v.source})" for v in variants)
            out.append(finding("title-drift", WARNING, entry.axis, entry.number,
                               f"Action {entry.key} : titre différent selon les documents : {listing}. "
                               f"Titre retenu : celui de {entry.title_source}.",
                               sorted({v.source for v in variants}), {"similarity": score}))
    return out


def lead_mismatch(ledger: Ledger, resolver: Resolver) -> list[Diagnostic]:
    """The bilan's leads against the plan's codes; a direction's code covers its services."""
    registry = resolver.registry
    out = []
    for entry in ledger.ordered():
        for cycle, facts in entry.cycles.items():
            plan, bilan = facts.plan, facts.bilan
            if not plan or not bilan:
                continue
            planned = [l for l in plan.leads if l.id]
            reported = [l.id for l in bilan.leads if l.id]
            if not planned or not reported:
                continue
            covered = {l.id for l in planned if any(r == l.id or l.id in registry.ancestors(r) for r in reported)}
            missing = [l for l in planned if l.id not in covered]
            if not missing:
                continue
            partial = len(missing) < len(planned)
            codes = ", ".join(l.name for l in missing)
            names = ", ".join(registry.entities[r].name for r in reported)
            out.append(finding(
                "lead-mismatch", INFO if partial else WARNING, entry.axis, entry.number,
                f"Action {entry.key} ({cycle}) : le plan confie l'action à {codes}, le bilan nomme {names}"
                + (" (en partie seulement)." if partial else "."),
                [plan.source, bilan.source], {"plan": [l.id for l in planned], "bilan": reported}))
    return out


def planned_vs_reported(ledger: Ledger) -> list[Diagnostic]:
    cycles_with_bilan = {c for e in ledger.entries.values() for c, f in e.cycles.items() if f.reported}
    cycles_with_plan = {c for e in ledger.entries.values() for c, f in e.cycles.items() if f.plan}
    out = []
    for entry in ledger.ordered():
        for cycle, facts in entry.cycles.items():
            if facts.plan and not facts.reported and cycle in cycles_with_bilan:
                out.append(finding("planned-not-reported", ERROR, entry.axis, entry.number,
                                   f"Action {entry.key} prévue au plan {cycle} mais absente du bilan {cycle}.",
                                   [facts.plan.source]))
            if facts.bilan and not facts.plan and cycle in cycles_with_plan:
                out.append(finding("reported-not-planned", WARNING, entry.axis, entry.number,
                                   f"Action {entry.key} rapportée au bilan {cycle} mais absente du plan {cycle}.",
                                   [facts.bilan.source]))
    return out


def summary_mismatch(sources: list[NamedRecord], ledger: Ledger) -> list[Diagnostic]:
    """The SOMMAIRE table against the actions counted in the same bilan."""
    out = []
    for source in (s for s in sources if s.record.kind == "bilan" and s.record.summary):
        record = source.record
        for row in record.summary:
            axes = [row.axis] if row.axis is not None else sorted({a.axis for a in record.actions})
            actions = [a for a in record.actions if a.axis in axes]
            label = f"axe {row.axis}" if row.axis is not None else "total"
            started = [e for e in ledger.entries.values() if e.axis in axes and record.cycle in e.cycles
                       and e.cycles[record.cycle].status in (DONE, POSTPONED, SUSPENDED)
                       and e.cycles[record.cycle].reported]
            if row.planned is not None and row.planned != len(actions):
                out.append(finding("summary-mismatch", ERROR, row.axis, None,
                                   f"SOMMAIRE du bilan {record.cycle}, {label} : {row.planned} actions prévues annoncées, "
                                   f"{len(actions)} fiches d'action dans le document.", [source.name]))
            if row.started_or_done is not None and row.started_or_done != len(started):
                cancelled = [e.key for e in ledger.entries.values() if e.axis in axes and record.cycle in e.cycles
                             and e.cycles[record.cycle].status == CANCELLED]
                out.append(finding("summary-mismatch", WARNING, row.axis, None,
                                   f"SOMMAIRE du bilan {record.cycle}, {label} : {row.started_or_done} actions entamées ou "
                                   f"réalisées annoncées, {len(started)} selon les fiches"
                                   + (f" (annulées : {', '.join(cancelled)})." if cancelled else "."), [source.name]))
            opportunities = [o for o in record.opportunities if o.axis in axes]
            realisations = sum(len(o.achievements) for o in opportunities)
            if row.opportunities is not None and row.opportunities not in (len(opportunities), realisations):
                out.append(finding(
                    "summary-mismatch", INFO, row.axis, None,
                    f"SOMMAIRE du bilan {record.cycle}, {label} : {row.opportunities} occasions saisies annoncées ; "
                    f"le document en montre {len(opportunities)} si l'on compte une occasion par objectif et par "
                    f"encadré de responsables, {realisations} si l'on compte chaque réalisation. Le mode de comptage "
                    f"du tableau n'est pas écrit : comptage ambigu, à vérifier.", [source.name],
                    {"announced": row.opportunities, "groups": len(opportunities), "achievements": realisations}))
    return out


def bad_cross_references(sources: list[NamedRecord]) -> list[Diagnostic]:
    """A footnote citing another action must cite one that says the same thing."""
    out = []
    for source in (s for s in sources if s.record.kind == "bilan"):
        record = source.record
        actions = {a.key: a for a in record.actions}
        for footnote in record.footnotes:
            m = _CITATION.search(footnote.text)
            if not m:
                continue
            target = f"{m.group('axis')}.{re.sub(r'[^0-9a-z]+', '.', m.group('number').lower()).strip('.')}"
            for citing in footnote.cited_by:
                source_action = actions.get(citing)
                if source_action is None:
                    continue
                everything = [i.text for i in walk_items(source_action.achievements)]
                cited_items = [i.text for i in walk_items(source_action.achievements) if footnote.marker in i.footnote_refs] or everything
                best = _best_match(cited_items, actions, exclude=citing)
                target_action = actions.get(target)
                holds = target_action is not None and _contains(target_action, cited_items)
                if holds:
                    continue
                why = "n'existe pas dans ce bilan" if target_action is None else "ne dit pas ce qui est cité"
                hint = f" Le même contenu figure à l'action {best}." if best else ""
                axis, number = citing.split(".", 1)
                out.append(finding("bad-cross-reference", ERROR, int(axis), number,
                                   f"Bilan {record.cycle}, note {footnote.marker} de l'action {citing} : « {footnote.text} » "
                                   f"renvoie à l'action {target}, qui {why}.{hint}", [source.name],
                                   {"cited": target, "probable": best}))
    return out


def _contains(action, texts: list[str]) -> bool:
    return any(fuzz.token_set_ratio(t, own) >= 85 for t in texts for own in [i.text for i in walk_items(action.achievements)] + [action.title])


def _best_match(texts: list[str], actions: dict, exclude: str) -> str | None:
    for key, action in actions.items():
        if key != exclude and _contains(action, texts):
            return key
    return None


def names_findings(sources: list[NamedRecord], resolver: Resolver) -> list[Diagnostic]:
    """Written forms merged into one entity, and names left unresolved."""
    registry = resolver.registry
    forms: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    unresolved: dict[str, set[str]] = defaultdict(set)
    for source in sources:
        for place, refs, _ in fiche_places(source.record):
            for ref in refs:
                if ref.id and ref.name not in registry.by_code:
                    forms[ref.id][ref.name].add(f"{source.name} ({place})")
                elif not ref.id and not ref.generic:
                    unresolved[ref.name].add(f"{source.name} ({place})")
    out = []
    for entity_id, written in sorted(forms.items()):
        distinct = {name_key(w) for w in written}
        if len(distinct) < 2:
            continue
        listing = " ; ".join(f"« {w} » : {', '.join(sorted(p))}" for w, p in sorted(written.items()))
        out.append(finding("name-variant", INFO, None, None,
                           f"{registry.entities[entity_id].name} est écrit de {len(written)} façons : {listing}.",
                           sorted({p.split(' (')[0] for ps in written.values() for p in ps}),
                           {"id": entity_id, "forms": sorted(written)}))
    for name, places in sorted(unresolved.items()):
        candidates = resolver.resolve_one(name).candidates
        close = ", ".join(f"{registry.entities[i].name} ({s:.0f})" for i, s in candidates) or "aucun"
        out.append(finding("unresolved-name", WARNING, None, None,
                           f"Nom non résolu « {name} » ({'; '.join(sorted(places))}) ; candidats les plus proches : {close}.",
                           sorted({p.split(' (')[0] for p in places}), {"name": name, "candidates": candidates}))
    return out


def partial_documents(sources: list[NamedRecord]) -> list[Diagnostic]:
    """Documents read partially (status "partial"): what the ledger holds of them may be short."""
    return [finding("partial-reading", WARNING, None, None,
                    f"Document lu partiellement : {source.name} ({len(source.record.unplaced)} passages non rattachés) ; "
                    "ses actions, responsables et partenaires peuvent être incomplets dans ce rapport.",
                    [source.name], {"unplaced": len(source.record.unplaced)})
            for source in sources if getattr(source.record, "status", "complete") == "partial"]


def ocr_doubts(sources: list[NamedRecord]) -> list[Diagnostic]:
    """The fields of scanned documents read with uncertain words (the records' « à vérifier »)."""
    out = []
    for source in sources:
        for doubt in getattr(source.record, "to_verify", []):
            excerpt = doubt.text if len(doubt.text) <= 90 else doubt.text[:87] + "…"
            words = ", ".join(f"« {w} »" for w in doubt.words)
            out.append(finding("a-verifier", WARNING, None, None,
                               f"{source.name}, {doubt.field} (lu par OCR) : {words} à vérifier dans « {excerpt} ».",
                               [source.name], {"field": doubt.field, "words": doubt.words, "page": doubt.provenance.page}))
    return out


def check(ledger: Ledger, sources: list[NamedRecord], resolver: Resolver) -> list[Diagnostic]:
    """Every finding, errors first, then by code, axis and action."""
    findings = (partial_documents(sources) + ocr_doubts(sources) + title_drift(ledger) + lead_mismatch(ledger, resolver) + planned_vs_reported(ledger)
                + summary_mismatch(sources, ledger) + bad_cross_references(sources) + names_findings(sources, resolver))
    return by_severity(sorted(findings, key=lambda f: (f.code, f.axis or 0, f.number or "")))


def report_markdown(findings: list[Diagnostic], progress: list[str] = ()) -> str:
    """The French consistency report, and the plan's progression section when given."""
    return "\n".join(["# Rapport de cohérence", "", f"{counts_text(findings)}.", "", *markdown(findings), *progress])
