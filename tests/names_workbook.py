"""A staff member filling the names review workbook, as the tests of `registry apply` need it."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from pipeline.names.review_workbook import COLUMNS, SHEET

COLUMN = {title: n for n, (title, _) in enumerate(COLUMNS, start=1)}

# One of each decision on names the 2020 bilan gives (checked by reading the workbook), and
# three rows the tool must refuse. Values as the drop-downs write them.
DECIDED = {
    "Le regroupement de jeunes L'Unisson": {"Décision": "rattacher à…", "Organisation": "L'Unisson"},
    "Comité Ma chambre, mon milieu de vie": {"Décision": "nouvelle organisation",
                                             "Type d'organisation": "table de concertation ou comité"},
    "Comité camp de jour avec les organismes offrant des camps de jour aux personnes handicapées": {
        "Décision": "groupe générique"},
    "Démarche de concertation de l'IVPSA": {"Décision": "ignorer"},
    "Office municipal d'habitation": {"Décision": "confirmer la fusion"},
    "Table des aînés Lévis, St-Lambert": {"Décision": "refuser la fusion"},
}
REFUSED_MERGE = "Table des aînés Lévis, St-Lambert"
UNKNOWN_ORGANISATION = "Instance de concertation locale en immigration"
NO_KIND = "Centre de référence et d'information de la Capitale-Nationale et de la Chaudière-Appalaches-211"
REFUSED = {
    UNKNOWN_ORGANISATION: {"Décision": "rattacher à…", "Organisation": "Table des aînés imaginaires"},
    NO_KIND: {"Décision": "nouvelle organisation", "Nouveau nom": "Instance locale en immigration"},
}
SIBLING = {"Type": "nom non résolu", "Nom tel qu'écrit": "Service d'entraide de St-Nicolas",
           "Décision": "rattacher à…", "Organisation": "Service d'entraide de St-Étienne"}


def rows_by_name(path: Path) -> dict[str, tuple[int, str]]:
    """Name as written -> (row, kind) in the workbook's sheet."""
    sheet = load_workbook(path, read_only=True)[SHEET]
    return {row[1]: (n, row[0]) for n, row in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2)
            if row[1]}


def fill(path: Path, decisions: dict[str, dict[str, str]], extra: list[dict[str, str]] = (),
         author: str = "Julie Tremblay") -> dict[str, int]:
    """Type the decisions into the rows of those names (every name must be in the workbook) and
    append the extra rows; save as the staff member. Returns name -> row."""
    book = load_workbook(path)
    sheet = book[SHEET]
    rows = {sheet.cell(n, COLUMN["Nom tel qu'écrit"]).value: n for n in range(2, sheet.max_row + 1)}
    missing = set(decisions) - set(rows)
    assert not missing, f"absent du classeur : {missing}"
    for name, values in decisions.items():
        for title, value in values.items():
            sheet.cell(rows[name], COLUMN[title], value)
    for values in extra:
        n = sheet.max_row + 1
        for title, value in values.items():
            sheet.cell(n, COLUMN[title], value)
        rows[values["Nom tel qu'écrit"]] = n
    book.properties.lastModifiedBy = author
    book.save(path)
    return rows
