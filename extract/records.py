"""Typed records: what the kind parsers build and every later stage reads.

JSON keys are a contract with other tools (see README): change them only on purpose.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, model_serializer


VERIFY_KEY = "à vérifier"  # the record's list of OCR fields to proofread


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Provenance(_Model):
    """Where a block or a fact was read: line (text), page and box (PDF), paragraph or table
    row (DOCX). Blocks carry it from the reader; records keep it through every stage."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    line: int | None = None
    page: int | None = None
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    ocr: bool | None = None  # read from a page image by OCR (absent otherwise)
    confidence: float | None = None  # OCR only: the words' mean confidence (0-100)
    engine: str | None = None  # "pdfium": a page pdfminer could not read, read by the second PDF engine
    inside: str | None = None  # DOCX: "text_box" or "content_control" when the paragraph sits in one

    def rounded(self) -> "Provenance":
        """The same place with its box to a tenth of a point, as records store it."""
        if self.bbox is None:
            return self
        return self.model_copy(update={"bbox": tuple(round(v, 1) for v in self.bbox)})

    def describe(self) -> str:
        """A short French locator for messages ("ligne 12", "page 3", "paragraphe 40")."""
        if self.page is not None:
            return f"page {self.page}"
        if self.line is not None:
            return f"ligne {self.line}"
        if self.table is not None:
            return f"tableau {self.table + 1}, rangée {(self.row or 0) + 1}"
        if self.paragraph is not None:
            return f"paragraphe {self.paragraph + 1}"
        return "position inconnue"

    @model_serializer
    def _drop_empty(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


class Source(_Model):
    """The file a block stream or a record was read from."""

    path: str
    sha256: str
    format: str  # "txt", "pdf", "docx"

    @classmethod
    def of(cls, path: Path, data: bytes, fmt: str) -> "Source":
        return cls(path=str(path), sha256=hashlib.sha256(data).hexdigest(), format=fmt)


class NameRef(_Model):
    """A lead or a partner as written; `id` is the registry entity once resolved (null when
    unresolved or generic), `generic` marks a group ("Organismes communautaires lévisiens")."""

    name: str
    id: str | None = None
    generic: bool = False
    role: str | None = None
    provenance: Provenance


class Item(_Model):
    """An achievement (or any list entry), with its sub-items."""

    text: str
    children: list["Item"] = Field(default_factory=list)
    footnote_refs: list[str] = Field(default_factory=list)
    provenance: Provenance


class Note(_Model):
    text: str
    provenance: Provenance


class Objective(_Model):
    specific: str | None = None
    secondary: str | None = None


class Period(_Model):
    text: str
    years: list[int] = Field(default_factory=list)
    frequency: str | None = None


class Action(_Model):
    axis: int
    number: str
    title: str
    achievements: list[Item] = Field(default_factory=list)
    leads: list[NameRef] = Field(default_factory=list)
    partners: list[NameRef] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)
    references: list[str] = Field(default_factory=list)
    footnote_refs: list[str] = Field(default_factory=list)
    # Immigration plan only.
    objective: Objective | None = None
    expected_results: str | None = None
    period: Period | None = None
    parent: str | None = None
    provenance: Provenance

    @property
    def key(self) -> str:
        """"2.9", "5.7.d"; an immigration number already starts with its axis ("2.7.1")."""
        return self.number if self.number.startswith(f"{self.axis}.") else f"{self.axis}.{self.number}"


class Opportunity(_Model):
    """An "occasion saisie": unplanned work, tied to an action when the bilan cites one."""

    axis: int
    objective: str | None = None
    action_number: str | None = None
    title: str | None = None
    achievements: list[Item] = Field(default_factory=list)
    leads: list[NameRef] = Field(default_factory=list)
    partners: list[NameRef] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)
    references: list[str] = Field(default_factory=list)
    footnote_refs: list[str] = Field(default_factory=list)
    provenance: Provenance


class SummaryRow(_Model):
    axis: int | None  # None for the totals row
    label: str
    planned: int | None = None
    started_or_done: int | None = None
    opportunities: int | None = None
    provenance: Provenance


class Footnote(_Model):
    marker: str
    text: str
    cited_by: list[str] = Field(default_factory=list)  # action keys ("2.8") or "opportunité axe 4"
    provenance: Provenance


class Axis(_Model):
    number: int
    title: str | None = None
    provenance: Provenance


class Section(_Model):
    """Narrative text kept as written (words of the mayor, introduction, conclusion...)."""

    title: str | None = None
    paragraphs: list[str] = Field(default_factory=list)
    provenance: Provenance


class Unplaced(_Model):
    text: str
    reason: str
    provenance: Provenance


STATUS_LABELS = {"complete": "complet", "partial": "partiel"}


def reading_status(unplaced: int, blocks: int) -> str:
    """"partial" when many blocks found no place (a layout the parser did not recognise): at
    least 3, and at least 2 % of the document's blocks; else "complete"."""
    return "partial" if unplaced >= 3 and unplaced >= 0.02 * blocks else "complete"


class Doubt(_Model):
    """A field read by OCR with words of low confidence, for the writer to proofread: where in
    the record (in French: "action 2.9 › réalisation"), its text, those words, where on the page."""

    field: str
    text: str
    words: list[str]
    provenance: Provenance


class LibraryMessage(_Model):
    """A message a reading library gave while reading the file, raw (see extract.notices)."""

    source: str
    message: str


class _Record(_Model):
    kind: str
    # "complete", or "partial" when many blocks could not be placed (see reading_status).
    status: Literal["complete", "partial"] = "complete"
    cycle: str | None = None
    title: str | None = None
    source: Source
    actions: list[Action] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    unplaced: list[Unplaced] = Field(default_factory=list)
    # Scanned documents only; the JSON key is « à vérifier » (absent when empty).
    to_verify: list[Doubt] = Field(default_factory=list, validation_alias=AliasChoices(VERIFY_KEY, "to_verify"))
    # What the reading libraries reported about the file's structure, raw (absent when nothing).
    diagnostics: list[LibraryMessage] | None = None

    @model_serializer
    def _drop_empty(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if v is not None and k != "to_verify"}
        if self.to_verify:
            out[VERIFY_KEY] = self.to_verify
        return out


class BilanRecord(_Record):
    kind: Literal["bilan"] = "bilan"
    # "biennal" (since 2023): what the plan's priorities and programmes achieved, not per action.
    format: Literal["annuel", "biennal"] = "annuel"
    axes: list[Axis] = Field(default_factory=list)
    opportunities: list[Opportunity] = Field(default_factory=list)
    summary: list[SummaryRow] = Field(default_factory=list)
    footnotes: list[Footnote] = Field(default_factory=list)
    priorities: list["PriorityReport"] = Field(default_factory=list)
    programs: list["ProgramReport"] = Field(default_factory=list)


class Reality(_Model):
    rank: int
    title: str
    description: str | None = None
    provenance: Provenance


class Priority(_Model):
    rank: int
    title: str
    axis: int | None = None
    objective: str | None = None
    partners: list[NameRef] = Field(default_factory=list)
    provenance: Provenance


class Program(_Model):
    rank: int
    title: str
    axis: int | None = None
    objective: str | None = None
    leads: list[NameRef] = Field(default_factory=list)
    provenance: Provenance


class PriorityReport(Priority):
    """A collective priority in a biennial bilan: the plan's fields and what was achieved."""

    achievements: list[Item] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)


class ProgramReport(Program):
    """A prioritised plan or programme in a biennial bilan: the plan's fields and what was achieved."""

    achievements: list[Item] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)


class Fund(_Model):
    text: str
    amount: int | None = None
    per: str | None = None
    provenance: Provenance


class PlanDeploiementRecord(_Record):
    kind: Literal["plan_deploiement"] = "plan_deploiement"
    format: Literal["annuel", "biennal"] = "annuel"
    axes: list[Axis] = Field(default_factory=list)
    realities: list[Reality] = Field(default_factory=list)
    priorities: list[Priority] = Field(default_factory=list)
    programs: list[Program] = Field(default_factory=list)
    other_plans: list[Program] = Field(default_factory=list)
    strategies: list[Reality] = Field(default_factory=list)
    glossary: dict[str, str] = Field(default_factory=dict)
    fund: Fund | None = None


class ParentAction(_Model):
    axis: int
    number: str
    title: str
    children: list[str] = Field(default_factory=list)
    provenance: Provenance


class PlanImmigrationRecord(_Record):
    kind: Literal["plan_immigration"] = "plan_immigration"
    general_objective: str | None = None
    axes: list[Axis] = Field(default_factory=list)
    parent_actions: list[ParentAction] = Field(default_factory=list)


class PlanActionRecord(_Record):
    """The ten-year action plan (Plan d'action 2020-2030): per axis, its numbered actions with their
    titles and, where the document gives them, responsible units, partners foreseen and years."""

    kind: Literal["plan_action"] = "plan_action"
    axes: list[Axis] = Field(default_factory=list)


class TimelineStep(_Model):
    date: str  # ISO 8601
    label: str
    description: str | None = None
    provenance: Provenance


class Survey(_Model):
    number: int
    provenance: Provenance


class Effect(_Model):
    zone: str  # "faible", "moyen", "élevé"
    items: list[Item] = Field(default_factory=list)
    provenance: Provenance


class Actor(_Model):
    name: str
    id: str | None = None
    roles: list[str] = Field(default_factory=list)
    provenance: Provenance


class PresentationRecord(_Record):
    kind: Literal["presentation"] = "presentation"
    date: str | None = None
    findings: list[Item] = Field(default_factory=list)
    timeline: list[TimelineStep] = Field(default_factory=list)
    surveys: list[Survey] = Field(default_factory=list)
    effects: list[Effect] = Field(default_factory=list)
    planned_actions: list[Item] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    gaps: list[Item] = Field(default_factory=list)


BilanRecord.model_rebuild()  # its priorities and programmes are defined after it

DocumentRecord = Annotated[
    Union[BilanRecord, PlanDeploiementRecord, PlanImmigrationRecord, PresentationRecord, PlanActionRecord],
    Field(discriminator="kind"),
]

KINDS = ("bilan", "plan_deploiement", "plan_immigration", "presentation", "plan_action")


def record_to_json(record: _Record) -> dict[str, Any]:
    """The record as JSON-ready data (the CLI and output/records/*.json use this)."""
    return record.model_dump(mode="json")


# The walks over a record's fiches and items, kept beside the model (re-exported: later stages
# import them from here).
from extract import record_walk as _walk  # noqa: E402

walk_items, name_holders, fiche_places = _walk.walk_items, _walk.name_holders, _walk.fiche_places
