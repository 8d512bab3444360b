"""The ledger as an Excel workbook for staff: one row per action and cycle, filters, frozen headers."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from pipeline.xlsx import workbook_bytes, write_header

COLUMNS = [
    ("Axe", 6), ("N°", 7), ("Clé", 8), ("Titre", 60), ("Cycle", 11), ("Prévue", 8), ("Rapportée", 10),
    ("Statut", 22), ("Statut incertain", 10), ("Justification du statut", 50), ("Responsables (plan)", 18),
    ("Responsables (bilan)", 40), ("Partenaires", 60), ("Notes", 50), ("Occasions saisies", 40), ("Sources", 40),
]


def _names(people: list[dict]) -> str:
    return "\n".join(p["name"] + ("" if p.get("id") or p.get("generic") else " (non résolu)") for p in people)


def ledger_rows(entries: list[dict]) -> list[list]:
    rows = []
    for entry in entries:
        for cycle, facts in sorted(entry["cycles"].items()):
            plan, bilan = facts.get("plan") or facts.get("program") or {}, facts.get("bilan") or {}
            opportunities = facts.get("opportunities", [])
            sources = sorted({x["source"] for x in (plan, bilan, *opportunities) if x})
            rows.append([
                entry["axis"], entry["number"], entry["key"], entry["title"], cycle,
                "oui" if facts.get("planned") else "non", "oui" if facts.get("reported") else "non",
                facts.get("status_label") or "", "oui" if facts.get("status_uncertain") else "",
                "\n".join(facts.get("status_evidence") or []) or (facts.get("status_reason") or ""),
                _names(plan.get("leads", [])), _names(bilan.get("leads", [])), _names(bilan.get("partners", [])),
                "\n".join(bilan.get("notes", [])), "\n".join("\n".join(o["achievements"]) for o in opportunities),
                ", ".join(sources),
            ])
    return rows


def ledger_workbook(entries: list[dict]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Registre des actions"
    write_header(sheet, COLUMNS)
    for r, row in enumerate(ledger_rows(entries), start=2):
        for c, value in enumerate(row, start=1):
            sheet.cell(row=r, column=c, value=value).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(sheet.max_row, 1)}"
    return workbook_bytes(book)
