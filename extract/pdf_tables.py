"""Ruled tables of a PDF page: the grid from its rules, each row's cells and their text.

The rules are the page's vector edges, or, on a scanned page, the rules found in its image
(extract/ocr_image.py); the cells' text is then that of the OCR words inside each cell.
pdfplumber's table finder builds the grid from explicit edges.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.blocks import Block, BlockKind
from extract.hyphenation import join_lines, plain_hyphens
from extract.inline import normalize_space
from extract.normalize import NAME_HEADS, fold
from extract.pdf_layout import Box, LayoutSettings, make_lines, provenance_of


def inside(box: Box, bbox) -> bool:
    """Whether a word's centre is in a box (x0, top, x1, bottom)."""
    cx, cy = (box.x0 + box.x1) / 2, (box.top + box.bottom) / 2
    return bbox[0] <= cx <= bbox[2] and bbox[1] <= cy <= bbox[3]


@dataclass
class Table:
    bbox: tuple[float, float, float, float]
    # (cell texts, row box, x extent of each cell)
    rows: list[tuple[tuple[str, ...], tuple[float, float, float, float], tuple]]
    words: list[list[Box]] | None = None  # a scanned page's table: each row's OCR words


def rule_edges(page) -> list[dict]:
    """The edges a ruled table is drawn with: lines, curves, thin or outlined rectangles. A filled
    rectangle is shading or a frame around a box (both containers of the reading order, see
    pdf_boxes); its edges, joined with a page's header and footer rules, would make a false grid."""
    from pdfplumber.utils import curve_to_edges, line_to_edge, rect_to_edges

    rects = [r for r in page.rects if not r.get("fill") or min(r["width"], r["height"]) < 3]
    return ([line_to_edge(line) for line in page.lines] + [e for r in rects for e in rect_to_edges(r)]
            + [e for c in page.curves for e in curve_to_edges(c)])


def _closing_edges(edges: list[dict]) -> list[dict]:
    """Horizontal rules at the top and bottom of each run of vertical rules, so a table row
    that a page break left open is still closed."""
    verticals = sorted((e for e in edges if e["orientation"] == "v"), key=lambda e: e["top"])
    out: list[dict] = []
    group: list[dict] = []

    def close(edges: list[dict]) -> None:
        if len(edges) < 2:
            return
        x0, x1 = min(e["x0"] for e in edges), max(e["x1"] for e in edges)
        for y in (min(e["top"] for e in edges), max(e["bottom"] for e in edges)):
            out.append({"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0, "orientation": "h",
                        "object_type": "line"})

    reach = float("-inf")  # the run's lowest bottom so far (kept, not recomputed for each rule)
    for edge in verticals:
        if group and edge["top"] > reach + 2:
            close(group)
            group, reach = [], float("-inf")
        group.append(edge)
        reach = max(reach, edge["bottom"])
    close(group)
    return out


# A page whose rules, once joined, would make more crossings than this to test is a drawing
# (a map, a chart's hatching), not a table grid: pdfplumber tests every vertical rule against
# every horizontal one.
DENSEST = 250_000
_SHORTEST = 8.0  # pt: on such a page, a stroke shorter than this is the drawing's, not a rule


def _joined(edges: list[dict], vertical: bool) -> list[dict]:
    """Rules drawn in pieces (collinear, within half a point, touching or overlapping) as one,
    in one sort: what pdfplumber would join later, at the cost of a sort."""
    position, start, end = ("x0", "top", "bottom") if vertical else ("top", "x0", "x1")
    out: list[dict] = []
    for edge in sorted(edges, key=lambda e: (e[position], e[start])):
        last = out[-1] if out else None
        if last is not None and abs(edge[position] - last[position]) <= 0.5 and edge[start] <= last[end] + 0.5:
            if edge[end] > last[end]:
                out[-1] = last = {**last, end: edge[end], ("height" if vertical else "width"): edge[end] - last[start]}
            continue
        out.append(edge)
    return out


def table_edges(edges: list[dict]) -> tuple[list[dict], bool]:
    """The edges worth testing for a grid, and whether the page's drawing was too dense for one
    (then no edges). A page of a few hundred rules keeps them all; on a dense page, pieces are
    joined and short strokes left out, in one sort and one pass."""
    verticals = [e for e in edges if e["orientation"] == "v"]
    if len(verticals) * (len(edges) - len(verticals)) <= DENSEST:
        return edges, False
    verticals = [e for e in _joined(verticals, True) if e["bottom"] - e["top"] >= _SHORTEST]
    horizontals = [e for e in _joined([e for e in edges if e["orientation"] == "h"], False) if e["x1"] - e["x0"] >= _SHORTEST]
    if len(verticals) * len(horizontals) > DENSEST:
        return [], True
    return verticals + horizontals, False


def find_tables(page, edges: list[dict], words: list[Box] | None = None,
                vocabulary: frozenset[str] = frozenset(), text_words: list[Box] | None = None,
                common: frozenset[str] = frozenset()) -> list[Table]:
    """The ruled tables drawn by `edges`; the cells' text is that of the page's words
    (`text_words`), or, on a scanned page, of its OCR `words`; without either, pdfplumber's."""
    verticals = [e for e in edges if e["orientation"] == "v"]
    horizontals = [e for e in edges if e["orientation"] == "h"] + _closing_edges(edges)
    if len(verticals) < 2 or len(horizontals) < 2:
        return []  # no grid (and pdfplumber refuses explicit lines fewer than two)
    settings = {"vertical_strategy": "explicit", "horizontal_strategy": "explicit",
                "explicit_vertical_lines": verticals, "explicit_horizontal_lines": horizontals,
                "intersection_tolerance": 4}
    found = []
    source = words if words is not None else text_words
    for table in page.find_tables(settings):
        rows = []
        if source is None:
            cell_items = [[[(c or "").split("\n")] for c in row] for row in table.extract()]
        else:
            held = [w for w in source if inside(w, table.bbox)]
            cell_items = []
            for row in table.rows:
                in_row = [w for w in held if inside(w, row.bbox)]
                cell_items.append([_cell_items(c, in_row, common) for c in row.cells])
        row_words = []
        for row, cells in zip(table.rows, cell_items):
            texts = tuple("\n".join(t for t in (normalize_space(join_lines(plain_hyphens("\n".join(item)).split("\n"),
                                                                           vocabulary, cells=True)) for item in items) if t)
                          for items in cells)
            if any(texts):
                spans = tuple((c[0], c[2]) if c else None for c in row.cells)
                rows.append((texts, row.bbox, spans))
                row_words.append([w for w in words or [] if inside(w, row.bbox)])
        # A single cell is a framed box (a side column), not a table.
        if len(rows) >= 2 or (rows and sum(1 for c in rows[0][0] if c) >= 2):
            if max(len(r[0]) for r in rows) >= 2:
                found.append(Table(table.bbox, rows, row_words if words is not None else None))
    return found


# Words a name does not end with: a line ending with one goes on in the next.
_GOES_ON = re.compile(r"(?:^|\s)(?:de|du|des|d'|d’|la|le|les|l'|l’|et|à|au|aux|en|pour|sur|par|avec)$", re.IGNORECASE)
_EDGE_PUNCTUATION = re.compile(r"^[^\w]+|[^\w]+$")


def _common(word: str) -> str:
    return _EDGE_PUNCTUATION.sub("", word).lower()


def common_words(words: list[Box]) -> frozenset[str]:
    """The words a page writes in lower case somewhere: common words, not proper nouns."""
    return frozenset(_common(w.text) for w in words if w.text[:1].islower())


def _break(before, line, right: float, common: frozenset[str]) -> str | None:
    """How `line` follows the line above in a cell: "sure" when the typesetter broke the line
    above on purpose (its next word would have fitted after it) before a capital or a digit;
    "likely" when the line above is full but `line` opens with a common word set with a
    capital (one the page writes in lower case elsewhere, or a noun that opens organisations'
    names: "Centre", "Organismes") and the line above does not end with a word no name ends
    with ("Maison de la" / "Famille…"); None when it goes on (a wrap, a proper noun such as
    "Lévis" or "Chaudière-Appalaches")."""
    first = line.boxes[0]
    if not (line.text[:1].isupper() or line.text[:1].isdigit()) or before.text.endswith(("-", ",", "'", "’")):
        return None
    room = right - before.x1 - 0.3 * (before.size or 1.0)  # minus the space between words
    if room > first.x1 - first.x0:
        return "sure"
    word = _common(first.text)
    capitalised = any(c.islower() for c in first.text)  # "Centre", not a title in capitals
    if capitalised and (word in common or fold(word) in NAME_HEADS) and not _GOES_ON.search(before.text):
        return "likely"
    return None


def _cell_items(cell, words: list[Box], common: frozenset[str] = frozenset()) -> list[list[str]]:
    """The lines of the words whose centre is in a cell, grouped into the cell's items. A cell
    shown to be a list by one sure break (see `_break`) is cut at its likely breaks too; any
    other cell is one paragraph, its lines wrapped (a title whose second line opens with
    "Municipalité" stays whole)."""
    if cell is None:
        return []
    lines = make_lines([w for w in words if inside(w, cell)])
    if not lines:
        return []
    left = min(line.x0 for line in lines) - cell[0]
    right = cell[2] - max(left, 0.0)  # the text's right edge: as far from the rule as the left one
    breaks = [_break(before, line, right, common) for before, line in zip(lines, lines[1:])]
    cut = {"sure", "likely"} if "sure" in breaks else {"sure"}
    items = [[lines[0].text]]
    for kind, line in zip(breaks, lines[1:]):
        if kind in cut:
            items.append([line.text])
        else:
            items[-1].append(line.text)
    return items


def table_blocks(table: Table, page: int, settings: LayoutSettings) -> list[Block]:
    out = []
    for k, (cells, bbox, spans) in enumerate(table.rows):
        provenance, doubts = provenance_of(page, bbox, table.words[k] if table.words else [], settings)
        flat = [c.replace("\n", " ") for c in cells if c]
        out.append(Block(BlockKind.TABLE_ROW, " | ".join(flat), provenance, cells=cells, lines=(" ".join(flat),),
                         cell_spans=spans, doubts=doubts))
    return out
