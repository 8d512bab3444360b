"""Ruled tables of a PDF page: the grid from its rules, each row's cells and their text.

The rules are the page's vector edges, or, on a scanned page, the rules found in its image
(extract/ocr_image.py); the cells' text is then that of the OCR words inside each cell.
pdfplumber's table finder builds the grid from explicit edges.
"""

from __future__ import annotations

from dataclasses import dataclass

from extract.blocks import Block, BlockKind
from extract.hyphenation import join_lines, plain_hyphens
from extract.inline import normalize_space
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

    for edge in verticals:
        if group and edge["top"] > max(e["bottom"] for e in group) + 2:
            close(group)
            group = []
        group.append(edge)
    close(group)
    return out


def find_tables(page, edges: list[dict], words: list[Box] | None = None,
            vocabulary: frozenset[str] = frozenset()) -> list[Table]:
    """The ruled tables drawn by `edges`; the cells' text is the page's own, or, on a scanned
    page, that of its OCR `words`."""
    verticals = [e for e in edges if e["orientation"] == "v"]
    horizontals = [e for e in edges if e["orientation"] == "h"] + _closing_edges(edges)
    if len(verticals) < 2 or len(horizontals) < 2:
        return []  # no grid (and pdfplumber refuses explicit lines fewer than two)
    settings = {"vertical_strategy": "explicit", "horizontal_strategy": "explicit",
                "explicit_vertical_lines": verticals, "explicit_horizontal_lines": horizontals,
                "intersection_tolerance": 4}
    found = []
    for table in page.find_tables(settings):
        rows = []
        cell_texts = table.extract() if words is None else [[_cell_text(c, words) for c in row.cells] for row in table.rows]
        row_words = []
        for row, cells in zip(table.rows, cell_texts):
            texts = tuple(normalize_space(join_lines(plain_hyphens(c or "").split("\n"), vocabulary, cells=True)) for c in cells)
            if any(texts):
                spans = tuple((c[0], c[2]) if c else None for c in row.cells)
                rows.append((texts, row.bbox, spans))
                row_words.append([w for w in words or [] if inside(w, row.bbox)])
        # A single cell is a framed box (a side column), not a table.
        if len(rows) >= 2 or (rows and sum(1 for c in rows[0][0] if c) >= 2):
            if max(len(r[0]) for r in rows) >= 2:
                found.append(Table(table.bbox, rows, row_words if words is not None else None))
    return found


def _cell_text(cell, words: list[Box]) -> str | None:
    """The lines of the OCR words whose centre is in a cell, one per line."""
    if cell is None:
        return None
    held = [w for w in words if inside(w, cell)]
    return "\n".join(line.text for line in make_lines(held)) if held else ""


def table_blocks(table: Table, page: int, settings: LayoutSettings) -> list[Block]:
    out = []
    for k, (cells, bbox, spans) in enumerate(table.rows):
        provenance, doubts = provenance_of(page, bbox, table.words[k] if table.words else [], settings)
        out.append(Block(BlockKind.TABLE_ROW, " | ".join(c for c in cells if c), provenance, cells=cells,
                         lines=(" ".join(c for c in cells if c),), cell_spans=spans, doubts=doubts))
    return out
