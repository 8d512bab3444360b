"""The columns of a region of a PDF page: gutters wide or narrow (a side column set close to
the text beside it), found from word boxes with thresholds relative to the document's body
font size. Used by the reading order (extract/pdf_xycut.py)."""

from __future__ import annotations

from collections import Counter

from extract.pdf_layout import Box, LayoutSettings, is_bullet_char, make_lines


def split(boxes: list[Box], lo: str, hi: str, min_gap: float, box_gap: float | None = None) -> list[list[Box]]:
    """Split boxes where their projection on one axis leaves a gap of at least min_gap; next to a
    box container (a drawn frame or shade), any gap of `box_gap` separates: the frame says so."""
    ordered = sorted(boxes, key=lambda b: getattr(b, lo))
    groups: list[list[Box]] = []
    end = None
    end_is_box = False
    for box in ordered:
        is_box = box.container is not None
        gap = box_gap if box_gap is not None and (is_box or end_is_box) else min_gap
        far = box.reach if hi == "x1" and box.reach is not None else getattr(box, hi)
        if end is None or getattr(box, lo) - end >= gap:
            groups.append([box])
            end, end_is_box = far, is_box
        else:
            groups[-1].append(box)
            if far >= end:
                end, end_is_box = far, is_box
    return groups


def bind_bullets(words: list[Box], body_size: float) -> None:
    """Give each bullet glyph that opens a line the x where its text starts: however wide the
    hanging indent, no column cut separates a bullet from its item. (A dash inside a sentence
    follows a word at a word space: it opens nothing.)"""
    for line in make_lines(words):
        previous = None
        for glyph, word in zip(line.boxes, line.boxes[1:]):
            opens = previous is None or glyph.x0 - previous.x1 >= LayoutSettings.gutter * body_size
            if opens and len(glyph.text) == 1 and is_bullet_char(glyph.text) and word.x0 - glyph.x1 < 4 * body_size:
                glyph.reach = word.x0
            previous = glyph


def extent(boxes: list[Box]) -> tuple[float, float, float, float]:
    return min(b.x0 for b in boxes), min(b.top for b in boxes), max(b.x1 for b in boxes), max(b.bottom for b in boxes)


def glue_bullets(columns: list[list[Box]]) -> list[list[Box]]:
    """A column of bullet glyphs alone is the bullets of the list to its right (a wide hanging
    indent), never a column of its own."""
    out: list[list[Box]] = []
    pending: list[Box] = []
    for column in columns:
        if all(len(b.text) == 1 and is_bullet_char(b.text) for b in column) and all(b.container is None for b in column):
            pending += column
            continue
        out.append(pending + column)
        pending = []
    if pending:
        if out:
            out[-1] += pending
        else:
            out.append(pending)
    return out


def find_columns(boxes: list[Box], settings: LayoutSettings,
             hint: tuple[float, float] | None = None) -> tuple[list[list[Box]], bool]:
    """The region's columns, parted by a gutter or, failing one, by a narrow gutter (its own,
    over a long run, or the enclosing region's where no word crosses it); and whether it took a
    narrow one."""
    size = settings.body_size
    columns = glue_bullets(split(boxes, "x0", "x1", settings.gutter * size, box_gap=0.3 * size))
    if len(columns) > 1:
        return columns, False
    narrow = narrow_gutter(boxes, settings)
    if narrow:
        return narrow, True
    hint = hint or settings.gutter_hint
    if hint is not None:
        before = [b for b in boxes if max(b.x1, b.reach or b.x1) <= hint[0] + 0.5]
        after = [b for b in boxes if b.x0 >= hint[1] - 0.5]
        if before and after and len(before) + len(after) == len(boxes):
            return [before, after], True
    return columns, False


def shared_gutter(pages: list[list[Box]], settings: LayoutSettings) -> tuple[float, float] | None:
    """The narrow gutter the document's pages show most (a side column's edge repeated page
    after page), for the rows too short to show it themselves."""
    edges: Counter = Counter()
    for boxes in pages:
        columns = narrow_gutter(boxes, settings) if boxes else None
        if columns:
            edges[round(extent(columns[1])[0])] += 1
    if not edges:
        return None
    edge, count = edges.most_common(1)[0]
    return (edge - settings.narrow_gutter * settings.body_size, edge) if count >= 2 else None


_ALIGNED_LINES = 3  # lines that must start on a narrow gutter's far edge


def narrow_gutter(boxes: list[Box], settings: LayoutSettings) -> list[list[Box]] | None:
    """Columns parted by a gutter narrower than usual (a side column set close to the text
    beside it). Each column has lines of its own (one column at least three), and the lines of
    a column after the gutter start on a common left edge, which a river of word spaces in
    justified text never gives."""
    size = settings.body_size
    columns = glue_bullets(split(boxes, "x0", "x1", settings.narrow_gutter * size, box_gap=0.3 * size))
    if len(columns) < 2:
        return None
    counts = []
    for k, column in enumerate(columns):
        lines = make_lines([b for b in column if b.container is None and b.table is None])
        boxed = any(b.container is not None for b in column)
        if len(lines) < 2 and not boxed:
            return None
        counts.append(len(lines) if not boxed else _ALIGNED_LINES)
        if k and lines:
            starts = Counter(round(line.x0) for line in lines)
            if max(starts[x - 1] + starts[x] + starts[x + 1] for x in starts) < min(_ALIGNED_LINES, len(lines)):
                return None
    return columns if max(counts) >= _ALIGNED_LINES else None
