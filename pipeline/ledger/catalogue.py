"""The action catalogue of the ten-year plan: every action, never deployed ones included.

It comes from two sources, both optional, both declared in config.yaml:

* the master plan document (`kind: plan_action`): per axis, numbered actions with their
  titles, and where the layout gives them, the responsible unit, partners and years;
* the catalogue workbook staff keep (`catalogue: corpus/catalogue-actions.xlsx`), whose first
  version `python -m pipeline catalogue` writes from every action seen so far.

The workbook is read row by row; a bad row is an error naming the sheet, the row and the
column, and is left out while the others are read. When both sources give an action, the
workbook (the staff's latest word) wins.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from extract.keys import ActionKeyError, canonical_number, parse_key
from pipeline.diagnostics import ERROR, WARNING, Diagnostic
from pipeline.ledger.model import CatalogueFact, LedgerName
from pipeline.xlsx import cell_text, unreadable_reason

SHEET = "Catalogue"
# (header, width, field): the workbook's columns; the reader finds them by their header.
COLUMNS = [
    ("Axe", 6, "axis"), ("N°", 8, "number"), ("Titre", 70, "title"), ("Unité responsable", 22, "units"),
    ("Partenaires prévus", 45, "partners"), ("Années prévues", 16, "years"), ("Source", 45, "source"),
]
REQUIRED = ("axis", "number", "title")
_YEARS = re.compile(r"^(?:20\d\d(?:\s*-\s*20\d\d)?)(?:\s*[,;]\s*20\d\d(?:\s*-\s*20\d\d)?)*$")
_SPLIT = re.compile(r"\s*(?:\n|;|•)\s*")


@dataclass
class CatalogueAction:
    """One action of the catalogue as read, before its names are resolved."""

    axis: int
    number: str
    title: str
    source: str
    where: str
    units: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    years: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.axis}.{self.number}"

    def fact(self, resolve) -> CatalogueFact:
        """The ledger's fact, names resolved against the registry."""
        def names(written: list[str]) -> list[LedgerName]:
            out = []
            for text in written:
                for r in resolve(text):
                    out.append(LedgerName(name=r.text, id=(r.ids or [None])[0], generic=r.generic))
            return out

        return CatalogueFact(source=self.source, where=self.where, title=self.title, units=names(self.units),
                             partners=names(self.partners), years=self.years)


def _years(text: str) -> list[str]:
    return [re.sub(r"\s+", "", y) for y in re.split(r"\s*[,;]\s*", text) if y]


class WorkbookReader:
    """Reads the catalogue workbook; `problems` says, in French, what was left out and where."""

    def __init__(self, path: Path):
        self.path = path
        self.problems: list[Diagnostic] = []

    def _problem(self, where: str | None, message: str, severity=ERROR, code: str = "catalogue-row") -> None:
        self.problems.append(Diagnostic(code=code, severity=severity, sources=[self.path.name], where=where,
                                        message=message))

    def read(self) -> list[CatalogueAction]:
        from openpyxl import load_workbook

        try:
            book = load_workbook(self.path, data_only=True, read_only=True)
        except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
            self._problem(None, f"classeur illisible ({unreadable_reason(exc)}) ; ouvrez-le dans Excel ou LibreOffice "
                                "et enregistrez-le de nouveau au format .xlsx.", code="catalogue-unreadable")
            return []
        if SHEET not in book.sheetnames:
            self._problem(None, f"feuille « {SHEET} » absente (feuilles : {', '.join(book.sheetnames)}) ; partez du "
                                "classeur écrit par « python -m pipeline catalogue ».", code="catalogue-unreadable")
            return []
        rows = book[SHEET].iter_rows(values_only=True)
        header = next(rows, ())
        wanted = {name.casefold(): key for name, _, key in COLUMNS}
        at = {wanted[cell_text(v).casefold()]: n for n, v in enumerate(header) if cell_text(v).casefold() in wanted}
        missing = [name for name, _, key in COLUMNS if key in REQUIRED and key not in at]
        if missing:
            self._problem(f"feuille « {SHEET} », ligne 1", f"colonne(s) absente(s) : {', '.join(missing)} ; "
                          "rétablissez l'en-tête du classeur écrit par « python -m pipeline catalogue ».",
                          code="catalogue-unreadable")
            return []
        out: list[CatalogueAction] = []
        seen: dict[str, int] = {}
        for n, row in enumerate(rows, start=2):
            values = {key: (row[i] if i < len(row) else None) for key, i in at.items()}
            if not any(cell_text(v) for v in values.values()):
                continue
            action = self._row(n, values)
            if action is None:
                continue
            if action.key in seen:
                self._problem(self._where(n, "N°"), f"action {action.key} déjà décrite ligne {seen[action.key]} ; "
                              "cette ligne est ignorée : gardez une seule ligne par action.")
                continue
            seen[action.key] = n
            out.append(action)
        return out

    @staticmethod
    def _where(row: int, column: str) -> str:
        return f"feuille « {SHEET} », ligne {row}, colonne « {column} »"

    def _row(self, n: int, values: dict) -> CatalogueAction | None:
        axis_text = re.sub(r"(?i)^axe\s*", "", cell_text(values["axis"]))
        if not (axis_text.isdigit() and 1 <= int(axis_text) <= 5):
            self._problem(self._where(n, "Axe"), f"axe « {cell_text(values['axis'])} » : écrivez un numéro d'axe de 1 à 5 ; "
                          "ligne ignorée.")
            return None
        axis = int(axis_text)
        raw = values["number"]
        if isinstance(raw, float) and not raw.is_integer():
            self._problem(self._where(n, "N°"), f"numéro « {raw} » lu comme un nombre décimal ; écrivez-le comme "
                          "du texte (format de cellule « Texte ») ; ligne ignorée.")
            return None
        number_text = cell_text(raw)
        try:
            number = canonical_number(number_text)
            if re.fullmatch(r"\d+\.\d+(\.[a-z])?", number) and number.split(".")[0] == str(axis):
                number = parse_key(number_text).split(".", 1)[1]  # "2.9" written with its axis
        except ActionKeyError:
            self._problem(self._where(n, "N°"), f"numéro d'action « {number_text} » illisible ; écrivez-le comme dans "
                          "les plans (« 9 », « 4.b ») ; ligne ignorée.")
            return None
        title = " ".join(cell_text(values["title"]).split())
        if not title:
            self._problem(self._where(n, "Titre"), f"action {axis}.{number} sans titre ; ligne ignorée.")
            return None
        years_text = cell_text(values.get("years"))
        years = _years(years_text) if years_text else []
        if years_text and not _YEARS.match(years_text):
            self._problem(self._where(n, "Années prévues"), f"années « {years_text} » illisibles ; écrivez des années "
                          "ou des cycles séparés par des virgules (« 2021, 2023-2024 ») ; années non retenues.",
                          severity=WARNING)
            years = []
        source = cell_text(values.get("source")) or self.path.name
        return CatalogueAction(
            axis=axis, number=number, title=title, source=self.path.name,
            where=f"feuille « {SHEET} », ligne {n}" + (f" (d'après {source})" if source != self.path.name else ""),
            units=[u for u in _SPLIT.split(cell_text(values.get("units"))) if u],
            partners=[p for p in _SPLIT.split(cell_text(values.get("partners"))) if p], years=years,
        )


def from_records(pairs) -> list[CatalogueAction]:
    """The actions of the master plan documents (kind plan_action) among the records."""
    out = []
    for doc, record in pairs:
        if record.kind != "plan_action":
            continue
        name = Path(doc.path).name
        for a in record.actions:
            out.append(CatalogueAction(
                axis=a.axis, number=a.number, title=a.title, source=name, where=a.provenance.describe(),
                units=[l.name for l in a.leads], partners=[p.name for p in a.partners],
                years=[str(y) for y in (a.period.years if a.period else [])],
            ))
    return out


def load_catalogue(config, pairs) -> tuple[list[CatalogueAction], list[Diagnostic]]:
    """The catalogue: master plan documents first, then the workbook (which wins)."""
    actions = {a.key: a for a in from_records(pairs)}
    problems: list[Diagnostic] = []
    if config.catalogue is not None:
        reader = WorkbookReader(config.catalogue)
        for action in reader.read():
            actions[action.key] = action
        problems = reader.problems
    return list(actions.values()), problems
