"""Rows as tall as their wrapped text: a cell's own lines, each wrapped at its column's width."""

from openpyxl import Workbook

from pipeline.xlsx import fit_rows


def test_rows_take_the_height_of_their_tallest_cell():
    book = Workbook()
    sheet = book.active
    sheet.column_dimensions["A"].width = 10
    sheet.column_dimensions["B"].width = 20
    sheet.append(["En-tête", "En-tête"])
    sheet.append(["court", "un\ndeux\ntrois"])  # three lines of its own
    sheet.append(["x" * 30, "court"])  # 30 characters wrapped at 11 per line: three lines
    sheet.append(["court", None])
    fit_rows(sheet)
    assert [sheet.row_dimensions[r].height for r in (2, 3, 4)] == [45, 45, 15]
    assert sheet.row_dimensions[1].height is None  # the header row is left to its style
