"""What every workbook of the tool shares: the header row style and reproducible bytes."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from pipeline.files import REPRODUCIBLE_DATE, stable_zip

HEADER_FILL = PatternFill("solid", fgColor="1D4F91")


def write_header(sheet, columns: list[tuple[str, float]], row: int = 1) -> None:
    """A bold white-on-blue header row, with the column widths."""
    for col, (title, width) in enumerate(columns, start=1):
        cell = sheet.cell(row=row, column=col, value=title)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(col)].width = width


def workbook_bytes(book: Workbook) -> bytes:
    """The workbook's bytes with fixed dates, so two builds give the same file."""
    book.properties.created = book.properties.modified = REPRODUCIBLE_DATE
    book.properties.creator = "pipeline"
    buffer = io.BytesIO()
    book.save(buffer)
    return stable_zip(buffer.getvalue())
