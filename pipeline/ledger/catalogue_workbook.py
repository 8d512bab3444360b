"""The catalogue workbook `python -m pipeline catalogue` writes: every action seen so far, with
where it was seen, for staff to complete into the ten-year plan's full catalogue.

Its "Catalogue" sheet is the one `catalogue.WorkbookReader` reads back; a "Lisez-moi" sheet
says how to fill and declare it.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from pipeline.ledger.catalogue import COLUMNS, SHEET
from pipeline.ledger.model import LedgerEntry
from pipeline.xlsx import fit_rows, print_landscape, workbook_bytes, write_header

README = [
    "Catalogue des actions du Plan d'action 2020-2030",
    "",
    "Une ligne par action du plan décennal : axe (1 à 5), numéro dans l'axe (« 9 », « 4.b »), titre.",
    "Unité responsable, partenaires prévus : un nom par ligne de la cellule (ou séparés par « ; »).",
    "Années prévues : années ou cycles séparés par des virgules (« 2021, 2023-2024 »).",
    "Les lignes préremplies viennent des plans et bilans déjà lus (colonne Source) ; ajoutez les actions",
    "du plan qui n'ont encore jamais été déployées.",
    "",
    "Pour que la chaîne le lise : enregistrez-le dans corpus/ (par exemple corpus/catalogue-actions.xlsx)",
    "et déclarez-le dans config.yaml :   catalogue: corpus/catalogue-actions.xlsx",
    "Une ligne erronée est signalée (feuille, ligne, colonne) et ignorée ; les autres sont lues.",
]


def _names(people) -> str:
    return "\n".join(dict.fromkeys(p.name for p in people))


def catalogue_row(entry: LedgerEntry) -> list[str]:
    """The row of an action: the catalogue's word when there is one, else what plans and bilans said."""
    c = entry.catalogue
    if c is not None:
        return [entry.axis, entry.number, c.title, _names(c.units), _names(c.partners), ", ".join(c.years),
                f"{c.source}, {c.where}"]
    plan, bilan = entry.latest("plan"), entry.latest("bilan")
    units = (plan.leads if plan else []) or (bilan.leads if bilan else [])
    planned = [cycle for cycle, facts in sorted(entry.cycles.items()) if facts.planned]
    seen = sorted({f"{t.source}, {t.provenance.describe()}" for t in entry.titles})
    return [entry.axis, entry.number, entry.title or "", _names(units), "", ", ".join(planned), "\n".join(seen)]


def catalogue_workbook(entries: list[LedgerEntry]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    write_header(sheet, [(name, width) for name, width, _ in COLUMNS])
    for r, entry in enumerate(entries, start=2):
        for c, value in enumerate(catalogue_row(entry), start=1):
            cell = sheet.cell(row=r, column=c, value=value)
            cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="center" if c <= 2 else None)
            if c == 2:
                cell.number_format = "@"  # "2.10" must stay text, never the number 2.1
    last = max(sheet.max_row, 200)
    for row in range(sheet.max_row + 1, last + 1):
        sheet.cell(row=row, column=2).number_format = "@"
    axes = DataValidation(type="whole", operator="between", formula1="1", formula2="5", allow_blank=True,
                          showErrorMessage=True, errorTitle="Axe", error="Écrivez un numéro d'axe de 1 à 5.")
    axes.add(f"A2:A{last}")
    sheet.add_data_validation(axes)
    fit_rows(sheet)
    sheet.freeze_panes = "A2"
    print_landscape(sheet)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(sheet.max_row, 1)}"
    notes = book.create_sheet("Lisez-moi")
    notes.column_dimensions["A"].width = 110
    for r, line in enumerate(README, start=1):
        notes.cell(row=r, column=1, value=line)
    return workbook_bytes(book)
