"""The common block stream: what every reader produces and every kind parser consumes.

A reader (text, PDF, DOCX) turns a file into a flat, ordered list of blocks.
Blocks carry clean text (no conversion marks), the layout facts a parser needs
(heading level, list depth, table cells, emphasis) and their provenance, so a
record built from them can always say where each fact came from.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


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


@dataclass(frozen=True, slots=True)
class Position:
    """Where a block sits in its file: line (text), page and box (PDF), paragraph or table (DOCX)."""

    line: int | None = None
    end_line: int | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None

    def describe(self) -> str:
        """A short French locator for messages ("ligne 12", "page 3", "paragraphe 40")."""
        if self.page is not None:
            return f"page {self.page}"
        if self.line is not None:
            return f"ligne {self.line}"
        if self.table is not None:
            return f"tableau {self.table + 1}, rangée {(self.row or 0) + 1}"
        if self.paragraph is not None:
            return f"paragraphe {self.paragraph + 1}"
        return "position inconnue"


@dataclass(slots=True)
class Block:
    """One unit of the stream: a heading, a paragraph, a list item or a table row."""

    kind: BlockKind
    text: str
    position: Position
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
class SourceInfo:
    path: str
    sha256: str
    format: str  # "txt", "pdf", "docx"


@dataclass(slots=True)
class BlockDocument:
    """A file read into blocks, with what identifies the file."""

    source: SourceInfo
    blocks: list[Block] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def source_info(path: Path, data: bytes, fmt: str) -> SourceInfo:
    return SourceInfo(path=str(path), sha256=sha256_of(data), format=fmt)
