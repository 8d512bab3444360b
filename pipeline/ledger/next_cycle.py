"""Next cycle's deployment plan as data: which actions it carries, why, and which units lead them.

The annual plan draft, the bilan draft, the units' forms and the collection of their answers
all read the plan from here, so they can never disagree on it.

The carry-over rules, all here:

* Annual plan (actions): an action is carried into the next cycle when the last bilan says
  it was postponed ("reportée"), suspended ("suspendue") or goes on ("en cours", "amorcée",
  "se poursuit"...); an action done or cancelled is not. Actions selected in config.yaml
  (`drafts.annual.select`, any action of the catalogue or the ledger) are added.
* Biennial plan (priorities and programmes): while the cycle's bilan is not declared, every
  priority and programme is carried for the Commission to revise. Once it is, a priority or
  programme that stands for actions of the plan (a `links` entry with `program:`) follows the
  actions' rule: carried when its bilan fiche says postponed, suspended or under way, left
  out when done or cancelled. One that carries no action number is carried for revision,
  its bilan status given in the draft's comment.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from extract.keys import ActionKeyError, parse_key, sort_key
from extract.errors import UsageError
from pipeline.names import Registry
from pipeline.ledger.model import LedgerEntry, LedgerName, same_title
from pipeline.ledger.status import CANCELLED, DONE, POSTPONED, SUSPENDED, status_of

_CARRY = {POSTPONED: "Reportée", SUSPENDED: "Suspendue"}


@dataclass(frozen=True)
class Unit:
    """A responsible municipal unit: registry id, the code plans write, full name."""

    id: str | None
    code: str
    name: str

    @property
    def file_stem(self) -> str:
        """A file name safe on every system, from the unit's code ("DVC", "POLICE")."""
        ascii_code = unicodedata.normalize("NFKD", self.code).encode("ascii", "ignore").decode()
        return re.sub(r"[^A-Za-z0-9-]+", "-", ascii_code).strip("-") or "unite"


@dataclass
class PlannedAction:
    entry: LedgerEntry
    why: str  # why next cycle's plan carries it
    units: list[Unit] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.entry.key

    def latest(self, part: str):
        """The latest cycle's fact of that part ("bilan", "plan") for this action."""
        return self.entry.latest(part)


def carried_actions(entries: list[LedgerEntry], from_cycle: str, select: list[str]) -> list[tuple[LedgerEntry, str]]:
    """(ledger entry, why) for each action of next cycle's plan: postponed, suspended or under
    way in the last bilan, plus the actions selected in config.yaml."""
    out = []
    for entry in entries:
        facts = entry.cycles.get(from_cycle)
        if facts is None:
            continue
        if facts.status in _CARRY and facts.reported:
            evidence = (facts.status_evidence or [""])[0]
            out.append((entry, f"{_CARRY[facts.status]} en {from_cycle} : {evidence}".strip()))
        elif facts.under_way:
            out.append((entry, f"En cours en {from_cycle} : {facts.under_way[0]}"))
    chosen = {e.key for e, _ in out}
    by_key = {e.key: e for e in entries}
    for key in select:
        canonical = _selected(key, by_key)
        if canonical not in chosen:
            chosen.add(canonical)
            entry = by_key[canonical]
            why = "Retenue pour le nouveau cycle (config.yaml)"
            if not any(f.planned or f.reported for f in entry.cycles.values()):
                why += " : action du catalogue jamais encore déployée"
            out.append((entry, why))
    return sorted(out, key=lambda pair: (pair[0].axis, sort_key(pair[0].number)))


class SelectError(UsageError):
    """A key of `drafts.annual.select` names no known action; French message."""


def _selected(key, by_key: dict[str, LedgerEntry]) -> str:
    """The canonical key of a `select` entry, or a French error naming it and the fix."""
    where = "config.yaml, clé « drafts.annual.select »"
    try:
        canonical = parse_key(key)
    except ActionKeyError:
        raise SelectError(f"{where} : « {key} » n'est pas une clé d'action ; écrivez l'axe puis le numéro "
                          "(« 1.2 », « 5.7.d »).") from None
    if canonical not in by_key:
        raise SelectError(f"{where} : l'action « {canonical} » n'est ni au catalogue du plan d'action ni dans aucun "
                          "plan ou bilan lu ; vérifiez le numéro, ou ajoutez l'action au catalogue (python -m pipeline "
                          "catalogue, puis clé « catalogue » de config.yaml).")
    return canonical


def _unit(registry: Registry, person: LedgerName) -> Unit:
    entity = registry.entities.get(person.id or "")
    if entity is None:
        return Unit(None, person.name, person.name)
    code = person.name if person.name in entity.codes else (entity.codes or entity.acronyms or [person.name])[0]
    return Unit(entity.id, code, entity.name)


def planned_actions(entries: list[LedgerEntry], from_cycle: str, select: list[str], registry: Registry) -> list[PlannedAction]:
    """Next cycle's actions with their units: the lead codes of the last plan, else the
    municipal leads of the latest bilan."""
    out = []
    for entry, why in carried_actions(entries, from_cycle, select):
        action = PlannedAction(entry, why)
        plan, bilan, catalogue = action.latest("plan"), action.latest("bilan"), entry.catalogue
        leads = (plan.leads if plan else []) or (bilan.leads if bilan else []) or (catalogue.units if catalogue else [])
        for person in leads:
            unit = _unit(registry, person)
            if unit not in action.units:
                action.units.append(unit)
        out.append(action)
    return out


def units_of(actions: list[PlannedAction]) -> dict[Unit, list[PlannedAction]]:
    """Each unit with the actions it leads, units by code; an action led by several units
    appears under each of them."""
    out: dict[Unit, list[PlannedAction]] = {}
    for action in actions:
        for unit in action.units:
            out.setdefault(unit, []).append(action)
    return dict(sorted(out.items(), key=lambda kv: kv[0].code))


class CycleError(UsageError):
    """The cycle asked for is not the one config.yaml prepares; French message."""


def cycle_plan(config, cycle: str | None, resolver) -> tuple[str, list[PlannedAction], list[LedgerEntry]]:
    """(cycle, its planned actions, the ledger entries) for the cycle config.yaml prepares, from
    the ledger of the current records (never from a ledger.json an older build left)."""
    from pipeline.ledger.write import ledger_and_findings

    annual = config.drafts.annual
    if annual is None:
        raise CycleError("config.yaml ne prépare aucun cycle annuel : ajoutez une section « drafts.annual » "
                         "(from_cycle : le dernier cycle publié).")
    cycle = cycle or annual.next_cycle
    if cycle != annual.next_cycle:
        raise CycleError(f"le cycle {cycle} n'est pas celui que prépare config.yaml (drafts.annual.cycle : "
                         f"{annual.next_cycle}) ; changez-le dans config.yaml ou indiquez --cycle {annual.next_cycle}.")
    entries = ledger_and_findings(config)[0].ordered()
    return cycle, planned_actions(entries, annual.from_cycle, annual.select, resolver.registry), entries


@dataclass
class CarriedItem:
    """A priority or programme of a biennial plan, and what the cycle's bilan makes of it."""

    item: object  # the plan's Priority or Program
    section: str  # "priorities", "programs", "other_plans"
    actions: list[str]  # the action keys it stands for (config.yaml links)
    kept: bool
    why: str


def _status_words(report) -> tuple[str, str]:
    """(status, the sentence that says it) of a biennial bilan fiche."""
    achievements = [i.text for i in report.achievements]
    notes = [n.text for n in report.notes]
    status = status_of(notes, achievements)
    if status.status in _CARRY:
        return status.status, (status.evidence or [""])[0]
    if status.under_way:
        return "under_way", status.under_way[0]
    if status.reason and not achievements:
        return "unreported", status.reason
    return status.status, (achievements or [""])[0]


def carried_items(plan, bilan, links, from_cycle: str) -> list[CarriedItem]:
    """The biennial plan's priorities and programmes with the rule applied (see the module)."""
    def actions_of(title: str) -> list[str]:
        return [l.action for l in links if l.program and same_title(l.program, title)]

    out = []
    for section in ("priorities", "programs", "other_plans"):
        reports = getattr(bilan, "priorities" if section == "priorities" else "programs", []) if bilan else []
        for item in getattr(plan, section):
            actions = actions_of(item.title)
            if bilan is None:
                out.append(CarriedItem(item, section, actions, True, f"repris pour révision (aucun bilan {from_cycle} déclaré)"))
                continue
            report = next((r for r in reports if same_title(r.title, item.title)), None)
            if report is None:
                out.append(CarriedItem(item, section, actions, True, f"absent du bilan {from_cycle} : repris pour révision"))
                continue
            status, sentence = _status_words(report)
            label = {POSTPONED: "reporté", SUSPENDED: "suspendu", "under_way": "en cours", DONE: "réalisé",
                     CANCELLED: "annulé", "unreported": "sans réalisation rapportée"}[status]
            why = f"{label} au bilan {from_cycle}" + (f" : {sentence}" if sentence else "")
            if actions and status in (DONE, CANCELLED):
                out.append(CarriedItem(item, section, actions, False, why))
            else:
                out.append(CarriedItem(item, section, actions, True, why))
    return out
