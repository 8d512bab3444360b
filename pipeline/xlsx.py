"""What every workbook of the tool shares: the header row style, reproducible bytes, and a cell
read back as text."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from pipeline.files import REPRODUCIBLE_DATE, stable_zip

HEADER_FILL = PatternFill("solid", fgColor="1D4F91")


def unreadable_reason(exc: Exception) -> str:
    """Why openpyxl could not open a workbook, in French (never the exception's class name)."""
    import zipfile

    if isinstance(exc, zipfile.BadZipFile):
        return "pas un classeur .xlsx valide, ou fichier tronqué"
    if isinstance(exc, KeyError):
        return "une partie du classeur manque"
    if isinstance(exc, OSError):
        return "lecture impossible"
    return "contenu endommagé"


def cell_text(value) -> str:
    """A cell's value as the text typed in it: a whole number stays whole ("7", not "7.0")."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def write_header(sheet, columns: list[tuple[str, float]], row: int = 1) -> None:
    """A bold white-on-blue header row, with the column widths."""
    for col, (title, width) in enumerate(columns, start=1):
        cell = sheet.cell(row=row, column=col, value=title)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(col)].width = width


def fit_rows(sheet, first_row: int = 2) -> None:
    """Give each row the height its wrapped text needs: spreadsheet programs do not size rows
    written by openpyxl, and printed or on screen the lines of a tall cell would overlap.
    Lines per cell: its own lines, each wrapped at the column's width in characters."""
    widths = {letter: dim.width or 10 for letter, dim in sheet.column_dimensions.items()}
    for row in sheet.iter_rows(min_row=first_row):
        lines = 1
        for cell in row:
            if cell.value is None:
                continue
            width = max(widths.get(cell.column_letter, 10) * 1.1, 1)
            lines = max(lines, sum(max(1, -(-len(part) // int(width))) for part in str(cell.value).split("\n")))
        sheet.row_dimensions[row[0].row].height = 15 * lines


def print_landscape(sheet) -> None:
    """Printed, the sheet fits the page's width, landscape, its header row on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.print_title_rows = "1:1"


def workbook_bytes(book: Workbook) -> bytes:
    """The workbook's bytes with fixed dates, so two builds give the same file."""
    book.properties.created = book.properties.modified = REPRODUCIBLE_DATE
    book.properties.creator = "pipeline"
    buffer = io.BytesIO()
    book.save(buffer)
    return stable_zip(buffer.getvalue())
