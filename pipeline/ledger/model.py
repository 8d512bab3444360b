"""The ledger's typed model: one entry per action, its facts per cycle, the links to other documents.

`ledger.json` is these models dumped as JSON; its keys are a contract with other tools
(see README). A cycle's facts keep the key order the ledger has always written: the
plan's, bilan's, opportunities' and programme's parts in the order the documents are
merged, the status label after the first of them.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_serializer

from extract.records import Objective, Period, Provenance
from pipeline.ledger.status import LABELS


def same_title(a: str, b: str) -> bool:
    """Whether two programme or priority titles are the same one, as config.yaml's `links`
    (`program:`), plans and bilans write them: case and outer spaces aside."""
    return a.strip().lower() == b.strip().lower()


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LedgerName(_Model):
    """A lead or partner as the ledger keeps it: written name and registry id (null when unresolved)."""

    name: str
    id: str | None = None
    generic: bool = False
    role: str | None = None

    @model_serializer
    def _only_what_is_said(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "id": self.id}
        if self.generic:
            out["generic"] = True
        if self.role:
            out["role"] = self.role
        return out


class TitleSeen(_Model):
    source: str
    text: str
    provenance: Provenance


class PlanFact(_Model):
    """What a deployment plan says of the action in a cycle."""

    source: str
    title: str
    leads: list[LedgerName] = Field(default_factory=list)
    provenance: Provenance


class BilanFact(_Model):
    """What a bilan reports of the action in a cycle."""

    source: str
    title: str
    achievements: list[str] = Field(default_factory=list)
    leads: list[LedgerName] = Field(default_factory=list)
    partners: list[LedgerName] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    references: list[str] = Field(default_factory=list)
    provenance: Provenance


class OpportunityFact(_Model):
    """An "occasion saisie" of a bilan that cites the action."""

    source: str
    objective: str | None = None
    title: str | None = None
    achievements: list[str] = Field(default_factory=list)
    leads: list[LedgerName] = Field(default_factory=list)
    partners: list[LedgerName] = Field(default_factory=list)
    provenance: Provenance


class ProgramFact(_Model):
    """A programme of a later plan that stands for the action (the immigration plan in 2023-2024)."""

    source: str
    rank: int
    title: str
    axis: int | None = None
    objective: str | None = None
    leads: list[LedgerName] = Field(default_factory=list)
    provenance: Provenance


# The status fields a bilan's part brings, written right after it.
_BILAN_STATUS = ("status_uncertain", "status_evidence", "status_reason", "under_way")


class CycleFacts(_Model):
    planned: bool = False
    reported: bool = False
    status: str | None = None
    status_label: str | None = None
    plan: PlanFact | None = None
    bilan: BilanFact | None = None
    status_uncertain: bool = False
    status_evidence: list[str] | None = None
    status_reason: str | None = None
    under_way: list[str] | None = None  # sentences saying the work goes on ("en cours")
    opportunities: list[OpportunityFact] = Field(default_factory=list)
    program: ProgramFact | None = None

    def set_status(self, status: str) -> None:
        self.status, self.status_label = status, LABELS[status]

    @model_serializer(mode="wrap")
    def _in_merge_order(self, handler) -> dict[str, Any]:
        data = handler(self)
        parts = []
        if self.plan is not None:
            parts.append(("plan",))
        if self.bilan is not None:
            parts.append(("bilan", *_BILAN_STATUS))
        if self.opportunities:
            parts.append(("opportunities",))
        if self.program is not None:
            parts.append(("program",))
        out = {key: data[key] for key in ("planned", "reported", "status")}
        for n, keys in enumerate(parts):
            out.update((key, data[key]) for key in keys)
            if n == 0:
                out["status_label"] = data["status_label"]
        return out


class DeliverableAction(_Model):
    number: str
    title: str
    parent: str | None = None
    objective: Objective | None = None
    partners: list[LedgerName] = Field(default_factory=list)
    expected_results: str | None = None
    period: Period | None = None
    provenance: Provenance


class Deliverable(_Model):
    """A document joined to the action as its deliverable, with its own actions."""

    source: str
    relation: str
    cycle: str | None = None
    title: str | None = None
    actions: list[DeliverableAction] = Field(default_factory=list)


class CatalogueFact(_Model):
    """What the action catalogue of the ten-year plan says of the action: its title and, where
    known, the responsible unit, the partners foreseen and the planned years ("2021", "2023-2024")."""

    source: str
    where: str  # "ligne 12", "feuille « Catalogue », ligne 7"
    title: str
    units: list[LedgerName] = Field(default_factory=list)
    partners: list[LedgerName] = Field(default_factory=list)
    years: list[str] = Field(default_factory=list)


class LedgerEntry(_Model):
    key: str  # "5.7.d"
    axis: int
    number: str
    title: str | None = None
    title_source: str | None = None
    titles: list[TitleSeen] = Field(default_factory=list)
    catalogue: CatalogueFact | None = None  # the action in the plan's catalogue (absent: not in it)
    cycles: dict[str, CycleFacts] = Field(default_factory=dict)
    deliverables: list[Deliverable] = Field(default_factory=list)

    @model_serializer(mode="wrap")
    def _catalogue_when_known(self, handler) -> dict[str, Any]:
        data = handler(self)
        if self.catalogue is None:
            data.pop("catalogue")
        return data

    def facts(self, cycle: str) -> CycleFacts:
        """This cycle's facts, created empty the first time."""
        return self.cycles.setdefault(cycle, CycleFacts())

    def latest(self, part: str):
        """The latest cycle's fact of that part ("bilan", "plan") for this action."""
        return next((getattr(self.cycles[c], part) for c in sorted(self.cycles, reverse=True)
                     if getattr(self.cycles[c], part) is not None), None)


class Link(_Model):
    """A document of another structure joined to an action (config.yaml's `links`)."""

    document: str  # file name of the linked document
    action: str  # "5.26"
    relation: str = "livrable"
    program: str | None = None
