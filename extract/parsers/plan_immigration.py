"""Immigration action plan parser (2022-2024): actions 1.1 ... 5.12 under specific and secondary objectives.

Each action is "N.N Title" followed by "Partenaires potentiels :",
"Résultats attendus :" and "Période visée :" fields. The layout sometimes
moves an action's fields above its title (action 4.5): fields that arrive with
no open action wait for the next title, and are reported if that action brings
its own.
"""

from __future__ import annotations

import re

from extract.blocks import BlockDocument
from extract.normalize import clean_name, fold
from extract.parsers.common import (
    AXIS_HEADING,
    labelled_table_rows,
    ParseContext,
    axis_number,
    is_upper_heading,
    narrate_zone,
    parse_period,
    prov,
)
from extract.records import Action, Axis, NameRef, Objective, ParentAction, PlanImmigrationRecord

# The field labels, with their colon in a text layout, or as column headers of a table.
SIGNATURES = (
    re.compile(r"^partenaires potentiels\s*(?::|$)", re.IGNORECASE),
    re.compile(r"^p[ée]riode vis[ée]e\s*(?::|$)", re.IGNORECASE),
    re.compile(r"^r[ée]sultats attendus\s*(?::|$)", re.IGNORECASE),
    re.compile(r"immigra", re.IGNORECASE),
)

_ACTION = re.compile(r"^(?P<num>[1-9]\.\d{1,2}(?:\.\d{1,2})?)\.?\s+(?P<title>\S.*)$")
_FIELD = re.compile(r"^(?P<name>partenaires potentiels|r[ée]sultats attendus|p[ée]riode vis[ée]e)\s*:\s*(?P<value>.*)$", re.IGNORECASE)
_OBJECTIVE = re.compile(r"^objectif\s+(?P<level>sp[ée]cifique|secondaire|g[ée]n[ée]ral)\s*:\s*(?P<text>.*)$", re.IGNORECASE)
_ACTION_LABEL = re.compile(r"^actions?\s+ou\s+projets?\s*:?$", re.IGNORECASE)
_CYCLE = re.compile(r"plan d'action\s+(?P<cycle>20\d\d\s*-\s*20\d\d)", re.IGNORECASE)
# Column headers of the table layout: the field each column fills.
_COLUMNS = {
    "Partenaires potentiels": re.compile(r"^partenaires?( potentiels?)?$"),
    "Résultats attendus": re.compile(r"^resultats? attendus?$"),
    "Période visée": re.compile(r"^(periode visee|periode|echeancier|echeance)$"),
}


def parse(doc: BlockDocument, cycle: str | None = None) -> PlanImmigrationRecord:
    """Build an immigration-plan record from a block stream."""
    ctx = ParseContext(labelled_table_rows(doc, _COLUMNS))
    blocks = ctx.blocks
    record = PlanImmigrationRecord(source=ctx.source())
    for block in blocks:
        if is_upper_heading(block.text, max_words=40) and "PLAN D'ACTION" in block.text.upper() and not record.title:
            record.title = block.text
        m = _CYCLE.search(block.text)
        if m and not cycle:
            cycle = re.sub(r"\s+", "", m.group("cycle"))
    record.cycle = cycle
    start = next((i for i, b in enumerate(blocks) if fold(b.text) == "objectifs et actions"), None)
    if start is None:
        narrate_zone(ctx, range(len(blocks)))
        record.sections, record.unplaced = ctx.sections, ctx.unplaced()
        return record
    ctx.use(start)
    axis: int | None = None
    objective = Objective()
    current: Action | None = None
    pending: list[tuple[int, str, str]] = []  # fields seen with no open action: (block, name, value)
    end = len(blocks)
    i = start + 1
    while i < len(blocks):
        block = blocks[i]
        text = block.text
        heading = AXIS_HEADING.match(text) if not block.is_table_row else None
        if heading and not block.is_list and (not heading.group("title") or is_upper_heading(text, max_words=20)):
            _flush_pending(ctx, pending)
            axis = axis_number(heading.group("num"))
            title = heading.group("title").strip()
            ctx.use(i)
            if not title and i + 1 < len(blocks) and is_upper_heading(blocks[i + 1].text):
                title = blocks[i + 1].text
                ctx.use(i + 1)
                i += 1
            record.axes.append(Axis(number=axis, title=title or None, provenance=prov(block)))
            objective, current = Objective(), None
        elif axis is not None and is_upper_heading(text) and not block.is_list:
            end = i  # CONCLUSION, REMERCIEMENTS...
            break
        elif m := _OBJECTIVE.match(text):
            level = fold(m.group("level"))
            if not m.group("text").strip() and i + 1 < len(blocks) and not blocks[i + 1].is_list:
                # "OBJECTIF GÉNÉRAL :" on its own line, the objective in the paragraph below.
                ctx.use(i)
                i += 1
                m = _OBJECTIVE.match(f"{text} {blocks[i].text}")
            if level.startswith("gen"):
                record.general_objective = m.group("text").strip()
            elif level.startswith("spec"):
                objective = Objective(specific=m.group("text").strip())
            else:
                objective = Objective(specific=objective.specific, secondary=m.group("text").strip())
            current = None
            ctx.use(i)
        elif _ACTION_LABEL.match(text):
            ctx.use(i)
        elif (m := _ACTION.match(text)) and axis is not None:
            number = m.group("num")
            if int(number.split(".")[0]) != axis:
                doc.warnings.append(f"{block.provenance.describe()} : l'action {number} est placée sous l'axe {axis}")
            current = Action(axis=int(number.split(".")[0]), number=number, title=m.group("title").strip(),
                             objective=objective.model_copy(), provenance=prov(block))
            record.actions.append(current)
            ctx.use(i)
            for index, name, value in pending:
                _set_field(current, name, value, blocks[index])
                ctx.use(index)
            pending.clear()
        elif m := _FIELD.match(text):
            name = fold(m.group("name")).split()[0]
            if current is None or _has_field(current, name):
                pending.append((i, name, m.group("value").strip()))
                current = None
            else:
                _set_field(current, name, m.group("value").strip(), block)
                ctx.use(i)
        i += 1
    _flush_pending(ctx, pending)
    _nest(record)
    narrate_zone(ctx, [k for k in range(len(blocks)) if k < start or k >= end])
    record.sections, record.unplaced = ctx.sections, ctx.unplaced()
    return record


def _has_field(action: Action, name: str) -> bool:
    return {"partenaires": bool(action.partners), "resultats": action.expected_results is not None,
            "periode": action.period is not None}[name]


def _set_field(action: Action, name: str, value: str, block) -> None:
    if name == "partenaires":
        # The list is kept as written: the name normaliser splits it with the registry, so that
        # names containing commas ("ministère de l'Immigration, de la Francisation...") stay whole.
        action.partners = [NameRef(name=clean_name(value), provenance=prov(block))] if clean_name(value) else []
    elif name == "resultats":
        action.expected_results = value
    else:
        action.period = parse_period(value)


def _flush_pending(ctx: ParseContext, pending: list[tuple[int, str, str]]) -> None:
    for index, _, _ in pending:
        ctx.unplace(index, "champ d'action (partenaires, résultats, période) sans action à laquelle le rattacher")
    pending.clear()


def _nest(record: PlanImmigrationRecord) -> None:
    """An action whose number prefixes others (2.7 for 2.7.1, 2.7.2) is their parent, not a leaf."""
    numbers = [a.number for a in record.actions]
    leaves = []
    for action in record.actions:
        children = [n for n in numbers if n.startswith(action.number + ".")]
        if children:
            record.parent_actions.append(ParentAction(axis=action.axis, number=action.number, title=action.title,
                                                      children=children, provenance=action.provenance))
        else:
            parent = next((p for p in numbers if action.number.startswith(p + ".")), None)
            action.parent = parent
            leaves.append(action)
    record.actions = leaves
