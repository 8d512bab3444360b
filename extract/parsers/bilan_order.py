"""The order a bilan's blocks are read in, whatever side of its fiche a layout sets the box on.

A fiche is its numbered title (TITLE), its achievements and notes, and its box of leads and
partners. The text layout writes the box after the achievements; a brochure may set it above the
title: such a layout is recognised (its axes open on a box) and each box is read after its fiche.
"""

from __future__ import annotations

import re

from extract.blocks import Block
from extract.normalize import fold
from extract.parsers.common import label_of

TITLE = re.compile(r"^(?P<num>\d{1,2}(?:\s*\.\s*\(?[a-z]\)|\s*\.\s*[a-z](?=[\s.)]))?)\s*[.)]?\s+(?P<title>[A-ZÀ-ÖØ-Ý«].*)$")


def _is_title(block: Block) -> bool:
    return not block.is_list and not block.is_table_row and block.role != "aside" and bool(TITLE.match(block.text))


def boxes_come_first(blocks: list[Block], headings) -> bool:
    """Whether this layout sets each fiche's side box above its title: then an axis opens on a
    box, where a layout with boxes below (or beside) opens on a title."""
    votes = 0
    for start, _, _, taken in headings:
        first = next((b for b in blocks[start + taken:] if b.role != "band" and b.kind.value != "heading"), None)
        if first is not None:
            votes += 1 if first.role == "aside" and label_of(first) else -1 if _is_title(first) else 0
    return votes > 0


def reading_order(blocks: list[Block], indices: range, boxes_first: bool) -> list[int]:
    """Block indices of an axis in the order the parser reads them: where boxes come first, each
    box is moved after the fiche it opens (its title and achievements), as the text has it."""
    order = list(indices)
    if not boxes_first:
        return order
    out: list[int] = []
    k = 0
    while k < len(order):
        if blocks[order[k]].role != "aside":
            out.append(order[k])
            k += 1
            continue
        box_end = k
        while box_end < len(order) and blocks[order[box_end]].role == "aside":
            box_end += 1
        box = order[k:box_end]
        j = box_end
        if j < len(order) and _is_title(blocks[order[j]]):
            j += 1
            while j < len(order) and not _fiche_boundary(blocks[order[j]]):
                j += 1
        out += order[box_end:j] + box
        k = j
    return out


def _fiche_boundary(block: Block) -> bool:
    return (block.role in ("aside", "band", "footnote") or _is_title(block) or bool(label_of(block))
            or not block.is_list and fold(block.text).startswith("occasions saisies"))
