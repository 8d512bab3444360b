"""Merge stage: the records of every cycle reconciled into one ledger entry per action.

An action is identified by its axis and canonical number ("5.7.d" whatever the
document wrote: "7.d", "7. (d)"). For each cycle the entry says whether the
plan had it (with its lead codes), what the bilan reported (achievements,
leads and partners as entity ids, notes), the status read from the bilan, and
the "occasions saisies" that cite it. Documents of another structure join by
the links declared in config.yaml (the immigration plan is the deliverable of
action 5.26; the 2023-2024 plan lists it among its priority programmes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from extract.keys import canonical_number, sort_key
from extract.records import Item, NameRef, walk_items
from pipeline.ledger.status import LABELS, PLANNED, UNPLANNED, status_of


@dataclass
class Source:
    """A record and how it takes part in the ledger."""

    name: str  # file name, as shown to staff
    record: object


@dataclass
class Link:
    document: str  # file name of the linked document
    action: str  # "5.26"
    relation: str = "livrable"
    program: str | None = None


@dataclass
class Ledger:
    entries: dict[tuple[int, str], dict] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)

    def entry(self, axis: int, number: str) -> dict:
        key = (axis, canonical_number(number))
        if key not in self.entries:
            self.entries[key] = {"key": f"{axis}.{key[1]}", "axis": axis, "number": key[1], "title": None,
                                 "title_source": None, "titles": [], "cycles": {}, "deliverables": []}
        return self.entries[key]

    def ordered(self) -> list[dict]:
        return [self.entries[k] for k in sorted(self.entries, key=lambda k: (k[0], sort_key(k[1])))]


def _names(refs: list[NameRef]) -> list[dict]:
    return [{"name": r.name, "id": r.id, **({"generic": True} if r.generic else {}), **({"role": r.role} if r.role else {})}
            for r in refs]


def _texts(items: list[Item]) -> list[str]:
    return [item.text for item in walk_items(items)]


def _prov(provenance) -> dict:
    return provenance.model_dump(mode="json")


def _cycle(entry: dict, cycle: str) -> dict:
    return entry["cycles"].setdefault(cycle, {"planned": False, "reported": False, "status": None})


def _title(entry: dict, source: str, text: str, provenance, prefer: bool) -> None:
    entry["titles"].append({"source": source, "text": text, "provenance": _prov(provenance)})
    if entry["title"] is None or prefer:
        entry["title"], entry["title_source"] = text, source


def add_plan(ledger: Ledger, source: Source) -> None:
    record = source.record
    for action in record.actions:
        entry = ledger.entry(action.axis, action.number)
        _title(entry, source.name, action.title, action.provenance, prefer=True)
        facts = _cycle(entry, record.cycle)
        facts["planned"] = True
        facts["plan"] = {"source": source.name, "title": action.title, "leads": _names(action.leads),
                         "provenance": _prov(action.provenance)}
        if not facts["reported"]:
            facts["status"], facts["status_label"] = PLANNED, LABELS[PLANNED]


def add_bilan(ledger: Ledger, source: Source) -> None:
    record = source.record
    for action in record.actions:
        entry = ledger.entry(action.axis, action.number)
        _title(entry, source.name, action.title, action.provenance, prefer=False)
        facts = _cycle(entry, record.cycle)
        achievements = _texts(action.achievements)
        notes = [n.text for n in action.notes]
        status = status_of(notes, achievements)
        facts["reported"] = True
        facts["bilan"] = {
            "source": source.name, "title": action.title, "achievements": achievements,
            "leads": _names(action.leads), "partners": _names(action.partners), "notes": notes,
            "references": action.references, "provenance": _prov(action.provenance),
        }
        facts.update(status=status.status, status_label=LABELS[status.status], status_uncertain=status.uncertain,
                     status_evidence=status.evidence, status_reason=status.reason, under_way=status.under_way)
    for opportunity in record.opportunities:
        if not opportunity.action_number:
            continue
        entry = ledger.entry(opportunity.axis, opportunity.action_number)
        if opportunity.title:
            _title(entry, source.name, opportunity.title, opportunity.provenance, prefer=False)
        facts = _cycle(entry, record.cycle)
        facts.setdefault("opportunities", []).append({
            "source": source.name, "objective": opportunity.objective, "title": opportunity.title,
            "achievements": _texts(opportunity.achievements), "leads": _names(opportunity.leads),
            "partners": _names(opportunity.partners), "provenance": _prov(opportunity.provenance),
        })
        if not facts["planned"] and not facts["reported"]:
            facts["status"], facts["status_label"] = UNPLANNED, LABELS[UNPLANNED]


def add_link(ledger: Ledger, link: Link, source: Source) -> None:
    """A document joined to an action: a deliverable (its own actions kept), or a programme
    of a later plan (the action planned in that cycle)."""
    axis, number = link.action.split(".", 1)
    entry = ledger.entry(int(axis), number)
    record = source.record
    if link.program:
        programs = [p for p in getattr(record, "programs", []) + getattr(record, "other_plans", [])
                    if p.title.strip().lower() == link.program.strip().lower()]
        for program in programs:
            facts = _cycle(entry, record.cycle)
            facts["planned"] = True
            facts["program"] = {"source": source.name, "rank": program.rank, "title": program.title, "axis": program.axis,
                                "objective": program.objective, "leads": _names(program.leads),
                                "provenance": _prov(program.provenance)}
            if not facts["reported"]:
                facts["status"], facts["status_label"] = PLANNED, LABELS[PLANNED]
        return
    entry["deliverables"].append({
        "source": source.name, "relation": link.relation, "cycle": record.cycle, "title": record.title,
        "actions": [{
            "number": a.number, "title": a.title, "parent": a.parent,
            "objective": a.objective.model_dump() if a.objective else None,
            "partners": _names(a.partners), "expected_results": a.expected_results,
            "period": a.period.model_dump() if a.period else None, "provenance": _prov(a.provenance),
        } for a in record.actions],
    })


def build_ledger(sources: list[Source], links: list[Link]) -> Ledger:
    """Reconcile plans, bilans and linked documents into the ledger."""
    ledger = Ledger(sources=sources)
    by_name = {s.name: s for s in sources}
    linked = {link.document for link in links}
    for source in sources:
        kind = source.record.kind
        if kind == "plan_deploiement" and source.name not in linked:
            add_plan(ledger, source)
    for source in sources:
        if source.record.kind == "bilan":
            add_bilan(ledger, source)
    for link in links:
        if link.document in by_name:
            add_link(ledger, link, by_name[link.document])
    return ledger
