"""The ledger as an Excel workbook for staff: one row per action and cycle, filters, frozen headers."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from pipeline.ledger.model import LedgerEntry, LedgerName
from pipeline.ledger.progression import COLUMNS as PROGRESS_COLUMNS, progression
from pipeline.xlsx import fit_rows, workbook_bytes, write_header

COLUMNS = [
    ("Axe", 6), ("N°", 7), ("Clé", 8), ("Titre", 60), ("Cycle", 11), ("Prévue", 8), ("Rapportée", 10),
    ("Statut", 22), ("Statut incertain", 10), ("Justification du statut", 50), ("Responsables (plan)", 18),
    ("Responsables (bilan)", 40), ("Partenaires", 60), ("Notes", 50), ("Occasions saisies", 40), ("Sources", 40),
]


def _names(people: list[LedgerName]) -> str:
    return "\n".join(p.name + ("" if p.id or p.generic else " (non résolu)") for p in people)


def ledger_rows(entries: list[LedgerEntry]) -> list[list]:
    rows = []
    for entry in entries:
        for cycle, facts in sorted(entry.cycles.items()):
            plan, bilan = facts.plan or facts.program, facts.bilan
            sources = sorted({x.source for x in (plan, bilan, *facts.opportunities) if x})
            rows.append([
                entry.axis, entry.number, entry.key, entry.title, cycle,
                "oui" if facts.planned else "non", "oui" if facts.reported else "non",
                facts.status_label or "", "oui" if facts.status_uncertain else "",
                "\n".join(facts.status_evidence or []) or (facts.status_reason or ""),
                _names(plan.leads if plan else []), _names(bilan.leads if bilan else []),
                _names(bilan.partners if bilan else []), "\n".join(bilan.notes if bilan else []),
                "\n".join("\n".join(o.achievements) for o in facts.opportunities), ", ".join(sources),
            ])
    return rows


def ledger_workbook(entries: list[LedgerEntry]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Registre des actions"
    write_header(sheet, COLUMNS)
    for r, row in enumerate(ledger_rows(entries), start=2):
        for c, value in enumerate(row, start=1):
            sheet.cell(row=r, column=c, value=value).alignment = Alignment(wrap_text=True, vertical="top")
    fit_rows(sheet)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(sheet.max_row, 1)}"
    _progression_sheet(book, entries)
    return workbook_bytes(book)


def _progression_sheet(book, entries: list[LedgerEntry]) -> None:
    """"Progression": per axis and cycle, catalogue, deployed, started or done, postponed, never started."""
    sheet = book.create_sheet("Progression")
    write_header(sheet, [(name, 8 if n < 2 else 16) for n, name in enumerate(PROGRESS_COLUMNS)])
    rows, _ = progression(entries)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row.cells(), start=1):
            cell = sheet.cell(row=r, column=c, value=value)
            cell.font = Font(bold=row.axis is None)
    sheet.freeze_panes = "A2"
