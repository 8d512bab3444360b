"""A bilan's SOMMAIRE table: for each axis, the actions planned, those started or done, and the
opportunities seized; then the totals."""

from __future__ import annotations

import re

from extract.normalize import fold
from extract.parsers.common import ParseContext, prov
from extract.records import SummaryRow

_SUMMARY_LABEL = re.compile(r"^(?P<axis>\d)\s*[.)-]\s*(?P<label>.+)$")


def parse_summary(ctx: ParseContext, indices: list[int]) -> list[SummaryRow]:
    """SOMMAIRE rows: an axis label (or none for the totals) and up to three counts; a count
    left blank (a draft to complete) is None."""
    rows: list[SummaryRow] = []
    header: list[int] = []
    for i in indices:
        block = ctx.blocks[i]
        if not block.is_table_row or not block.nonempty_cells:
            continue
        if "axe d'intervention" in fold(block.text):
            header.append(i)
            continue
        cells = list(block.cells)
        label_at = next((k for k, c in enumerate(cells) if c and not re.fullmatch(r"\d{1,4}", c)), None)
        values = cells[label_at + 1:] if label_at is not None else [c for c in cells if c][-3:]
        if label_at is not None and any(c and not re.fullmatch(r"\d{1,4}", c) for c in values):
            continue
        counts = [int(c) if c else None for c in values][:3]
        if not any(v is not None for v in counts) or len(counts) < 3 and label_at is None:
            continue
        counts += [None] * (3 - len(counts))
        if label_at is not None and fold(cells[label_at]).startswith("total"):
            axis, label = None, "Total"  # the totals row, labelled
        elif label_at is not None:
            m = _SUMMARY_LABEL.match(cells[label_at])
            if not m:
                continue
            axis, label = int(m.group("axis")), m.group("label")
        else:
            axis, label = None, "Total"
        rows.append(SummaryRow(axis=axis, label=label, planned=counts[0], started_or_done=counts[1],
                               opportunities=counts[2], provenance=prov(block)))
        ctx.use(i)
    if rows:
        ctx.use(*header)  # the header row of the summary table is structure, not data
    return rows
