"""Forms out: one Excel workbook per responsible unit of the cycle's plan, prefilled with its actions.

Each workbook has three sheets: « Instructions » (who the form is for, how to fill it),
« Actions » (one row per action the unit leads; what the unit must not change is locked,
the status is a drop-down list) and « Occasions saisies » (unplanned work). `collect`
reads them back by their header labels, so a unit that moves or widens a column does
not break anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from pipeline.ledger import PlannedAction, Unit, units_of
from pipeline.xlsx import workbook_bytes, write_header
from pipeline.names import Registry
from pipeline.files import Manifest, write_generated
from pipeline.collect.updates import STATUSES

INSTRUCTIONS, ACTIONS, OPPORTUNITIES = "Instructions", "Actions", "Occasions saisies"
# Labels of the identity cells on the instructions sheet, read back by `collect`.
UNIT_CODE, UNIT_NAME, CYCLE = "Code de l'unité", "Unité", "Cycle"
# The fields `collect` reads back; each column's header text says which (the order may change).
KEY, STATUS, ACHIEVEMENTS, PARTNERS, NOTES, AXIS, LINKED, OBJECTIVE = (
    "key", "status", "achievements", "partners", "notes", "axis", "linked", "objective")


@dataclass(frozen=True)
class Column:
    field: str | None  # None: shown to the unit, not read back
    header: str
    width: float
    editable: bool = False


def letter_of(columns: list[Column], field: str) -> str:
    return get_column_letter(next(n for n, column in enumerate(columns, start=1) if column.field == field))


def action_columns(cycle: str, from_cycle: str) -> list[Column]:
    return [Column(AXIS, "Axe", 6), Column(KEY, "Action", 9), Column(None, "Titre de l'action", 50),
            Column(None, f"Partenaires en {from_cycle}", 32), Column(None, "Autres unités responsables", 18),
            Column(STATUS, "Statut", 16, True), Column(ACHIEVEMENTS, f"Réalisations {cycle} (une par ligne)", 60, True),
            Column(PARTNERS, f"Partenaires {cycle} (un par ligne)", 40, True), Column(NOTES, "Notes", 40, True)]


def opportunity_columns(cycle: str) -> list[Column]:
    return [Column(AXIS, "Axe", 6, True), Column(LINKED, "Action liée (facultatif, ex. 5.21)", 14, True),
            Column(OBJECTIVE, "Objectif ou description", 45, True),
            Column(ACHIEVEMENTS, f"Réalisations {cycle} (une par ligne)", 60, True),
            Column(PARTNERS, "Partenaires (un par ligne)", 40, True), Column(NOTES, "Notes", 30, True)]
BLANK_OPPORTUNITY_ROWS = 30

_LOCKED_FILL = PatternFill("solid", fgColor="EEF2F8")
_WRAP = Alignment(wrap_text=True, vertical="top")
_EDGE = Side(style="thin", color="A7A9AC")
_BOX = Border(left=_EDGE, right=_EDGE, top=_EDGE, bottom=_EDGE)


@dataclass
class FormsResult:
    written: list[Path]
    messages: list[str]


def _protect(sheet) -> None:
    """Locked cells stay locked; units may still resize rows and columns. Prints landscape,
    one page wide."""
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.protection.sheet = True
    sheet.protection.formatRows = False
    sheet.protection.formatColumns = False
    sheet.protection.formatCells = False


def _editable(cell) -> None:
    cell.protection = Protection(locked=False)
    cell.alignment = _WRAP
    cell.border = _BOX


def _locked(cell) -> None:
    cell.fill = _LOCKED_FILL
    cell.alignment = _WRAP
    cell.border = _BOX


def _instructions(book: Workbook, unit: Unit, cycle: str, from_cycle: str, count: int) -> None:
    sheet = book.active
    sheet.title = INSTRUCTIONS
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 90
    sheet["A1"] = f"Bilan {cycle} — formulaire de collecte des réalisations"
    sheet["A1"].font = Font(bold=True, size=14, color="1D4F91")
    for row, (label, value) in enumerate([(UNIT_NAME, unit.name), (UNIT_CODE, unit.code), (CYCLE, cycle)], start=3):
        sheet.cell(row=row, column=1, value=label).font = Font(bold=True)
        sheet.cell(row=row, column=2, value=value)
    steps = [
        f"Ce classeur contient les {count} action(s) du plan de déploiement {cycle} dont votre unité est responsable.",
        f"Feuille « {ACTIONS} » : pour chaque action, choisissez le statut dans la liste déroulante "
        f"({', '.join(STATUSES)}).",
        "Décrivez les réalisations de l'année, une par ligne (Alt+Entrée pour changer de ligne dans une cellule).",
        "Nommez les partenaires de l'année, un par ligne, avec leur nom complet ; ils seront vérifiés au retour.",
        "Notes : la raison d'un report, d'une suspension ou d'une annulation (par exemple « en raison de la COVID-19 »).",
        f"Feuille « {OPPORTUNITIES} » : le travail non prévu au plan ; indiquez l'axe et, s'il y a lieu, "
        "le numéro de l'action liée (par exemple 5.21).",
        f"Les cellules grisées viennent du plan et du bilan {from_cycle} : elles sont verrouillées. "
        "Si une information y est fausse, dites-le dans la colonne Notes.",
        "Enregistrez le classeur au format .xlsx, sans le renommer si possible, et retournez-le "
        "à l'équipe du développement social.",
    ]
    sheet.cell(row=7, column=1, value="Comment remplir ce formulaire").font = Font(bold=True)
    for n, text in enumerate(steps, start=8):
        sheet.cell(row=n, column=1, value=f"{n - 7}.").alignment = _WRAP
        sheet.cell(row=n, column=2, value=text).alignment = _WRAP
        sheet.row_dimensions[n].height = 30
    _protect(sheet)


def _status_validation() -> DataValidation:
    validation = DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=True,
                                showErrorMessage=True, showInputMessage=True)
    validation.errorTitle = "Statut non permis"
    validation.error = "Choisissez un statut dans la liste : " + ", ".join(STATUSES) + "."
    validation.promptTitle = "Statut de l'action"
    validation.prompt = "Choisissez dans la liste."
    return validation


def _actions_sheet(book: Workbook, unit: Unit, actions: list[PlannedAction], registry: Registry,
                   cycle: str, from_cycle: str) -> None:
    sheet = book.create_sheet(ACTIONS)
    columns = action_columns(cycle, from_cycle)
    write_header(sheet, [(c.header, c.width) for c in columns])
    validation = _status_validation()
    sheet.add_data_validation(validation)
    for r, action in enumerate(actions, start=2):
        bilan = action.latest("bilan")
        names = [registry.display_name(p.id, p.name) for p in (bilan.partners if bilan else [])]
        others = ", ".join(u.code for u in action.units if u != unit)
        values = [action.entry.axis, action.key, action.entry.title, "\n".join(names), others]
        for c, column in enumerate(columns, start=1):
            cell = sheet.cell(row=r, column=c, value=None if column.editable else values[c - 1])
            if column.editable:
                _editable(cell)
            else:
                cell.number_format = "@"  # "2.10" stays text, not the number 2.1
                _locked(cell)
        sheet.row_dimensions[r].height = max(60, 13 * max(len(names), len(action.entry.title) // 55 + 1))
    if actions:
        letter = letter_of(columns, STATUS)
        validation.add(f"{letter}2:{letter}{len(actions) + 1}")
    sheet.freeze_panes = "C2"
    _protect(sheet)


def _opportunities_sheet(book: Workbook, cycle: str) -> None:
    sheet = book.create_sheet(OPPORTUNITIES)
    columns = opportunity_columns(cycle)
    write_header(sheet, [(c.header, c.width) for c in columns])
    axes = DataValidation(type="list", formula1='"1,2,3,4,5"', allow_blank=True, showErrorMessage=True)
    axes.errorTitle = "Axe non permis"
    axes.error = "Choisissez un axe de 1 à 5."
    sheet.add_data_validation(axes)
    letter = letter_of(columns, AXIS)
    axes.add(f"{letter}2:{letter}{BLANK_OPPORTUNITY_ROWS + 1}")
    for r in range(2, BLANK_OPPORTUNITY_ROWS + 2):
        for c, column in enumerate(columns, start=1):
            cell = sheet.cell(row=r, column=c)
            _editable(cell)
            cell.number_format = "@" if column.field in (AXIS, LINKED) else "General"
    sheet.freeze_panes = "A2"
    _protect(sheet)


def unit_workbook(unit: Unit, actions: list[PlannedAction], registry: Registry, cycle: str, from_cycle: str) -> bytes:
    book = Workbook()
    _instructions(book, unit, cycle, from_cycle, len(actions))
    _actions_sheet(book, unit, actions, registry, cycle, from_cycle)
    _opportunities_sheet(book, cycle)
    book.active = 1  # open on the actions
    return workbook_bytes(book)


def write_forms(actions: list[PlannedAction], registry: Registry, cycle: str, from_cycle: str, folder: Path) -> FormsResult:
    """One workbook per unit in folder; a form the user changed since it was written is kept."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest = Manifest(folder / ".generated.json")
    result = FormsResult([], [])
    orphans = [a.key for a in actions if not a.units]
    if orphans:
        result.messages.append(f"avertissement : aucune unité responsable pour {', '.join(orphans)} ; "
                               "ces actions n'ont pas de formulaire (indiquez le responsable dans le plan).")
    try:
        for unit, led in units_of(actions).items():
            data = unit_workbook(unit, led, registry, cycle, from_cycle)
            path, kept = write_generated(folder / f"{unit.file_stem}.xlsx", data, manifest)
            result.written.append(path)
            if kept:
                result.messages.append(kept)
    finally:
        manifest.save()
    return result
