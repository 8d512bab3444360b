"""The common block stream: what every reader produces and every kind parser consumes.

A reader (text, PDF, DOCX) turns a file into a flat, ordered list of blocks.
Blocks carry clean text (no conversion marks), the layout facts a parser needs
(heading level, list depth, table cells, emphasis) and their provenance, so a
record built from them can always say where each fact came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from extract.records import Provenance, Source


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE_ROW = "table_row"


@dataclass(frozen=True, slots=True)
class Span:
    """A run of inline text with its emphasis, as the reader saw it."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    superscript: bool = False
    href: str | None = None


@dataclass(slots=True)
class Block:
    """One unit of the stream: a heading, a paragraph, a list item or a table row."""

    kind: BlockKind
    text: str
    provenance: Provenance
    spans: tuple[Span, ...] = ()
    level: int = 0  # heading level (1 = top); 0 when not a heading
    depth: int = 0  # list depth (0 = top level)
    bullet: str | None = None  # the bullet glyph as written ("-", "•", "▪"...)
    list_id: int | None = None  # items of one contiguous list share an id
    cells: tuple[str, ...] = ()  # table rows only: clean text of each cell
    cell_spans: tuple[tuple[float, float] | None, ...] = ()  # PDF rows: x extent of each cell
    table_id: int | None = None  # rows of one table share an id
    lines: tuple[str, ...] = ()  # the visual lines the block was made of
    font_size: float | None = None
    bold: bool = False  # the whole block is bold
    # Where the block sits in the layout: None (main flow), "aside" (a side column
    # next to the main text) or "footnote" (page or document footnote).
    role: str | None = None
    doubts: tuple[str, ...] = ()  # words read by OCR with a low confidence, to proofread

    @property
    def is_list(self) -> bool:
        return self.kind is BlockKind.LIST_ITEM

    @property
    def is_table_row(self) -> bool:
        return self.kind is BlockKind.TABLE_ROW

    @property
    def nonempty_cells(self) -> list[str]:
        return [c for c in self.cells if c]


@dataclass(slots=True)
class BlockDocument:
    """A file read into blocks, with what identifies the file."""

    source: Source
    blocks: list[Block] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
