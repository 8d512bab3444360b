"""Bilan parser: the yearly report, one fiche per planned action plus the "occasions saisies".

A fiche is: "N. Title", achievements (a list, possibly nested or under a
lead-in line ending in ":"), then labelled lists ("Responsable municipal :",
"Partenaires :", "Porteurs de projets :"), notes (➔, ⇒) and footnotes (¹, *).
The published layout puts the side column (leads, partners) next to the
achievements, so the labelled lists, notes and footnotes may come in any order
and a fiche may continue after its partners (a second achievement list,
another "Partenaires :"). Each axis ends with its opportunities, grouped by
objective; an opportunity may cite an action number ("21. Contribuer...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.blocks import Block, BlockDocument
from extract.normalize import fold
from extract.parsers.common import (
    PLACEHOLDER,
    ParseContext,
    axis_headings,
    build_items,
    footnote_start,
    note_text,
    is_upper_heading,
    label_of,
    name_refs,
    narrate_zone,
    prov,
    split_refs,
)
from extract.keys import canonical_number
from extract.parsers.bilan_biennial import is_biennial, parse_biennial
from extract.parsers.bilan_order import TITLE, boxes_come_first, reading_order
from extract.parsers.bilan_summary import parse_summary
from extract.records import Action, Axis, BilanRecord, Footnote, NameRef, Note, Opportunity

# "BILAN 2020", "Bilan 2023-2024": the document's title.
DOCUMENT_TITLE = re.compile(r"^bilan\s+20\d\d(?:\s*-\s*20\d\d)?\s*$", re.IGNORECASE)
SIGNATURES = (
    re.compile(r"^bilan\s+\d{4}", re.IGNORECASE),
    re.compile(r"^occasions saisies", re.IGNORECASE),
    re.compile(r"^responsables?\s+municipa", re.IGNORECASE),
    re.compile(r"^sommaire$", re.IGNORECASE),
)

_CYCLE = re.compile(r"^bilan\s+(?P<cycle>\d{4}(?:\s*-\s*\d{4})?)\b", re.IGNORECASE)
# A URL, possibly with a stray space left by the conversion before its extension ("2020 .pdf").
_URL = re.compile(r"^(?:https?://|www\.)\S+(?: \.[a-z]{2,4})?$", re.IGNORECASE)
_LABEL_MODES = ("leads", "partners", "carriers")


@dataclass
class _Group:
    """One side-column group of an opportunity: its leads and partners."""

    leads: list[NameRef] = field(default_factory=list)
    partners: list[NameRef] = field(default_factory=list)


@dataclass
class _Fiche:
    """An action or opportunity being read, before it becomes a record."""

    record: Action | Opportunity
    start: int = 0  # index of the block that opened the fiche (orders footnote calls)
    items: list[tuple[Block, int]] = field(default_factory=list)
    groups: list[_Group] = field(default_factory=list)
    leadin: bool = False
    # Lists introduced by a label, by list id: a list belongs to its label even when the
    # layout interleaves it with other content (a side column cut by a page or a gap).
    label_lists: dict[int, tuple[str, _Group]] = field(default_factory=dict)

    def group(self, new: bool = False) -> _Group:
        if new or not self.groups:
            self.groups.append(_Group())
        return self.groups[-1]


_SENTENCE_END = re.compile(r"(?<!\betc)(?<!\binc)[.;:!?]\s*[*¹²³⁴⁵⁶⁷⁸⁹]*$", re.IGNORECASE)


def _looks_like_name(text: str) -> bool:
    """Leads and partners are names, never sentences: in a Word or PDF layout where the next
    list follows a partner list with nothing between, the first sentence ends the list."""
    return len(text) <= 150 and not _SENTENCE_END.search(text)


def _link_url(block: Block) -> str | None:
    hrefs = [s.href for s in block.spans if s.href]
    if hrefs and all(s.href for s in block.spans if s.text.strip()):
        return hrefs[0]
    return block.text.replace(" ", "") if _URL.match(block.text) else None


class _AxisReader:
    def __init__(self, ctx: ParseContext, axis: int, footnotes: list[tuple[int, Footnote]]):
        self.ctx = ctx
        self.axis = axis
        self.footnotes = footnotes
        self.fiches: list[_Fiche] = []
        self.current: _Fiche | None = None
        self.mode = "achievements"
        self.label_list: int | None = None
        self.label_aside = False  # the current label was read in a side stream (a box, a side cell)
        self.in_opportunities = False
        self.objective: list[str] = []
        self.index = 0

    # -- fiche management -------------------------------------------------
    def _open(self, record: Action | Opportunity) -> _Fiche:
        fiche = _Fiche(record, start=self.index)
        self.fiches.append(fiche)
        self.current, self.mode, self.label_list = fiche, "achievements", None
        return fiche

    def _open_opportunity(self, block: Block, number: str | None = None, title: str | None = None) -> _Fiche:
        objective = " / ".join(self.objective) or None
        return self._open(Opportunity(axis=self.axis, objective=objective, action_number=number, title=title, provenance=prov(block)))

    # -- block handling ---------------------------------------------------
    def feed(self, i: int) -> None:
        self.index = i
        block = self.ctx.blocks[i]
        text = block.text
        if not block.is_list and fold(text).startswith("occasions saisies"):
            self.in_opportunities, self.current, self.objective, self.mode = True, None, [], "objective"
            return self.ctx.use(i)
        footnote = footnote_start(block)
        if footnote is None and block.role == "footnote":
            footnote = ("", text)
        if footnote:
            self.footnotes.append((i, Footnote(marker=footnote[0], text=footnote[1], provenance=prov(block))))
            return self.ctx.use(i)
        note = note_text(block)
        if note:
            if self.current is None:
                return self.ctx.unplace(i, "note (➔) sans action à laquelle la rattacher")
            self.current.record.notes.append(Note(text=note, provenance=prov(block)))
            return self.ctx.use(i)
        if PLACEHOLDER.match(text.strip()):
            # A space the draft left: no achievement, no objective; the writer is told.
            where = (f"occasions saisies de l'axe {self.axis}" if self.in_opportunities
                     else f"action {self.current.record.key}" if self.current is not None else f"axe {self.axis}")
            self.ctx.doc.warnings.append(f"{block.provenance.describe()} : espace à compléter laissé ({where}) : « {text} »")
            return self.ctx.use(i)
        label = label_of(block)
        if label:
            return self._label(i, label)
        title = TITLE.match(text) if not block.is_list and not block.is_table_row else None
        if title:
            return self._title(i, block, title)
        url = _link_url(block)
        if url:
            if self.current is None:
                return self.ctx.unplace(i, "lien sans action à laquelle le rattacher")
            self.current.record.references.append(url)
            return self.ctx.use(i)
        if block.is_table_row:
            return self.ctx.unplace(i, "rangée de tableau inattendue dans une section d'axe")
        if block.is_list:
            return self._list_item(i, block)
        return self._paragraph(i, block)

    def _label(self, i: int, label: str) -> None:
        if label == "objective":
            if not self.in_opportunities:
                return self.ctx.unplace(i, "« OBJECTIF » hors d'une section d'occasions saisies")
            self.current, self.objective, self.mode = None, [], "objective"
            return self.ctx.use(i)
        if self.current is None and self.in_opportunities:
            # The side column of an objective may come before its achievements (layout bands).
            self._open_opportunity(self.ctx.blocks[i])
        if self.current is None:
            return self.ctx.unplace(i, f"étiquette « {self.ctx.blocks[i].text} » sans action")
        if label == "leads" or (label == "partners" and self.current.group().partners):
            self.current.group(new=True)
        self.mode, self.label_list = label, None
        self.label_aside = self.ctx.blocks[i].role == "aside"
        self.ctx.use(i)

    def _title(self, i: int, block: Block, m: re.Match[str]) -> None:
        number = canonical_number(m.group("num"))
        title, _ = split_refs(m.group("title"))
        if self.in_opportunities:
            self._open_opportunity(block, number, title)
        else:
            self._open(Action(axis=self.axis, number=number, title=title, provenance=prov(block)))
        self.ctx.use(i)

    def _interleaved(self, block: Block) -> bool:
        """Main-stream text read between a side box's label and its list (a box cut by a page,
        whose rest comes after the text beside it): an achievement that leaves the label open
        for the list still to come."""
        return (self.mode in _LABEL_MODES and self.label_aside and self.label_list is None
                and block.role != "aside" and self.current is not None)

    def _list_item(self, i: int, block: Block) -> None:
        fiche = self.current
        if self._interleaved(block):
            fiche.items.append((block, block.depth + (1 if fiche.leadin else 0)))
            return self.ctx.use(i)
        owner = fiche.label_lists.get(block.list_id) if fiche and block.list_id is not None else None
        if owner is None and self.mode in _LABEL_MODES:
            if self.label_list is None:
                self.label_list = block.list_id
                if block.list_id is not None:
                    fiche.label_lists[block.list_id] = owner = (self.mode, fiche.group())
            elif block.list_id == self.label_list:
                owner = (self.mode, fiche.group())
        if owner is not None and _looks_like_name(block.text):
            mode, group = owner
            names = name_refs([block], role="porteur de projet" if mode == "carriers" else None)
            (group.leads if mode == "leads" else group.partners).extend(names)
            return self.ctx.use(i)
        if owner is not None or self.mode in _LABEL_MODES:
            # A sentence, or another list, after a labelled list: the labelled list is over.
            # The fiche goes on; among opportunities, a new opportunity starts.
            fiche.label_lists.pop(block.list_id, None)
            if self.in_opportunities and fiche.items and block.depth == 0:  # a sub-item goes on its item
                self._open_opportunity(block)
            self.mode, self.label_list = "achievements", None
        elif self.mode == "objective" or self.current is None:
            if not self.in_opportunities:
                return self.ctx.unplace(i, "élément de liste sans action à laquelle le rattacher")
            self._open_opportunity(block)
        fiche = self.current
        fiche.items.append((block, block.depth + (1 if fiche.leadin else 0)))
        self.ctx.use(i)

    def _paragraph(self, i: int, block: Block) -> None:
        if self.mode == "reference" and self.current is not None:
            self.current.record.references.append(block.text)
            return self.ctx.use(i)
        if self._interleaved(block) and not self.in_opportunities:
            self.current.items.append((block, 0))
            return self.ctx.use(i)
        # Among opportunities, a sentence that is not a lead-in (":") starts a new objective,
        # whether it follows the side column (text layout) or the achievements (Word layout).
        new_objective = self.mode in _LABEL_MODES or self.current is None or not block.text.rstrip().endswith(":")
        if self.in_opportunities and (self.mode == "objective" or new_objective):
            if self.mode != "objective":
                self.current, self.objective, self.mode = None, [], "objective"
            self.objective.append(block.text)
            return self.ctx.use(i)
        if self.current is None or self.mode != "achievements":
            return self.ctx.unplace(i, "paragraphe qui ne suit ni un titre d'action ni une liste de réalisations")
        # A paragraph inside a fiche is an achievement; one ending in ":" introduces the list below it.
        self.current.items.append((block, 0))
        self.current.leadin = block.text.rstrip().endswith(":")
        self.ctx.use(i)

    # -- results ----------------------------------------------------------
    def results(self) -> tuple[list[tuple[int, Action]], list[tuple[int, Opportunity]]]:
        """Records with the block index where each fiche started."""
        actions: list[tuple[int, Action]] = []
        opportunities: list[tuple[int, Opportunity]] = []
        for fiche in self.fiches:
            for record in _finish(fiche):
                (actions if isinstance(record, Action) else opportunities).append((fiche.start, record))
        return actions, opportunities


def _finish(fiche: _Fiche) -> list[Action | Opportunity]:
    """Turn a fiche into records; an opportunity whose side column has one group per
    achievement is split into one opportunity per achievement (the published layout
    puts each group next to its achievement)."""
    blocks = [b for b, _ in fiche.items]
    items = build_items(blocks, strip_refs=True, depths=[d for _, d in fiche.items])
    record = fiche.record
    groups = fiche.groups
    if isinstance(record, Opportunity) and len(groups) > 1 and len(groups) == len(items):
        out = []
        for item, group in zip(items, groups):
            copy = record.model_copy(deep=True)
            copy.achievements, copy.leads, copy.partners = [item], group.leads, group.partners
            copy.provenance = item.provenance
            out.append(copy)
        return out
    record.achievements = items
    record.leads = [n for g in groups for n in g.leads]
    record.partners = [n for g in groups for n in g.partners]
    return [record]


def _refs_of(record: Action | Opportunity) -> list[str]:
    refs = list(record.footnote_refs)
    stack = list(record.achievements)
    while stack:
        item = stack.pop(0)
        refs.extend(item.footnote_refs)
        stack[:0] = item.children
    return refs


def parse(doc: BlockDocument, cycle: str | None = None) -> BilanRecord:
    """Build a bilan record from a block stream."""
    ctx = ParseContext(doc)
    blocks = ctx.blocks
    title = None
    for i, block in enumerate(blocks):
        m = _CYCLE.match(block.text)
        if m and not block.is_list:
            title, cycle = block.text, cycle or re.sub(r"\s+", "", m.group("cycle"))
            break
    if is_biennial(blocks):
        priorities, programs = parse_biennial(ctx)
        return BilanRecord(format="biennal", cycle=cycle, title=title, source=ctx.source(), priorities=priorities,
                           programs=programs, sections=ctx.sections, unplaced=ctx.unplaced())
    headings = axis_headings(blocks)
    axis_starts = [i for i, *_ in headings]
    footnotes: list[tuple[int, Footnote]] = []
    axes: list[Axis] = []
    actions: list[Action] = []
    opportunities: list[Opportunity] = []
    refs: list[tuple[int, str, str]] = []  # (block index, marker, citing key)
    end = len(blocks)
    front = list(range(axis_starts[0] if axis_starts else end))
    summary = parse_summary(ctx, front)
    boxes_first = boxes_come_first(blocks, headings)
    for n, (start, axis, axis_title, taken) in enumerate(headings):
        stop = axis_starts[n + 1] if n + 1 < len(axis_starts) else end
        axes.append(Axis(number=axis, title=axis_title or None, provenance=prov(blocks[start])))
        ctx.use(*range(start, start + taken))
        reader = _AxisReader(ctx, axis, footnotes)
        for i in reading_order(blocks, range(start + taken, stop), boxes_first):
            block = blocks[i]
            if n + 1 == len(axis_starts) and is_upper_heading(block.text) and not label_of(block) and not block.is_list \
                    and not block.text.rstrip().endswith("."):
                # The closing sections (CONCLUSION...) after the last axis; a sentence's end in
                # capitals ("COVID-19.", a line the page set apart) is no title.
                end = i
                break
            reader.feed(i)
        axis_actions, axis_opportunities = reader.results()
        actions += [a for _, a in axis_actions]
        opportunities += [o for _, o in axis_opportunities]
        for start_index, record in axis_actions:
            refs += [(start_index, marker, record.key) for marker in _refs_of(record)]
        for k, (start_index, record) in enumerate(axis_opportunities, start=1):
            refs += [(start_index, marker, f"occasion {axis}.{k}") for marker in _refs_of(record)]
    narrate_zone(ctx, ctx.unused(front))
    narrate_zone(ctx, list(range(end, len(blocks))))
    _link_footnotes(footnotes, refs)
    return BilanRecord(
        cycle=cycle,
        title=title,
        source=ctx.source(),
        axes=axes,
        actions=actions,
        opportunities=opportunities,
        summary=summary,
        footnotes=[f for _, f in footnotes],
        sections=ctx.sections,
        unplaced=ctx.unplaced(),
    )


def _link_footnotes(footnotes: list[tuple[int, Footnote]], refs: list[tuple[int, str, str]]) -> None:
    """Attach each call mark to the first footnote with that marker after it (else the last before),
    in block order, which every reader gives."""
    for start, marker, key in refs:
        same = [(pos, f) for pos, f in footnotes if f.marker == marker]
        after = [f for pos, f in same if pos >= start]
        target = after[0] if after else (same[-1][1] if same else None)
        if target is not None and key not in target.cited_by:
            target.cited_by.append(key)
