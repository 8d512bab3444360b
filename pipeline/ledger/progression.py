"""Progress over the whole plan: for each axis and each cycle, how many actions the catalogue
holds, how many the cycle deployed, started or finished, postponed, and how many were never
started by the end of that cycle.

"Catalogue" is the plan's action catalogue when one is declared (a plan_action document or
the workbook); without one, the actions the documents name, which the report says.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.ledger.model import LedgerEntry
from pipeline.ledger.status import DONE, POSTPONED

COLUMNS = ["Axe", "Cycle", "Actions au catalogue", "Déployées", "Entamées ou réalisées", "Reportées",
           "Jamais amorcées"]
ALL_AXES = "Tous"


@dataclass(frozen=True)
class ProgressRow:
    axis: int | None  # None: every axis
    cycle: str
    catalogue: int
    deployed: int
    started: int
    postponed: int
    never_started: int

    def cells(self) -> list:
        return [self.axis if self.axis is not None else ALL_AXES, self.cycle, self.catalogue, self.deployed,
                self.started, self.postponed, self.never_started]


def _cycle_order(cycle: str) -> tuple[int, int]:
    years = [int(y) for y in cycle.split("-")]
    return years[0], years[-1]


def progression(entries: list[LedgerEntry]) -> tuple[list[ProgressRow], bool]:
    """The rows (per cycle, each axis then all axes) and whether a catalogue was declared."""
    has_catalogue = any(e.catalogue is not None for e in entries)
    counted = [e for e in entries if e.catalogue is not None] if has_catalogue else list(entries)
    cycles = sorted({c for e in entries for c in e.cycles}, key=_cycle_order)
    rows: list[ProgressRow] = []
    started_by: dict[str, bool] = {}
    for cycle in cycles:
        for e in entries:
            facts = e.cycles.get(cycle)
            if facts is not None and facts.status == DONE:
                started_by[e.key] = True
        per_axis = []
        for axis in sorted({e.axis for e in entries}):
            in_axis = [e for e in entries if e.axis == axis]
            facts = [e.cycles[cycle] for e in in_axis if cycle in e.cycles]
            per_axis.append(ProgressRow(
                axis=axis, cycle=cycle,
                catalogue=sum(1 for e in counted if e.axis == axis),
                deployed=sum(1 for f in facts if f.planned),
                started=sum(1 for f in facts if f.status == DONE),
                postponed=sum(1 for f in facts if f.status == POSTPONED),
                never_started=sum(1 for e in counted if e.axis == axis and not started_by.get(e.key)),
            ))
        rows += per_axis
        rows.append(ProgressRow(None, cycle, *(sum(getattr(r, name) for r in per_axis) for name in
                                               ("catalogue", "deployed", "started", "postponed", "never_started"))))
    return rows, has_catalogue


def progression_markdown(entries: list[LedgerEntry]) -> list[str]:
    """The report's short French section: one table, and what "catalogue" counts."""
    rows, has_catalogue = progression(entries)
    lines = ["## Progression du plan", ""]
    if not rows:
        return lines + ["Aucun cycle lu.", ""]
    lines.append("Par axe et par cycle ; « jamais amorcées » : actions du catalogue sans aucun cycle « entamée ou "
                 "réalisée » jusqu'à ce cycle compris." + ("" if has_catalogue else
                 " Aucun catalogue déclaré : le catalogue compté est celui des actions nommées par les documents "
                 "(voir « python -m pipeline catalogue »)."))
    lines += ["", "| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for row in rows:
        cells = row.cells()
        if row.axis is None:
            cells = [f"**{c}**" for c in cells]
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    return lines + [""]
