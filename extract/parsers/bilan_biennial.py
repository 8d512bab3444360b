"""The biennial bilan (since 2023): what each collective priority and each prioritised plan or
programme of the biennial deployment plan achieved, not action by action.

Its shape, whatever the layout: a section of priorities ("PRIORITÉS COLLECTIVES"), one fiche
each ("PRIORITÉ 1 — Titre"; "Axe 2 — Objectif : …"; "Partenaires responsables :" and one
bullet per name; "Réalisations 2023-2024 :" and the achievements; "➔ …" notes); a section of
plans and programmes ("1. Titre (axe 2)"; "Objectif : …"; "Responsable municipal : …";
"Réalisations …"). Other sections (the words of the Commission, an annex quoting a plan's
actions, the conclusion) are narrative. Placeholders a draft leaves ("[À compléter …]") are
not achievements.
"""

from __future__ import annotations

import re

from extract.blocks import Block
from extract.normalize import clean_name, fold
from extract.parsers.common import PLACEHOLDER, ParseContext, build_items, is_upper_heading, narrate_zone, note_text, prov
from extract.records import NameRef, Note, PriorityReport, ProgramReport

_PRIORITIES = re.compile(r"^(?:principales\s+)?priorites collectives\b")
_PROGRAMS = re.compile(r"^plans (?:et|ou) programmes municipaux\b")
_PRIORITY = re.compile(r"^priorit[ée]\s+(?:n[o°]\s*)?(?P<rank>\d{1,2})\s*[—–:.-]\s*(?P<title>\S.*)$", re.IGNORECASE)
_PROGRAM = re.compile(r"^(?P<rank>\d{1,2})\s*[.)]\s*(?P<title>.+?)\s*(?:\(\s*axe\s*(?P<axis>\d)\s*\))?\s*$",
                      re.IGNORECASE)
_AXIS_OBJECTIVE = re.compile(r"^axe\s*(?P<axis>\d)\s*(?:[—–:-]\s*objectifs?\s*:\s*(?P<objective>.*))?$", re.IGNORECASE)
_FIELD = re.compile(r"^(?P<label>[^:]{3,60}?)\s*:\s*(?P<value>.*)$")
_LABELS = {
    "objective": re.compile(r"^objectifs?$"),
    "partners": re.compile(r"^partenaires?(?: responsables?)?$"),
    "leads": re.compile(r"^responsables?(?: municipa(?:l|ux|le|les))?$"),
    "achievements": re.compile(r"^realisations?(?: \d{4}(?:\s*-\s*\d{4})?)?$"),
}
# A sentence that points elsewhere in the document ("… sont reprises à la fin du document").
_POINTER = re.compile(r"\b(?:reprise?s? (?:à la fin du document|en annexe)|voir l'annexe)\b", re.IGNORECASE)


def is_biennial(blocks: list[Block]) -> bool:
    """A bilan organised by the biennial plan's collective priorities."""
    return any(_PRIORITIES.match(fold(b.text)) and not b.is_list and not b.is_table_row and len(b.text) < 120
               for b in blocks)


def _label(text: str) -> tuple[str, str] | None:
    m = _FIELD.match(text)
    if not m:
        return None
    label = fold(m.group("label"))
    name = next((n for n, p in _LABELS.items() if p.match(label)), None)
    return (name, m.group("value").strip()) if name else None


class _Fiches:
    """Reads the fiches of one section (priorities or programmes) into reports."""

    def __init__(self, ctx: ParseContext, kind: str):
        self.ctx, self.kind = ctx, kind
        self.reports: list = []
        self.current = None
        self.field: str | None = None  # the list a bullet below a label goes to
        self.items: dict[int, list[Block]] = {}

    def _open(self, i: int, m: re.Match, block: Block) -> None:
        rank, title = int(m.group("rank")), m.group("title").strip()
        if self.kind == "priority":
            self.current = PriorityReport(rank=rank, title=title, provenance=prov(block))
        else:
            axis = m.group("axis")
            self.current = ProgramReport(rank=rank, title=title, axis=int(axis) if axis else None, provenance=prov(block))
        self.reports.append(self.current)
        self.items[id(self.current)] = []
        self.field = None
        self.ctx.use(i)

    def feed(self, i: int, block: Block) -> None:
        ctx, text = self.ctx, block.text.strip()
        heading = _PRIORITY if self.kind == "priority" else _PROGRAM
        if not block.is_list and (m := heading.match(text)) and (self.kind == "priority" or block.level or block.bold
                                                                  or m.group("axis")):
            return self._open(i, m, block)
        if self.current is None:
            return ctx.unplace(i, "texte avant la première fiche de la section")
        if (note := note_text(block)) is not None:
            self.current.notes.append(Note(text=note, provenance=prov(block)))
            return ctx.use(i)
        if PLACEHOLDER.match(text):
            ctx.doc.warnings.append(f"{block.provenance.describe()} : espace à compléter laissé "
                                    f"({self._place()}) : « {text} »")
            return ctx.use(i)
        if _POINTER.search(text) and len(text) < 200:
            return ctx.use(i)  # a pointer to the annex: no achievement
        if not block.is_list and (m := _AXIS_OBJECTIVE.match(text)):
            self.current.axis = int(m.group("axis"))
            if m.group("objective"):
                self.current.objective = m.group("objective").strip()
            self.field = None
            return ctx.use(i)
        found = _label(text) if not block.is_list else None
        if found:
            name, value = found
            self.field = name
            ctx.use(i)
            if PLACEHOLDER.match(value):
                ctx.doc.warnings.append(f"{block.provenance.describe()} : espace à compléter laissé "
                                        f"({self._place()}) : « {value} »")
            elif value:
                self._add(i, name, value, block)
            return None
        if block.is_list and self.field in ("partners", "leads", "achievements"):
            return self._add(i, self.field, text, block)
        if self.field == "achievements" and not is_upper_heading(text):
            return self._add(i, "achievements", text, block)  # achievements written as paragraphs
        ctx.unplace(i, "paragraphe d'une fiche qui ne suit ni un champ ni une liste de réalisations")

    def _place(self) -> str:
        what = "priorité" if self.kind == "priority" else "programme"
        return f"{what} {self.current.rank}"

    def _add(self, i: int, name: str, value: str, block: Block) -> None:
        report = self.current
        if name == "objective":
            report.objective = value
        elif name in ("partners", "leads"):
            refs = [NameRef(name=clean_name(value), provenance=prov(block))] if clean_name(value) else []
            if name == "partners" and isinstance(report, PriorityReport):
                report.partners += refs
            elif isinstance(report, ProgramReport):
                report.leads += refs
            else:
                report.partners += refs
        else:
            self.items[id(report)].append(block)
        self.ctx.use(i)

    def results(self) -> list:
        for report in self.reports:
            report.achievements = build_items(self.items[id(report)])
        return self.reports


def parse_biennial(ctx: ParseContext) -> tuple[list[PriorityReport], list[ProgramReport]]:
    """The priorities and programmes of a biennial bilan; the rest narrative."""
    blocks = ctx.blocks
    zones: list[tuple[int, str]] = []
    for i, block in enumerate(blocks):
        if block.is_list or block.is_table_row or len(block.text) > 120:
            continue
        folded = fold(block.text)
        if _PRIORITIES.match(folded):
            zones.append((i, "priority"))
        elif _PROGRAMS.match(folded):
            zones.append((i, "program"))
    priorities, programs = [], []
    narrative = list(range(zones[0][0] if zones else len(blocks)))
    for n, (start, kind) in enumerate(zones):
        stop = zones[n + 1][0] if n + 1 < len(zones) else len(blocks)
        ctx.use(start)
        reader = _Fiches(ctx, kind)
        for i in range(start + 1, stop):
            block = blocks[i]
            if _closes_section(block, kind, reader):
                narrative += range(i, stop)
                break
            reader.feed(i, block)
        (priorities if kind == "priority" else programs).extend(reader.results())
    narrate_zone(ctx, ctx.unused(narrative))
    return priorities, programs


def _closes_section(block: Block, kind: str, reader: _Fiches) -> bool:
    """A heading that is no fiche of the section: the annex, the conclusion."""
    if block.is_list or block.is_table_row:
        return False
    text = block.text.strip()
    heading = _PRIORITY if kind == "priority" else _PROGRAM
    if heading.match(text):
        return False
    return bool(block.level) and block.level <= 2 or is_upper_heading(text) and not _label(text) \
        and not _AXIS_OBJECTIVE.match(text) and reader.current is not None and reader.field != "achievements"
