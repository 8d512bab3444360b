"""What spans pages and columns in a PDF's block stream: table rows and paragraphs cut by a page
or column break glued back, and list ids and depths per column stream (main flow, side column)."""

from __future__ import annotations

import re

from extract.blocks import Block, BlockKind
from extract.hyphenation import join_lines
from extract.pdf_layout import ARROWS


def merge_broken_rows(blocks: list[Block]) -> None:
    """A table row cut by a page break continues at the top of the next page with its key
    cells empty: glue its text to the row above."""
    i = 1
    while i < len(blocks):
        row, previous = blocks[i], blocks[i - 1]
        if row.is_table_row and previous.is_table_row and row.provenance.page != previous.provenance.page:
            aligned = _align_cells(previous, row)
            if aligned is None:
                i += 1
                continue
            pairs = list(zip(previous.cells, aligned))
            # A row going on: a cell the row above filled is empty here (its number, its axis),
            # and the text resumes in lower case or fills a cell the page break left empty.
            gaps = any(a and not b for a, b in pairs)
            first = next((b for b in row.cells if b), "")
            resumes = first[:1].islower() or any(b and not a for a, b in pairs)
            if gaps and resumes:
                cells = tuple(join_lines([a, b]) if a and b else (a or b) for a, b in pairs)
                previous.cells = cells
                previous.text = " | ".join(c for c in cells if c)
                previous.doubts += row.doubts
                del blocks[i]
                continue
        i += 1


def _next_column(before: Block, block: Block) -> bool:
    """Whether `block` starts where text cut at the end of `before` goes on: the next page, or
    the top of the next column of the same page (higher up, to the right)."""
    if block.provenance.page == before.provenance.page + 1:
        return True
    a, b = before.provenance.bbox, block.provenance.bbox
    return block.provenance.page == before.provenance.page and a is not None and b is not None \
        and b[1] < a[1] and b[0] >= a[2] - 1


def _title_goes_on(before: Block, block: Block) -> bool:
    """A bold title cut by a column or page break goes on in bold, maybe with a capital (a name:
    "…par le Carrefour" + "Action Municipale…"), never with a number (the next title)."""
    return before.bold and block.bold and block.text[:1].isalpha() and before.text[-1:].isalpha()


def carry_asides(blocks: list[Block]) -> None:
    """A side column cut by a page break (a layout table's row split across pages) goes on at
    the top of the next page in the same column: the blocks there, inside the column the page
    before ended on, are side text too, unless they finish a main paragraph cut mid-sentence."""
    ended: Block | None = None  # the side block the previous page ended on
    column: tuple[float, float] | None = None  # the x extent of the side column being carried
    side_run = (0.0, 0.0)  # the x extent of the side blocks read last, in a row
    main: Block | None = None  # the main stream's last block
    page = None
    for k, block in enumerate(blocks):
        if block.role == "footnote":
            continue
        if block.provenance.page != page:
            page = block.provenance.page
            column = None
            if ended is not None and _beside_text(ended, blocks, k):
                column = side_run
        bbox = block.provenance.bbox
        if column and bbox and (bbox[0] > column[1] or bbox[2] < column[0]):
            pass  # the text beside the side column: the carry goes on under it
        elif column and block.role is None and bbox and not block.is_table_row:
            size = block.font_size or 10
            # From the column's left edge to a hanging indent (the rest of a wrapped item).
            if (column[0] - 0.5 * size <= bbox[0] <= column[0] + 2.5 * size and bbox[2] <= column[1] + 4 * size
                    and not (block.text[:1].islower() and _unfinished(main) and not _unfinished(ended))
                    and not (block.bold and not block.text.rstrip().endswith(":"))):  # a heading
                block.role = "aside"
            else:
                column = None
        elif block.role != "aside":
            column = None
        if block.role == "aside" and bbox:
            same = ended is not None and ended.provenance.page == block.provenance.page
            side_run = (min(side_run[0], bbox[0]), max(side_run[1], bbox[2])) if same else (bbox[0], bbox[2])
        ended = block if block.role == "aside" else None
        if block.role is None:
            main = block


def _beside_text(side: Block, blocks: list[Block], end: int) -> bool:
    """Whether a side block's page has main text in another column (a side column, not a box
    set across its column)."""
    a = side.provenance.bbox
    for k in range(end - 1, -1, -1):
        block = blocks[k]
        if block.provenance.page != side.provenance.page:
            return False
        b = block.provenance.bbox
        if block.role is None and b and (b[2] < a[0] or a[2] < b[0]):
            return True
    return False


def _unfinished(block: Block | None) -> bool:
    """A paragraph cut mid-sentence (what starts in lower case on the next page goes on it)."""
    return block is not None and not re.search(r"[.!?:;»)]$", block.text)


def merge_broken_paragraphs(blocks: list[Block]) -> None:
    """A paragraph or list item cut by a page or column break goes on at the top of the next page
    or column, in the same font, starting in lower case: glue it back."""
    last_in_stream: dict[str | None, int] = {}
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.role == "band":
            last_in_stream.clear()  # a band heading ends every stream
        if block.role in ("footnote", "band") or block.is_table_row:
            i += 1
            continue
        j = last_in_stream.get(block.role)
        if j is not None and block.kind is BlockKind.PARAGRAPH:
            before = blocks[j]
            # Under the item's text, not its bullet: on the page (same margins), or from each
            # column's left edge (the provisional depth) when the text goes on in another column.
            indent = 0.5 * (block.font_size or 10)
            hanging = before.kind is BlockKind.LIST_ITEM and (
                block.depth > before.depth + 0.8 * indent
                or bool(before.provenance.bbox and block.provenance.bbox
                        and block.provenance.bbox[0] > before.provenance.bbox[0] + indent))
            if (before.provenance.page is not None and _next_column(before, block)
                    and before.kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM)
                    and (block.text[:1].islower() or hanging or _title_goes_on(before, block))
                    and not re.search(r"[.!?:;»]$", before.text)
                    and before.font_size == block.font_size and before.bold == block.bold):
                before.text = join_lines([before.text, block.text])
                before.lines = before.lines + block.lines
                before.doubts += block.doubts
                del blocks[i]
                continue
        last_in_stream[block.role] = i
        i += 1


def _align_cells(previous: Block, row: Block) -> tuple[str, ...] | None:
    """The row's cell texts laid on the previous row's columns (the table finder may cut a
    page's columns differently), by horizontal overlap; None when they cannot be matched."""
    if len(row.cells) == len(previous.cells):
        return row.cells
    if not previous.cell_spans or not row.cell_spans:
        return None
    out = [""] * len(previous.cells)
    for text, span in zip(row.cells, row.cell_spans):
        if not text:
            continue
        if span is None:
            return None
        overlaps = [(min(span[1], p[1]) - max(span[0], p[0]) if p else -1, k) for k, p in enumerate(previous.cell_spans)]
        best, k = max(overlaps)
        if best <= 0:
            return None
        out[k] = join_lines([out[k], text]) if out[k] else text
    return tuple(out)


def assign_lists(blocks: list[Block]) -> None:
    """List ids and depths per column stream (main flow, side column): a list goes on across
    a page break or a side box; footnotes never interrupt it. An item's indent is measured from
    the left edge of its column on its page (where that page's items of the stream start), so
    that a box cutting the column into segments, or a page of another layout, changes nothing."""
    lefts = _column_lefts(blocks)
    next_id = 0
    state: dict[str | None, tuple[int | None, list[float], bool]] = {}
    for k, block in enumerate(blocks):
        if block.role in ("footnote", "band"):
            block.depth = 0
            if block.role == "band":
                state.clear()  # a band heading ends every list
            continue
        stream = block.role
        list_id, stack, arrows = state.get(stream, (None, [], False))
        if block.kind is not BlockKind.LIST_ITEM:
            state[stream] = (None, [], False)
            block.depth = 0
            continue
        x = block.provenance.bbox[0] - lefts[k] if k in lefts else float(block.depth)
        tolerance = 0.6 * (block.font_size or 10)
        is_arrow = bool(block.bullet) and block.bullet in ARROWS
        if list_id is None or is_arrow != arrows:
            next_id += 1
            list_id, stack = next_id, [x]
        else:
            while stack and x < stack[-1] - tolerance:
                stack.pop()
            if not stack or x > stack[-1] + tolerance:
                stack.append(x)
        block.list_id = list_id
        block.depth = max(len(stack) - 1, 0)
        state[stream] = (list_id, stack, is_arrow)


def _column_lefts(blocks: list[Block]) -> dict[int, float]:
    """For each list item, the left edge of its column on its page: the leftmost start of the
    page's items of the same stream that share its column (overlap it horizontally)."""
    groups: dict[tuple, list[int]] = {}
    for k, block in enumerate(blocks):
        if block.kind is BlockKind.LIST_ITEM and block.provenance.bbox and block.role not in ("footnote", "band"):
            groups.setdefault((block.provenance.page, block.role), []).append(k)
    lefts: dict[int, float] = {}
    for members in groups.values():
        for k in members:
            a = blocks[k].provenance.bbox
            lefts[k] = min(blocks[j].provenance.bbox[0] for j in members
                           if not (blocks[j].provenance.bbox[2] < a[0] or a[2] < blocks[j].provenance.bbox[0]))
    return lefts
