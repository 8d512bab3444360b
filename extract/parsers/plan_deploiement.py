"""Deployment plan parser: the annual table (2020) and the biennial priorities format (2023-2024).

Annual: one table per axis, a header row naming the axis ("Axe 1") and its
title, then rows (number, action title, responsible unit codes).
Biennial: realities, collective priorities, prioritised municipal plans and
programmes, other plans, a glossary of codes, strategies and the fund. Rows
are located by their "Axe N" cell rather than by column index, because the
published tables drop or shift empty cells and sometimes lose a row number.
"""

from __future__ import annotations

import re

from extract.blocks import Block, BlockDocument
from extract.normalize import clean_name, fold
from extract.parsers.common import (AXIS_HEADING, ParseContext, axis_heading, axis_number, axis_of_text,
                                    is_upper_heading, narrate_zone, prov)
from extract.keys import ActionKeyError, canonical_number
from extract.records import Action, Axis, Fund, NameRef, PlanDeploiementRecord, Priority, Program, Reality

SIGNATURES = (
    re.compile(r"plan de d[ée]ploiement", re.IGNORECASE),
    re.compile(r"^actions?(?: du plan d'action)?$", re.IGNORECASE),
    re.compile(r"^(?:unit[ée]s?\s+)?responsables?$", re.IGNORECASE),
    re.compile(r"priorit[ée]s collectives", re.IGNORECASE),
    re.compile(r"strat[ée]gies de mise en action", re.IGNORECASE),
)

# "Axe 3", "Axe 3 :", "Axe 3."; on a scan, a lone mark after the number, a speck or a fibre read
# as a glyph ("Axe 3 Û", "Axe 3 V"): a digit would be another number, two letters a word.
_AXIS_CELL = re.compile(r"^axe(?:\s+|(?=\d))(\d|[ivx]{1,4})(?:\s*[.:–—-]|\s+[^\w\s]|\s+[^\W\d_])?$", re.IGNORECASE)
_CYCLE = re.compile(r"(?:plan (?:annuel )?de d[ée]ploiement\s+)?(?P<cycle>20\d\d(?:\s*-\s*20\d\d)?)", re.IGNORECASE)
_RANKED = re.compile(r"^(?P<rank>\d{1,2})\s*[.)]\s*(?P<text>.*)$")
_CODE = re.compile(r"^[A-ZÉÈ]{2,}$")
_GLOSSARY = re.compile(r"^(?P<code>[A-ZÉÈ]{2,})\s*:\s*(?P<name>\S.*)$")
_BULLET_GLYPHS = re.compile(r"\s*[■▪•●◦➔]\s*")
_AMOUNT = re.compile(r"(?P<amount>\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)\s*\$\s*(?:par\s+(?P<per>ann[ée]e|an|mois))?", re.IGNORECASE)

# Section titles of the biennial format, folded, mapped to the record field they fill.
_SECTIONS = {
    "realites actuelles": "realities",
    "priorites collectives": "priorities",
    "plans et programmes municipaux": "programs",
    "autres plans municipaux": "other_plans",
    "strategies de mise en action": "strategies",
    "fonds de soutien financier": "fund",
}


def _section_of(block: Block) -> str | None:
    if block.is_table_row or block.is_list:
        return None
    folded = fold(block.text)
    for key, name in _SECTIONS.items():
        if key in folded and len(folded) < 200:
            return name
    return None


def split_codes(text: str, position_block: Block) -> list[NameRef]:
    """Split a responsible cell: every code is one item, words between codes form one name."""
    refs: list[NameRef] = []
    words: list[str] = []
    for token in text.split():
        if _CODE.match(token):
            if words:
                refs.append(NameRef(name=clean_name(" ".join(words)), provenance=prov(position_block)))
                words = []
            refs.append(NameRef(name=token, provenance=prov(position_block)))
        else:
            words.append(token)
    if words:
        refs.append(NameRef(name=clean_name(" ".join(words)), provenance=prov(position_block)))
    return refs


def _split_partners(text: str, block: Block) -> list[NameRef]:
    """Partners in a cell: split on bullet glyphs; lists written without separators stay as written
    (the name normaliser splits them with the registry)."""
    parts = [clean_name(p) for p in _BULLET_GLYPHS.split(text)]
    return [NameRef(name=p, provenance=prov(block)) for p in parts if p]


_HEADER_CELL = re.compile(r"^(?:(?:unites?\s+)?responsables?|actions?(?: du plan d'action)?|priorites|objectifs?"
                          r"|plans ou programmes|suivi|n[o°]|#|realites?|strategies?|descriptions?)$")


def _is_header_row(cells: list[str]) -> bool:
    """A header row (repeated on every page of a long table): its cells are column labels."""
    folded = [fold(c) for c in cells]
    return sum(bool(_HEADER_CELL.match(c)) for c in folded) >= min(2, len(folded))


def _annual(ctx: ParseContext, record: PlanDeploiementRecord) -> None:
    blocks = ctx.blocks
    axis: int | None = None
    for i, block in enumerate(blocks):
        heading = AXIS_HEADING.match(block.text) if not block.is_table_row and not block.is_list else None
        if heading and not heading.group("title"):
            axis = axis_number(heading.group("num"))
            record.axes.append(Axis(number=axis, provenance=prov(block)))
            ctx.use(i)
            continue
        found = axis_heading(blocks, i) if block.role == "band" else None
        if found and found[0] is not None:  # a band out of the table (its title and tag read together)
            axis = found[0]
            record.axes.append(Axis(number=axis, title=found[1] or None, provenance=prov(block)))
            ctx.use(*range(i, i + found[2]))
            continue
        if not block.is_table_row:
            continue
        cells = block.nonempty_cells
        merged = axis_of_text(cells[0]) if len(cells) == 1 else None
        if merged:  # a full-width axis row: "AXE 1 — LA MOBILITÉ DES PERSONNES", "Axe 5"
            axis = merged[0]
            record.axes.append(Axis(number=axis, title=merged[1] or None, provenance=prov(block)))
            ctx.use(i)
            continue
        axis_cell = next((c for c in cells if _AXIS_CELL.match(c)), None)
        if axis_cell:
            axis = axis_number(_AXIS_CELL.match(axis_cell).group(1))
            title = next((c for c in cells if c is not axis_cell and fold(c) != "responsable"), None)
            record.axes.append(Axis(number=axis, title=title, provenance=prov(block)))
            ctx.use(i)
            continue
        others = [c for c in cells if fold(c) not in ("axe", "responsable")]
        if len(others) == 1 and is_upper_heading(others[0]) and any(fold(c) == "axe" for c in cells):
            # A band (its title in capitals) whose number is unreadable (a scan lost it): the
            # axes follow one another, so this is the next one; said as a warning, the band left
            # unplaced with its reason. A header row naming an "Axe" column is no band.
            axis = (axis or 0) + 1
            record.axes.append(Axis(number=axis, title=others[0], provenance=prov(block)))
            ctx.unplace(i, f"numéro d'axe illisible (« Axe » seul) : les actions qui suivent sont rattachées à l'axe {axis}, "
                           "le suivant ; vérifiez")
            continue
        if _is_header_row(cells):
            ctx.use(i)
            continue
        if axis is None or len(cells) < 2:
            ctx.unplace(i, "rangée de tableau hors d'un axe ou incomplète")
            continue
        try:
            number = canonical_number(cells[0])
        except ActionKeyError:
            ctx.unplace(i, f"numéro d'action illisible : « {cells[0]} »")
            continue
        title = cells[1]
        leads = split_codes(cells[2], block) if len(cells) > 2 else []
        record.actions.append(Action(axis=axis, number=number, title=title, leads=leads, provenance=prov(block)))
        ctx.use(i)


def _ranked(text: str, position: int) -> tuple[int, str]:
    m = _RANKED.match(text)
    return (int(m.group("rank")), m.group("text").strip()) if m else (position, text.strip())


def _biennial_row(ctx: ParseContext, record: PlanDeploiementRecord, section: str, i: int, block: Block) -> None:
    cells = block.nonempty_cells
    if _is_header_row(cells):
        return ctx.use(i)
    target = {"realities": record.realities, "strategies": record.strategies, "priorities": record.priorities,
              "programs": record.programs, "other_plans": record.other_plans}.get(section)
    if target is None:
        return ctx.unplace(i, "rangée de tableau hors d'une section connue du plan")
    position = len(target) + 1
    axis_at = next((k for k, c in enumerate(cells) if _AXIS_CELL.match(c)), None)
    if section in ("realities", "strategies"):
        if axis_at is not None or not cells:
            return ctx.unplace(i, "rangée inattendue dans une liste de réalités ou de stratégies")
        rank, title = _ranked(" ".join(cells[:-1]) if len(cells) > 1 else cells[0], position)
        target.append(Reality(rank=rank, title=title, description=cells[-1] if len(cells) > 1 else None, provenance=prov(block)))
        return ctx.use(i)
    if axis_at is None or axis_at == 0:
        return ctx.unplace(i, "rangée sans colonne « Axe » lisible")
    rank, title = _ranked(" ".join(cells[:axis_at]), position)
    if rank != position:
        ctx.doc.warnings.append(f"{block.provenance.describe()} : rang écrit {rank}, position {position}")
    axis = axis_number(_AXIS_CELL.match(cells[axis_at]).group(1))
    rest = cells[axis_at + 1 :]
    objective = rest[0] if rest else None
    who = " ".join(rest[1:])
    if section == "priorities":
        target.append(Priority(rank=position, title=title, axis=axis, objective=objective,
                               partners=_split_partners(who, block), provenance=prov(block)))
    else:
        target.append(Program(rank=position, title=title, axis=axis, objective=objective,
                              leads=split_codes(who, block), provenance=prov(block)))
    ctx.use(i)


_PRIORITY_FIELD = re.compile(r"^(?P<label>axe(?: d'intervention)?|objectifs?|partenaires(?: responsables)?)\s*:\s*(?P<value>.*)$")


class _PriorityFiches:
    """Priorities written as fiches (a Word layout): a numbered heading, then labelled fields
    ("Axe d'intervention : Axe 2", "Objectif : ...", "Partenaires responsables :") and one
    bullet per partner."""

    def __init__(self, ctx: ParseContext, record: PlanDeploiementRecord):
        self.ctx, self.record = ctx, record
        self.current: Priority | None = None
        self.partners = False

    def feed(self, i: int, block: Block) -> bool:
        """Whether the block belonged to a priority fiche."""
        folded = fold(block.text)
        if not block.is_list and (block.level or block.bold) and _RANKED.match(block.text):
            rank, title = _ranked(block.text, len(self.record.priorities) + 1)
            self.current = Priority(rank=rank, title=title, provenance=prov(block))
            self.record.priorities.append(self.current)
            self.partners = False
            self.ctx.use(i)
            return True
        if self.current is None:
            return False
        field = _PRIORITY_FIELD.match(folded) if not block.is_list else None
        if field:
            value = block.text.split(":", 1)[1].strip()
            label = field.group("label")
            if label.startswith("axe"):
                number = re.search(r"(\d|\b[ivx]{1,4}\b)", fold(value))
                self.current.axis = axis_number(number.group(1)) if number else None
            elif label.startswith("objectif"):
                self.current.objective = value or None
            else:
                self.current.partners += _split_partners(value, block) if value else []
            self.partners = label.startswith("partenaires")
            self.ctx.use(i)
            return True
        if block.is_list and self.partners:
            self.current.partners += _split_partners(block.text, block)
            self.ctx.use(i)
            return True
        self.current, self.partners = None, False
        return False


def _biennial(ctx: ParseContext, record: PlanDeploiementRecord) -> None:
    blocks = ctx.blocks
    section: str | None = None
    narrative: list[int] = []
    fiches = _PriorityFiches(ctx, record)
    for i, block in enumerate(blocks):
        found = _section_of(block)
        if found:
            section = found
            ctx.use(i)
            fiches.current = None
            continue
        if section == "priorities" and not block.is_table_row and fiches.feed(i, block):
            continue
        glossary = _GLOSSARY.match(block.text) if not block.is_table_row else None
        if glossary:
            record.glossary[glossary.group("code")] = glossary.group("name").strip()
            ctx.use(i)
            continue
        if block.is_table_row:
            _biennial_row(ctx, record, section, i, block)
        elif section == "fund" and record.fund is None:
            amount = _AMOUNT.search(block.text)
            record.fund = Fund(
                text=block.text,
                amount=int(re.sub(r"\D", "", amount.group("amount"))) if amount else None,
                per=fold(amount.group("per")).replace("annee", "année") if amount and amount.group("per") else None,
                provenance=prov(block),
            )
            ctx.use(i)
        else:
            narrative.append(i)
    narrate_zone(ctx, narrative)


def parse(doc: BlockDocument, cycle: str | None = None) -> PlanDeploiementRecord:
    """Build a deployment-plan record (annual table or biennial priorities)."""
    ctx = ParseContext(doc)
    biennial = any(_section_of(b) == "priorities" for b in ctx.blocks)
    title = None
    for block in ctx.blocks[:40]:
        if block.is_table_row:
            continue
        m = _CYCLE.fullmatch(block.text.strip()) or (_CYCLE.search(block.text) if "ploiement" in fold(block.text) and len(block.text) < 80 else None)
        if m:
            title = block.text
            cycle = cycle or re.sub(r"\s+", "", m.group("cycle"))
            break
    record = PlanDeploiementRecord(cycle=cycle, title=title, source=ctx.source(), format="biennal" if biennial else "annuel")
    if biennial:
        _biennial(ctx, record)
    else:
        _annual(ctx, record)
        for i in ctx.unused():  # the glossary of unit codes ("DVC : Direction de la vie communautaire")
            glossary = _GLOSSARY.match(ctx.blocks[i].text) if not ctx.blocks[i].is_table_row else None
            if glossary:
                record.glossary[glossary.group("code")] = glossary.group("name").strip()
                ctx.use(i)
        narrate_zone(ctx, [i for i in ctx.unused() if not ctx.blocks[i].is_table_row])
    record.sections = ctx.sections
    record.unplaced = ctx.unplaced()
    return record
