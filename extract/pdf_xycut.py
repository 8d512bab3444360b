"""Reading order of a PDF page: a recursive XY-cut on word boxes, with thresholds relative to
the document's body font size (never fixed coordinates).

* A region whose columns are alike (a newspaper layout) is read column by column; bands that
  whitespace cuts by chance stay in their column run, unless a column stops and resumes lower
  down (the rows of a borderless layout table).
* A region with a side column (the bilan's "Responsable municipal / Partenaires" box, on either
  side: narrower, shaded, or made of drawn boxes) is first cut into horizontal bands at the
  whitespace that crosses both columns, and each band is read main column first, then its side
  column, so that each fiche keeps its own side box; a side column of several boxes pairs each
  box with the text beside it.
* A gutter narrower than usual counts when the lines beyond it start on one edge; a heading set
  too tight above columns for a whitespace cut comes off first; a bullet glyph never leaves the
  item it bullets.
"""

from __future__ import annotations

import statistics

from extract.pdf_columns import extent, find_columns, split
from extract.pdf_layout import Box, LayoutSettings, Region, make_lines


def _inside_shade(boxes: list[Box], shaded: list[tuple[float, float, float, float]]) -> bool:
    x0, top, x1, bottom = extent(boxes)
    return any(sx0 - 2 <= x0 and x1 <= sx1 + 2 and stop - 2 <= top and bottom <= sbottom + 2 for sx0, stop, sx1, sbottom in shaded)


def _aside_index(columns: list[list[Box]], settings: LayoutSettings) -> int | None:
    """Which of two columns is a side column (narrower, alone in a shaded box, or made only of
    boxes beside plain text: a layout table's cells), if any."""
    if len(columns) != 2:
        return None
    boxed = [all(b.container is not None for b in c) for c in columns]
    if boxed[0] != boxed[1] and not any(b.container is not None for b in columns[boxed.index(False)]):
        return boxed.index(True)
    widths = [extent(c)[2] - extent(c)[0] for c in columns]
    shaded = [_inside_shade(c, settings.shaded) for c in columns]
    if shaded[0] != shaded[1]:
        return 0 if shaded[0] else 1
    narrow = 0 if widths[0] < widths[1] else 1
    if widths[narrow] < settings.aside_ratio * widths[1 - narrow]:
        return narrow
    return None


def _occupied(boxes: list[Box], gutter: float) -> list[tuple[float, float]]:
    """The x intervals a run of boxes covers, closer than a gutter merged."""
    return _union([], [(b.x0, max(b.x1, b.reach or b.x1)) for b in boxes], gutter)


def _union(a: list[tuple[float, float]], b: list[tuple[float, float]], gutter: float) -> list[tuple[float, float]]:
    """Two sets of x intervals as one, intervals closer than a gutter merged."""
    out: list[tuple[float, float]] = []
    for x0, x1 in sorted(a + b):
        if out and x0 - out[-1][1] < gutter:
            out[-1] = (out[-1][0], max(out[-1][1], x1))
        else:
            out.append((x0, x1))
    return out


def _column_runs(bands: list[list[Box]], gutter: float, body_size: float) -> list[list[list[Box]]]:
    """Consecutive bands grouped while, together, they still leave a gutter: the page's lines
    agree on it. A band that covers the gutter (a full-width title or table) stands alone, and
    so does a title set below the end of every other column (the next section's heading)."""
    runs: list[list[list[Box]]] = []
    covered: list[tuple[float, float]] = []
    for band in bands:
        mine = _occupied(band, gutter)
        merged = _union(covered, mine, gutter) if runs else mine
        if runs and len(merged) > 1 and not _afterfind_columns(runs[-1], band, merged, body_size):
            runs[-1].append(band)
            covered = merged
        else:
            runs.append([band])
            covered = mine
    return [part for run in runs for part in _table_rows(run, gutter, body_size)]


def _table_rows(run: list[list[Box]], gutter: float, body_size: float) -> list[list[list[Box]]]:
    """A run that is the rows of a borderless layout table, cut into its rows. Text flowing in
    columns never stops in one column and resumes lower down while the others go on; a table's
    cells do (a short cell beside a long one). In such a run, a row opens on each band where
    every column starts at the band's top."""
    counts = [len(_occupied(band, gutter)) for band in run]
    widest = max(counts)
    resumed = any(c < widest and widest in counts[k + 1:] for k, c in enumerate(counts))
    if widest < 2 or not resumed:
        return [run]
    rows: list[list[list[Box]]] = [[run[0]]]
    for band in run[1:]:
        if _opens_row(band, gutter, body_size, widest):
            rows.append([band])
        else:
            rows[-1].append(band)
    return rows


def _opens_row(band: list[Box], gutter: float, body_size: float, columns: int) -> bool:
    tops = [min(b.top for b in band if x0 <= b.x0 and b.x1 <= x1) for x0, x1 in _occupied(band, gutter)]
    return len(tops) == columns and max(tops) - min(tops) <= 0.2 * body_size


def _afterfind_columns(run: list[list[Box]], band: list[Box], columns: list[tuple[float, float]], body_size: float) -> bool:
    """A heading (larger than the body text) in the first column only, below the end of every
    other column: it follows the columns instead of ending the first one."""
    if len(columns) < 2 or max(b.x1 for b in band) > columns[0][1] + 1:
        return False
    sizes = [b.size for b in band if b.text]
    if not sizes or statistics.median(sizes) < 1.15 * body_size:
        return False
    others = [b.bottom for r in run for b in r if b.x0 >= columns[1][0] - 1]
    return bool(others) and min(b.top for b in band) > max(others) + body_size


def _pair_sidefind_columns(columns: list[list[Box]]) -> list[list[list[Box]]]:
    """Columns grouped for reading: a column made only of boxes (side boxes beside the text of a
    page column) goes with the nearest text column, so each fiche keeps its own box when page
    columns and side columns alternate."""
    groups: list[list[list[Box]]] = [[c] for c in columns]
    side = [all(b.container is not None for b in c) for c in columns]
    for k in range(len(columns)):
        if not side[k]:
            continue
        gaps = []
        if k > 0 and not side[k - 1]:
            gaps.append((extent(columns[k])[0] - extent(columns[k - 1])[2], k - 1))
        if k + 1 < len(columns) and not side[k + 1]:
            gaps.append((extent(columns[k + 1])[0] - extent(columns[k])[2], k + 1))
        if gaps:
            _, neighbour = min(gaps)
            groups[neighbour] = sorted(groups[neighbour] + groups[k], key=lambda c: extent(c)[0])
            groups[k] = []
    return [g for g in groups if g]


def xycut(boxes: list[Box], left: float, settings: LayoutSettings, role: str | None = None, depth: int = 0,
          right: float | None = None, hint: tuple[float, float] | None = None) -> list[Region]:
    """Order the boxes of a region into column segments (see the module docstring). `hint` is a
    narrow gutter the enclosing region showed, for rows too short to show it themselves."""
    if not boxes:
        return []
    right = right if right is not None else max(b.x1 for b in boxes)
    if depth > 40:
        return [Region(boxes, left, role, right)]
    size = settings.body_size
    columns, narrow = find_columns(boxes, settings, hint)
    if narrow and len(split(boxes, "top", "bottom", settings.band_gap * size)) > 1:
        # A narrow gutter is weaker evidence than whitespace across the whole region: rows first
        # (a borderless layout table's rows), each row's columns then.
        hint = (extent(columns[0])[2], extent(columns[1])[0])
        columns = [boxes]
    if len(columns) > 1 and _heading_across(boxes, columns, settings):
        out = _heading_first(boxes, left, settings, role, depth, right, hint)
        if out is not None:
            return out
    if len(columns) > 2:
        columns = _pair_sidefind_columns(columns)
        if len(columns) > 1 and any(len(c) > 1 for c in columns):
            out = []
            for group in columns:
                group_boxes = [b for column in group for b in column]
                out += xycut(group_boxes, min(b.x0 for b in group_boxes), settings, role, depth + 1,
                             max(b.x1 for b in group_boxes))
            return out
        columns = [c for group in columns for c in group]
    aside = _aside_index(columns, settings) if len(columns) > 1 else None
    if len(columns) > 1 and aside is None:
        parts = _section_break(boxes, columns, settings)
        if parts is not None:
            above, below = parts
            return (xycut(above, left, settings, role, depth + 1, right, hint)
                    + xycut(below, left, settings, role, depth + 1, right, hint))
        out: list[Region] = []
        for column in columns:
            out += xycut(column, min(b.x0 for b in column), settings, role, depth + 1, max(b.x1 for b in column))
        return out
    bands = split(boxes, "top", "bottom", settings.band_gap * size)
    if len(bands) > 1:
        # Columns alike: whitespace that happens to cross every column at one height is no
        # section break; only a band that spans a gutter (a title, a table) ends the columns.
        groups = _column_runs(bands, settings.gutter * size, size) if aside is None else [[b] for b in bands]
        if len(groups) == 1:
            groups = [[b] for b in bands]
        out = []
        for group in groups:
            group_boxes = [b for band in group for b in band]
            inside = aside is not None and _within(group_boxes, columns[aside], columns[1 - aside])
            # A band of the main text keeps the main column's measure, not the side column's.
            measure = right if aside is None or inside else min(right, max(b.x1 for b in columns[1 - aside]))
            out += xycut(group_boxes, left, settings, "aside" if inside else role, depth + 1, measure, hint)
        return out
    if aside is not None:
        main, side = columns[1 - aside], columns[aside]
        main_left = left if aside else min(b.x0 for b in main)
        out = []
        for text, box in _beside_boxes(main, side):
            if text:
                out += xycut(text, main_left, settings, role, depth + 1, max(b.x1 for b in main))
            if box:
                out += xycut(box, min(b.x0 for b in box), settings, "aside", depth + 1, max(b.x1 for b in box))
        return out
    return _heading_first(boxes, left, settings, role, depth, right, hint) or [Region(boxes, left, role, right)]


def _heading_first(boxes: list[Box], left: float, settings: LayoutSettings, role: str | None, depth: int,
                   right: float, hint: tuple[float, float] | None) -> list[Region] | None:
    """A heading over columns, too tight above them for a whitespace cut: the heading, then the
    columns' reading order; None when the region has no such heading."""
    peeled = _peel_heading(boxes, settings)
    if peeled is None:
        return None
    heading, rest = peeled
    return [Region(heading, left, role, right)] + xycut(rest, left, settings, role, depth + 1, right, hint)


def _section_break(boxes: list[Box], columns: list[list[Box]], settings: LayoutSettings):
    """The columns of one section, then a heading over the next section's columns, set on a short
    measure (within one column) with whitespace across the page above it and nothing beside it:
    (boxes above, boxes from the heading on). Read column by column, the heading would end the
    first column, before the previous section's other columns. A subheading inside a column is
    no break: the other columns' text goes on beside it. None when there is no such heading."""
    size = settings.body_size
    bands = split(boxes, "top", "bottom", settings.band_gap * size)
    for k in range(1, len(bands)):
        words = [b for b in bands[k] if b.table is None and b.container is None and b.text]
        if not words or not _first_line_larger(words, size):
            continue
        lines = make_lines(words)[:_PEEL_LINES]
        count = next((n for n, line in enumerate(lines) if line.size < 1.15 * size), len(lines))
        heading = [b for line in lines[:count] for b in line.boxes]
        if not heading:  # a first line larger by its tallest word, but not by its line's size
            continue
        top, bottom = min(b.top for b in heading), max(b.bottom for b in heading)
        ids = {id(b) for b in heading}
        held = sum(any(id(b) in ids for b in column) for column in columns)
        beside = [b for b in bands[k] if id(b) not in ids and b.top < bottom + 0.2 * size]
        above = [b for band in bands[:k] for b in band]
        if held == 1 and not beside and above and len(find_columns(above, settings)[0]) > 1 and top > max(
                b.bottom for b in above) + size:
            return above, [b for band in bands[k:] for b in band]
    return None


def _first_line(words: list[Box], body_size: float) -> list[Box]:
    top = min(b.top for b in words)
    return [b for b in words if b.top < top + 0.5 * body_size]


def _first_line_larger(words: list[Box], body_size: float) -> bool:
    """Whether the words on top are set larger than the body text (a heading), at a glance."""
    return statistics.median(b.size for b in _first_line(words, body_size)) >= 1.15 * body_size


def _heading_across(boxes: list[Box], columns: list[list[Box]], settings: LayoutSettings) -> bool:
    """Whether the region's first line is set larger than the body text and has words in more
    than one column: a heading the column cut would tear apart."""
    words = [b for b in boxes if b.table is None and b.container is None and b.text]
    if not words or not _first_line_larger(words, settings.body_size):
        return False
    ids = {id(b) for b in _first_line(words, settings.body_size)}
    return sum(any(id(b) in ids for b in column) for column in columns) > 1


_PEEL_LINES = 3  # a heading set tight above columns: at most three lines


def _peel_heading(boxes: list[Box], settings: LayoutSettings) -> tuple[list[Box], list[Box]] | None:
    """A heading set too tight above columns for a whitespace cut (an axis title right above a
    layout table's cells): its lines, larger than the body text and above everything else, come
    off when what remains splits into columns."""
    size = settings.body_size
    words = [b for b in boxes if b.table is None and b.container is None]
    if not words or not _first_line_larger(words, size):
        return None  # most regions: no look at their lines needed
    lines = make_lines(words)
    count = 0
    while count < min(len(lines), _PEEL_LINES) and lines[count].size >= 1.15 * size:
        count += 1
    if not count or len(lines) == count:
        return None
    heading = {id(b) for line in lines[:count] for b in line.boxes}
    rest = [b for b in boxes if id(b) not in heading]
    if min(b.top for b in rest) < lines[count - 1].bottom - 0.2 * size:
        return None  # something beside the heading: it is no heading over columns
    if len(find_columns(rest, settings)[0]) < 2:
        return None
    return [b for line in lines[:count] for b in line.boxes], rest


def _within(boxes: list[Box], side: list[Box], main: list[Box]) -> bool:
    """Whether a band cut from a region with a side column holds only side-column text (the end
    of a side box that runs longer than the text beside it): it stays in the side stream."""
    x0, _, x1, _ = extent(side)
    main_x0, _, main_x1, _ = extent(main)
    return all(x0 - 1 <= b.x0 and b.x1 <= x1 + 1 and (b.x1 <= main_x0 or b.x0 >= main_x1) for b in boxes)


def _beside_boxes(main: list[Box], side: list[Box]) -> list[tuple[list[Box], list[Box]]]:
    """The text beside a side column, paired with it. A side column of several boxes (a layout
    table's cells, one per fiche, with no whitespace across the row) pairs each box with the text
    from its top to the next box's top; any other side column goes after all its text."""
    boxes = sorted((b for b in side if b.container is not None), key=lambda b: b.top)
    if len(boxes) < 2 or len(boxes) != len(side):
        return [(main, side)]
    tops = [b.top for b in boxes[1:]]
    slices: list[list[Box]] = [[] for _ in range(len(boxes) + 1)]
    for word in main:
        middle = (word.top + word.bottom) / 2
        slices[0 if middle < boxes[0].top else 1 + sum(middle >= t for t in tops)].append(word)
    return [(slices[0], [])] + [(slices[k + 1], [box]) for k, box in enumerate(boxes)]
