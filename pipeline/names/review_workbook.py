"""The names review as a workbook staff fill in (output/noms-a-reviser.xlsx): one row per name
to review, with a decision to take from drop-down lists.

Rows: names the registry does not resolve (with the closest candidates and their scores), names
joined to an organisation by approximate matching (to confirm or refuse), and mentions judged
generic. A name written in several places is one row listing all its places. The name, its
places and candidates are locked; the decision columns are open, each with its drop-down:
the decision, an organisation (every canonical name, listed on a hidden sheet), and for a new
organisation its name, kind, acronym and parent. A "Registre" sheet lists the current entities.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from extract.records import fiche_places
from pipeline.names.matching import name_key
from pipeline.names.registry import KIND_LABELS, Registry
from pipeline.names.resolver import Resolver
from pipeline.xlsx import fit_rows, print_landscape, workbook_bytes, write_header

SHEET = "À réviser"
DECISIONS = ["rattacher à…", "nouvelle organisation", "groupe générique", "ignorer", "confirmer la fusion",
             "refuser la fusion"]
UNRESOLVED, MERGED, GENERIC = "nom non résolu", "fusion approchée", "mention générique"
COLUMNS = [("Type", 16), ("Nom tel qu'écrit", 34), ("Où", 44), ("Candidats (score)", 44), ("Décision", 20),
           ("Organisation", 40), ("Nouveau nom", 30), ("Type d'organisation", 24), ("Sigle", 10), ("Parent", 34)]
CITED = "cité dans les réalisations"
LOCKED = 4  # the first four columns: what was read, not what is decided
OPEN_FILL = PatternFill("solid", fgColor="FFF2CC")


@dataclass
class ReviewRow:
    kind: str
    name: str
    places: list[str] = field(default_factory=list)
    candidates: list[tuple[str, float | None]] = field(default_factory=list)  # (canonical name, score or None:
    # named in the achievements of a fiche that lists the name)


def review_rows(records: list, resolver: Resolver, mentions: list[dict] = ()) -> list[ReviewRow]:
    """The names to review over all records, one row per kind and name as written. An unresolved
    name's candidates: the matcher's closest entities, then the organisations the EntityRuler found
    in the achievements of the fiches that list it (`mentions`, from find_mentions)."""
    registry = resolver.registry
    cited: dict[tuple[str, str], list[str]] = {}
    for mention in mentions:
        cited.setdefault((mention["document"], mention["place"]), []).append(mention["id"])
    rows: dict[tuple[str, str], ReviewRow] = {}
    for record in records:
        document = Path(record.source.path).name
        for place, names, _ in fiche_places(record):
            for ref in names:
                if name_key(ref.name) in registry.ignored_keys:
                    continue
                found = resolver.resolve_one(ref.name)
                if ref.id and found.method == "approché":
                    kind, candidates = MERGED, [(registry.entities[ref.id].name, found.score)]
                elif ref.generic:
                    if name_key(ref.name) in registry.generic_keys:
                        continue  # listed as generic in the registry: decided already
                    kind, candidates = GENERIC, []
                elif not ref.id:
                    kind = UNRESOLVED
                    candidates = [(registry.entities[i].name, score) for i, score in found.candidates]
                else:
                    continue
                row = rows.setdefault((kind, ref.name), ReviewRow(kind, ref.name, candidates=candidates))
                if kind == UNRESOLVED:
                    for entity_id in cited.get((document, place), []):
                        name = registry.entities[entity_id].name
                        if all(name != known for known, _ in row.candidates):
                            row.candidates.append((name, None))
                where = f"{document}, {ref.provenance.describe()}, {place}"
                if where not in row.places:
                    row.places.append(where)
    order = {UNRESOLVED: 0, MERGED: 1, GENERIC: 2}
    return sorted(rows.values(), key=lambda r: (order[r.kind], r.name.lower()))


def _lists(book: Workbook, registry: Registry) -> tuple[str, str]:
    """The hidden sheet of the drop-downs' values: canonical names, kinds."""
    sheet = book.create_sheet("Listes")
    names = sorted((e.name for e in registry.entities.values()), key=str.lower)
    sheet["A1"], sheet["B1"] = "Organisations", "Types"
    for n, name in enumerate(names, start=2):
        sheet.cell(row=n, column=1, value=name)
    for n, label in enumerate(KIND_LABELS.values(), start=2):
        sheet.cell(row=n, column=2, value=label)
    sheet.sheet_state = "hidden"
    return f"Listes!$A$2:$A${len(names) + 1}", f"Listes!$B$2:$B${len(KIND_LABELS) + 1}"


def _registry_sheet(book: Workbook, registry: Registry) -> None:
    sheet = book.create_sheet("Registre")
    write_header(sheet, [("Identifiant", 22), ("Nom", 50), ("Type", 26), ("Sigles", 16), ("Autres formes", 50),
                         ("Parent", 40)])
    for entity in sorted(registry.entities.values(), key=lambda e: e.name.lower()):
        parent = registry.entities.get(entity.parent) if entity.parent else None
        sheet.append([entity.id, entity.name, KIND_LABELS[entity.kind], ", ".join(entity.acronyms),
                      "\n".join(entity.aliases), parent.name if parent else ""])
    sheet.freeze_panes = "A2"
    fit_rows(sheet)
    print_landscape(sheet)
    sheet.protection.sheet = True


def _readme(book: Workbook) -> None:
    sheet = book.create_sheet("Lisez-moi")
    sheet.column_dimensions["A"].width = 110
    lines = [
        "Noms à réviser",
        "",
        "Une ligne par nom tel qu'il est écrit dans les documents, avec tous les endroits où il paraît :",
        f"- « {UNRESOLVED} » : le registre ne le connaît pas ; les candidats les plus proches sont donnés avec leur score, "
        f"puis les organisations nommées dans les réalisations de la même fiche (« {CITED} ») ;",
        f"- « {MERGED} » : rattaché à une organisation par rapprochement ; à confirmer ou à refuser ;",
        f"- « {GENERIC} » : classé comme groupe ou catégorie (aucune organisation précise).",
        "",
        "Dans la feuille « À réviser », remplissez les colonnes jaunes (les autres sont verrouillées) :",
        "- Décision : " + ", ".join(f"« {d} »" for d in DECISIONS) + " ;",
        "- Organisation : l'organisation du registre à laquelle rattacher le nom (liste déroulante) ;",
        "- pour une nouvelle organisation : son nom, son type (liste), son sigle et son organisation mère.",
        "La feuille « Registre » rappelle les organisations connues.",
        "",
        "Ce classeur est refait à chaque construction (make) ; une fois rempli, il n'est plus remplacé : la "
        "nouvelle version est écrite à côté (noms-a-reviser.nouveau.xlsx), sauf une fois ses décisions appliquées "
        "(voir ci-dessous).",
        "Pour appliquer les décisions au registre (registry.yaml) :",
        "    python -m pipeline registry apply output/noms-a-reviser.xlsx --dry-run   (voir sans rien changer)",
        "    python -m pipeline registry apply output/noms-a-reviser.xlsx",
        "Chaque ligne est vérifiée ; une ligne refusée est signalée (feuille, ligne, colonne) et les autres "
        "s'appliquent. L'ancien registre est sauvegardé à côté, chaque décision est consignée dans decisions.csv "
        "avec l'auteur du classeur, et la prochaine construction (make) écrit un nouveau classeur.",
    ]
    for n, line in enumerate(lines, start=1):
        sheet.cell(row=n, column=1, value=line).alignment = Alignment(wrap_text=True)


def review_workbook(rows: list[ReviewRow], registry: Registry) -> bytes:
    """The workbook's bytes (reproducible)."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    write_header(sheet, COLUMNS)
    for row in rows:
        sheet.append([row.kind, row.name, "\n".join(row.places),
                      "\n".join(f"{name} ({score:.0f})" if score is not None else f"{name} ({CITED})"
                                for name, score in row.candidates)])
    organisations, kinds = _lists(book, registry)
    last = max(len(rows) + 1, 2)
    for column, formula in (("E", '"' + ",".join(DECISIONS) + '"'), ("F", organisations), ("H", kinds),
                            ("J", organisations)):
        validation = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
                                    errorTitle="Valeur hors liste", error="Choisissez une valeur de la liste.")
        validation.add(f"{column}2:{column}{last}")
        sheet.add_data_validation(validation)
    for line in sheet.iter_rows(min_row=2, max_row=last):
        for cell in line[LOCKED:]:
            cell.protection = Protection(locked=False)
            cell.fill = OPEN_FILL
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.protection.sheet = True
    sheet.protection.formatColumns = sheet.protection.formatRows = False  # widths stay adjustable
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = f"A1:{chr(ord('A') + len(COLUMNS) - 1)}{last}"
    sheet.protection.autoFilter = False
    fit_rows(sheet)
    print_landscape(sheet)
    _registry_sheet(book, registry)
    _readme(book)
    return workbook_bytes(book)
