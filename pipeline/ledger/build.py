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

import json
from dataclasses import dataclass, field

from extract.keys import canonical_number, sort_key
from extract.records import Item, NameRef, walk_items
from pipeline.ledger.model import (
    BilanFact, CatalogueFact, CycleFacts, Deliverable, DeliverableAction, LedgerEntry, LedgerName, Link, OpportunityFact, PlanFact,
    ProgramFact, TitleSeen, same_title,
)
from pipeline.ledger.status import PLANNED, UNPLANNED, status_of


@dataclass
class NamedRecord:
    """A record and the file name it takes part in the ledger under, as shown to staff."""

    name: str
    record: object


@dataclass
class Ledger:
    entries: dict[tuple[int, str], LedgerEntry] = field(default_factory=dict)
    sources: list[NamedRecord] = field(default_factory=list)

    def entry(self, axis: int, number: str) -> LedgerEntry:
        key = (axis, canonical_number(number))
        if key not in self.entries:
            self.entries[key] = LedgerEntry(key=f"{axis}.{key[1]}", axis=axis, number=key[1])
        return self.entries[key]

    def ordered(self) -> list[LedgerEntry]:
        return [self.entries[k] for k in sorted(self.entries, key=lambda k: (k[0], sort_key(k[1])))]


def _names(refs: list[NameRef]) -> list[LedgerName]:
    return [LedgerName(name=r.name, id=r.id, generic=r.generic, role=r.role) for r in refs]


def _texts(items: list[Item]) -> list[str]:
    return [item.text for item in walk_items(items)]


def _title(entry: LedgerEntry, source: str, text: str, provenance, prefer: bool) -> None:
    entry.titles.append(TitleSeen(source=source, text=text, provenance=provenance))
    if entry.title is None or prefer:
        entry.title, entry.title_source = text, source


def _planned(facts: CycleFacts) -> None:
    facts.planned = True
    if not facts.reported:
        facts.set_status(PLANNED)


def add_plan(ledger: Ledger, source: NamedRecord) -> None:
    record = source.record
    for action in record.actions:
        entry = ledger.entry(action.axis, action.number)
        _title(entry, source.name, action.title, action.provenance, prefer=True)
        facts = entry.facts(record.cycle)
        facts.plan = PlanFact(source=source.name, title=action.title, leads=_names(action.leads),
                              provenance=action.provenance)
        _planned(facts)


def _report(facts: CycleFacts, source: NamedRecord, fiche) -> None:
    """What a bilan fiche (an action, or a biennial bilan's programme or priority) reports: its
    facts for the cycle and the status its words give."""
    achievements = _texts(fiche.achievements)
    notes = [n.text for n in fiche.notes]
    status = status_of(notes, achievements)
    facts.reported = True
    facts.bilan = BilanFact(
        source=source.name, title=fiche.title, achievements=achievements, leads=_names(getattr(fiche, "leads", [])),
        partners=_names(getattr(fiche, "partners", [])), notes=notes, references=getattr(fiche, "references", []),
        provenance=fiche.provenance,
    )
    facts.set_status(status.status)
    facts.status_uncertain, facts.status_evidence = status.uncertain, status.evidence
    facts.status_reason, facts.under_way = status.reason, status.under_way


def add_bilan(ledger: Ledger, source: NamedRecord) -> None:
    record = source.record
    for action in record.actions:
        entry = ledger.entry(action.axis, action.number)
        _title(entry, source.name, action.title, action.provenance, prefer=False)
        _report(entry.facts(record.cycle), source, action)
    for opportunity in record.opportunities:
        if not opportunity.action_number:
            continue
        entry = ledger.entry(opportunity.axis, opportunity.action_number)
        if opportunity.title:
            _title(entry, source.name, opportunity.title, opportunity.provenance, prefer=False)
        facts = entry.facts(record.cycle)
        facts.opportunities.append(OpportunityFact(
            source=source.name, objective=opportunity.objective, title=opportunity.title,
            achievements=_texts(opportunity.achievements), leads=_names(opportunity.leads),
            partners=_names(opportunity.partners), provenance=opportunity.provenance,
        ))
        if not facts.planned and not facts.reported:
            facts.set_status(UNPLANNED)


def _report_of(record, title: str):
    """The programme or priority of a plan or biennial bilan with that title (as config.yaml writes it)."""
    items = getattr(record, "programs", []) + getattr(record, "other_plans", []) + getattr(record, "priorities", [])
    return [p for p in items if same_title(p.title, title)]


def add_biennial_bilan(ledger: Ledger, source: NamedRecord, links: list[Link]) -> None:
    """A biennial bilan reports on programmes and priorities, not actions: the ones a link ties
    to an action of the plan give that action its facts and status for the cycle."""
    record = source.record
    for link in links:
        if not link.program:
            continue
        for report in _report_of(record, link.program):
            axis, number = link.action.split(".", 1)
            _report(ledger.entry(int(axis), number).facts(record.cycle), source, report)


def add_link(ledger: Ledger, link: Link, source: NamedRecord) -> None:
    """A document joined to an action: a deliverable (its own actions kept), or a programme
    of a later plan (the action planned in that cycle)."""
    axis, number = link.action.split(".", 1)
    entry = ledger.entry(int(axis), number)
    record = source.record
    if link.program:
        if record.kind == "bilan":
            return  # a biennial bilan's programmes: see add_biennial_bilan
        for program in _report_of(record, link.program):
            facts = entry.facts(record.cycle)
            facts.program = ProgramFact(source=source.name, rank=program.rank, title=program.title, axis=program.axis,
                                        objective=program.objective,
                                        leads=_names(getattr(program, "leads", None) or getattr(program, "partners", [])),
                                        provenance=program.provenance)
            _planned(facts)
        return
    entry.deliverables.append(Deliverable(
        source=source.name, relation=link.relation, cycle=record.cycle, title=record.title,
        actions=[DeliverableAction(
            number=a.number, title=a.title, parent=a.parent, objective=a.objective, partners=_names(a.partners),
            expected_results=a.expected_results, period=a.period, provenance=a.provenance,
        ) for a in record.actions],
    ))


def add_catalogue(ledger: Ledger, facts: list[tuple[int, str, CatalogueFact]]) -> None:
    """Every action of the plan's catalogue has an entry, deployed or not; its catalogue title
    is the entry's title only when no plan or bilan gave one."""
    for axis, number, fact in facts:
        entry = ledger.entry(axis, number)
        entry.catalogue = fact
        if entry.title is None:
            entry.title, entry.title_source = fact.title, fact.source


def build_ledger(sources: list[NamedRecord], links: list[Link],
                 catalogue: list[tuple[int, str, CatalogueFact]] = ()) -> Ledger:
    """Reconcile plans, bilans, linked documents and the action catalogue into the ledger."""
    ledger = Ledger(sources=sources)
    by_name = {s.name: s for s in sources}
    linked = {link.document for link in links}
    for source in sources:
        kind = source.record.kind
        if kind == "plan_deploiement" and source.name not in linked:
            add_plan(ledger, source)
    for source in sources:
        if source.record.kind == "bilan":
            if getattr(source.record, "format", "annuel") == "biennal":
                add_biennial_bilan(ledger, source, links)
            else:
                add_bilan(ledger, source)
    for link in links:
        if link.document in by_name:
            add_link(ledger, link, by_name[link.document])
    add_catalogue(ledger, list(catalogue))
    return ledger


def ledger_json(entries: list[LedgerEntry]) -> str:
    """ledger.json's text."""
    return json.dumps([e.model_dump(mode="json") for e in entries], ensure_ascii=False, indent=2) + "\n"
