"""What the dashboard shows, computed from the typed ledger, the consistency findings, the
registry and the collected answers: no figure is typed twice, every status keeps the place
and the sentence it was read from."""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.ledger import CANCELLED, DONE, LABELS, PLANNED, POSTPONED, SUSPENDED, UNPLANNED, plan_progression

# Statuses in the order the bars stack them, with the colour each is drawn in (colour-blind
# safe palette, Okabe-Ito); "mentionnée": a cycle where only a programme stands for the action.
MENTIONED = "mentioned"
ORDER = [DONE, PLANNED, POSTPONED, SUSPENDED, CANCELLED, UNPLANNED, MENTIONED]
COLOURS = {DONE: "#009E73", PLANNED: "#56B4E9", POSTPONED: "#E69F00", SUSPENDED: "#CC79A7",
           CANCELLED: "#D55E00", UNPLANNED: "#0072B2", MENTIONED: "#999999"}
STATUS_LABELS = {**LABELS, MENTIONED: "mentionnée (programme)"}
PLAN_START, PLAN_YEARS = 2020, 10


def slug(key: str) -> str:
    return re.sub(r"[^0-9a-z]+", "-", key.lower()).strip("-")


def cycle_years(cycle: str) -> list[int]:
    return [int(y) for y in re.findall(r"\d{4}", cycle)]


@dataclass
class Evidence:
    """Where a cycle's status was read: the document, the place in it, and the sentence."""

    document: str
    place: str
    sentence: str
    path: Path | None = None  # the document on disk, when config.yaml declares it
    page: int | None = None

    def href(self, page_dir: Path) -> str | None:
        if self.path is None:
            return None
        link = Path(os.path.relpath(self.path, page_dir)).as_posix()
        return f"{link}#page={self.page}" if self.page and self.path.suffix.lower() == ".pdf" else link


@dataclass
class CycleView:
    cycle: str
    status: str
    label: str
    evidence: Evidence | None
    plan: Evidence | None = None  # where the cycle's plan lists the action
    planned: bool = False
    uncertain: bool = False
    reason: str | None = None
    notes: list[str] = field(default_factory=list)
    achievements: list[str] = field(default_factory=list)


@dataclass
class ActionView:
    key: str
    slug: str
    axis: int
    number: str
    title: str
    units: list[str]
    partners: list[str]
    cycles: dict[str, CycleView]
    titles: list[tuple[str, str, str]]  # (title, document, place), distinct titles in reading order
    opportunities: list[tuple[str, str, str]]  # (cycle, document, title or objective)
    in_catalogue: bool


@dataclass
class Holder:
    """An organisation, a municipal unit or a written group, and the actions it appears in."""

    name: str
    id: str | None
    kind: str
    actions: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # key -> cycles

    @property
    def cycles(self) -> set[str]:
        return set().union(*self.actions.values()) if self.actions else set()


@dataclass
class Dashboard:
    cycles: list[str]
    actions: list[ActionView]
    counts: dict[int, dict[str, dict[str, int]]]  # axis -> cycle -> status -> actions
    coverage: dict[str, int]
    progress: list  # pipeline.ledger.ProgressRow: per cycle, each axis then all axes (the consistency report's)
    organisations: list[Holder]
    groups: list[Holder]
    unresolved: list[Holder]
    units: list[Holder]
    answers: dict[str, list]  # action key -> collected answers (pipeline.collect.Answer), all cycles
    findings: list
    year: str


def _status(facts) -> str:
    if facts.status:
        return facts.status
    return MENTIONED


def _evidence(facts, documents: dict[str, Path]) -> Evidence | None:
    part = facts.bilan or facts.plan or (facts.opportunities[0] if facts.opportunities else None) or facts.program
    if part is None:
        return None
    if facts.status_evidence:
        sentence = facts.status_evidence[0]
    elif facts.bilan is not None and facts.bilan.achievements:
        sentence = facts.bilan.achievements[0]
    elif facts.status_reason:
        sentence = facts.status_reason
    else:
        sentence = getattr(part, "title", None) or getattr(part, "objective", None) or ""
    return Evidence(part.source, part.provenance.describe(), sentence, documents.get(part.source), part.provenance.page)


def _display(names, registry) -> list[str]:
    out = []
    for ref in names:
        shown = registry.display_name(ref.id, ref.name)
        if shown not in out:
            out.append(shown)
    return out


def _action(entry, documents, registry) -> ActionView:
    cycles = {}
    for cycle, facts in sorted(entry.cycles.items()):
        bilan = facts.bilan
        plan = facts.plan and Evidence(facts.plan.source, facts.plan.provenance.describe(), facts.plan.title,
                                       documents.get(facts.plan.source), facts.plan.provenance.page)
        cycles[cycle] = CycleView(cycle, _status(facts), STATUS_LABELS[_status(facts)], _evidence(facts, documents),
                                  plan, facts.planned, facts.status_uncertain, facts.status_reason, list(bilan.notes) if bilan else [],
                                  list(bilan.achievements) if bilan else [])
    plan, bilan = entry.latest("plan"), entry.latest("bilan")
    units = _display((plan.leads if plan else []) or (bilan.leads if bilan else []), registry)
    titles, seen = [], set()
    for title in entry.titles:
        if title.text not in seen:
            seen.add(title.text)
            titles.append((title.text, title.source, title.provenance.describe()))
    opportunities = [(cycle, o.source, o.title or o.objective or "") for cycle, facts in sorted(entry.cycles.items())
                     for o in facts.opportunities]
    return ActionView(entry.key, slug(entry.key), entry.axis, entry.number, entry.title or "(titre inconnu)", units,
                      _display(bilan.partners if bilan else [], registry), cycles, titles, opportunities,
                      entry.catalogue is not None)


def _holders(entries, registry) -> tuple[list[Holder], list[Holder], list[Holder], list[Holder]]:
    found: dict[tuple, Holder] = {}
    for entry in entries:
        for cycle, facts in entry.cycles.items():
            named = []
            if facts.bilan is not None:
                named += facts.bilan.partners + facts.bilan.leads
            if facts.plan is not None:
                named += facts.plan.leads
            for opportunity in facts.opportunities:
                named += opportunity.partners + opportunity.leads
            for ref in named:
                entity = registry.entities.get(ref.id) if ref.id else None
                if entity is not None:
                    kind = "unit" if entity.kind == "municipal" else "organisation"
                    holder = found.setdefault((kind, entity.id), Holder(entity.name, entity.id, kind))
                else:
                    kind = "group" if ref.generic else "unresolved"
                    holder = found.setdefault((kind, ref.name), Holder(ref.name, None, kind))
                holder.actions[entry.key].add(cycle)
    ranked = sorted(found.values(), key=lambda h: (-len(h.actions), -len(h.cycles), h.name.lower()))
    return tuple([h for h in ranked if h.kind == kind] for kind in ("organisation", "group", "unresolved", "unit"))


def dashboard(entries, findings, registry, documents: dict[str, Path], updates: list) -> Dashboard:
    """The dashboard's content. `documents`: file name -> path of each declared document;
    `updates`: the collected answers of each cycle (pipeline.collect.Updates)."""
    actions = [_action(entry, documents, registry) for entry in entries]
    cycles = sorted({c for a in actions for c in a.cycles}, key=lambda c: (cycle_years(c) or [0], c))
    counts: dict[int, dict[str, dict[str, int]]] = {}
    for action in actions:
        per_cycle = counts.setdefault(action.axis, {c: {s: 0 for s in ORDER} for c in cycles})
        for cycle, view in action.cycles.items():
            per_cycle[cycle][view.status] += 1
    # The plan's coverage as the consistency report counts it (its "catalogue": the declared one,
    # else the actions the documents name), at the last cycle; "deployed": in any cycle's plan.
    rows, has_catalogue = plan_progression(entries)
    overall = next((r for r in reversed(rows) if r.axis is None), None)
    counted = [a for a in actions if a.in_catalogue] if has_catalogue else actions
    coverage = {
        "catalogue": overall.catalogue if overall else 0,
        "deployed": sum(any(v.planned for v in a.cycles.values()) for a in counted),
        "started": (overall.catalogue - overall.never_started) if overall else 0,
        "never_started": overall.never_started if overall else 0,
    }
    organisations, groups, unresolved, units = _holders(entries, registry)
    answers: dict[str, list] = defaultdict(list)
    for update in updates:
        for answer in update.answers:
            answers[answer.key].append((update.cycle, answer))
    last = max((y for c in cycles for y in cycle_years(c)), default=PLAN_START)
    year = (f"{cycles[-1]} : année {min(last - PLAN_START + 1, PLAN_YEARS)} sur {PLAN_YEARS} du plan "
            f"{PLAN_START}-{PLAN_START + PLAN_YEARS}") if cycles else "aucun cycle lu"
    return Dashboard(cycles, actions, counts, coverage, rows, organisations, groups, unresolved, units, dict(answers),
                     list(findings), year)
