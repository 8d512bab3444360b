"""The decisions staff took in the names review workbook, read and checked against the registry.

Each row of the « À réviser » sheet with a decision becomes an edit of registry.yaml, is found
already applied, or is refused with a French message naming the sheet, the row and the column.
Rows are checked in order against the registry as the earlier rows leave it, so two rows of one
workbook cannot contradict each other unnoticed.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from extract.errors import UserError
from extract.normalize import fold
from pipeline.names.matching import acronym_key, looks_like_acronym, name_key, token_match, tokens
from pipeline.names.registry import KIND_LABELS, Registry
from pipeline.names.registry_edit import RegistryText
from pipeline.names.resolver import Resolver
from pipeline.names.review_workbook import COLUMNS, DECISIONS, SHEET
from pipeline.xlsx import cell_text

ATTACH, NEW, GENERIC, IGNORE, CONFIRM, REFUSE = DECISIONS
_HEADERS = {"type": "Type", "name": "Nom tel qu'écrit", "candidates": "Candidats (score)", "decision": "Décision",
            "organisation": "Organisation", "new_name": "Nouveau nom", "kind": "Type d'organisation",
            "acronym": "Sigle", "parent": "Parent"}
assert set(_HEADERS.values()) <= {title for title, _ in COLUMNS}


class WorkbookError(UserError):
    """The file is not a names review workbook that can be read; nothing is applied."""


def _fold(text: str) -> str:
    return re.sub(r"[\s.…]+", " ", fold(text)).strip()


_DECISION_KEYS = {_fold(d): d for d in DECISIONS}
_KINDS = {**{_fold(label): kind for kind, label in KIND_LABELS.items()}, **{kind: kind for kind in KIND_LABELS}}


@dataclass
class Row:
    number: int
    values: dict[str, str]

    def __getitem__(self, key: str) -> str:
        return self.values.get(key, "")


@dataclass
class Workbook:
    path: Path
    author: str
    rows: list[Row]


def _cell(value) -> str:
    """The cell's text, its spaces evened unless it holds several lines (the places, the candidates)."""
    text = cell_text(value)
    return text if "\n" in text else " ".join(text.split())


def read_workbook(path: Path) -> Workbook:
    """The rows with a decision; WorkbookError (one French line) when the file cannot be one."""
    name = path.name
    if not path.is_file():
        raise WorkbookError(f"{path} : fichier introuvable ; donnez le chemin du classeur rempli (noms-a-reviser.xlsx).")
    try:
        book = load_workbook(path, data_only=True)
    except InvalidFileException as exc:
        raise WorkbookError(f"{name} : format non pris en charge ; enregistrez le classeur au format Excel (.xlsx).") from exc
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, EOFError) as exc:
        raise WorkbookError(f"{name} : classeur illisible ou endommagé ; rouvrez-le dans Excel ou LibreOffice et "
                            "enregistrez-le au format .xlsx.") from exc
    if SHEET not in book.sheetnames:
        raise WorkbookError(f"{name} : pas de feuille « {SHEET} » ; ce n'est pas un classeur de noms à réviser "
                            "(celui que make écrit dans output/noms-a-reviser.xlsx).")
    sheet = book[SHEET]
    header = {_cell(c.value): n for n, c in enumerate(next(sheet.iter_rows(min_row=1, max_row=1)), start=0)}
    missing = [title for title in _HEADERS.values() if title not in header]
    if missing:
        raise WorkbookError(f"{name} : feuille « {SHEET} », colonne « {missing[0]} » absente de la première ligne ; "
                            "repartez du classeur écrit par make.")
    rows = []
    for number, line in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        values = {key: _cell(line[header[title]]) if header[title] < len(line) else ""
                  for key, title in _HEADERS.items()}
        if values["decision"] or values["name"]:
            rows.append(Row(number, values))
    props = book.properties
    author = next((a for a in (props.lastModifiedBy, props.creator) if a and a != "pipeline"), "") or "inconnu"
    return Workbook(path, author, rows)


@dataclass
class Outcome:
    row: int
    decision: str
    name: str
    change: str  # what it changes, in French; empty when it was already applied


@dataclass
class Plan:
    edits: RegistryText
    applied: list[Outcome] = field(default_factory=list)
    unchanged: list[Outcome] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    undecided: int = 0


class _Refused(Exception):
    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column


class Planner:
    """Checks rows one after the other against the registry as the earlier rows leave it."""

    def __init__(self, registry: Registry, resolver: Resolver, edits: RegistryText):
        self.registry, self.resolver = registry, resolver
        self.plan = Plan(edits)
        self.owners = {key: set(ids) for key, ids in registry.by_key.items()}
        self.names = {e.id: e.name for e in registry.entities.values()}
        self.by_name = {name_key(e.name): e.id for e in registry.entities.values()}
        self.acronyms = {key: set(ids) for key, ids in registry.by_acronym.items()}
        self.new: dict[str, dict] = {}  # entities made by this workbook, by id
        self.generic = set(registry.generic_keys)
        self.ignored = set(registry.ignored_keys)
        self.refusals = set(registry.refused)

    # -- lookups ------------------------------------------------------------------
    def organisation(self, written: str, column: str) -> str:
        """The entity a drop-down value names: its canonical name, or any form that names one entity."""
        if not written:
            raise _Refused(column, "choisissez l'organisation dans la liste")
        key = name_key(written)
        if key in self.by_name:
            return self.by_name[key]
        owners = self.owners.get(key, set())
        if len(owners) == 1:
            return next(iter(owners))
        raise _Refused(column, f"« {written} » n'est pas une organisation du registre ; choisissez-la dans la liste "
                               "(feuille « Registre »)")

    def _candidate(self, row: Row) -> str | None:
        """The organisation the row proposed (first of « Candidats »), as the workbook showed it."""
        first = row["candidates"].splitlines()[0] if row["candidates"] else ""
        shown = re.sub(r"\s*\([^()]*\)\s*$", "", first)
        return self.by_name.get(name_key(shown)) if shown else None

    # -- decisions ------------------------------------------------------------------
    def attach(self, name: str, target: str, column: str) -> str:
        key = name_key(name)
        if not key:
            raise _Refused("Nom tel qu'écrit", "le nom ne contient aucun mot à retenir")
        owners = self.owners.get(key, set())
        if owners == {target}:
            return ""
        target_name = self.names[target]
        if owners:
            other = self.names[sorted(owners - {target})[0]]
            known = "est une organisation du registre" if name_key(other) == key else f"est déjà dans le registre sous « {other} »"
            raise _Refused(column, f"« {name} » {known}, une autre organisation que "
                                   f"« {target_name} » : le rapprochement garde ces deux organisations séparées ; "
                                   "si c'est la même, corrigez registry.yaml à la main")
        found = self.resolver.resolve_one(name)
        if found.resolved and found.method != "approché" and found.ids != [target] and found.ids[0] not in self.new:
            other = self.names[found.ids[0]]
            raise _Refused(column, f"« {name} » désigne déjà « {other} » ({found.method}), une autre organisation "
                                   f"que « {target_name} » : le rapprochement garde ces deux organisations séparées")
        if _siblings(name, target_name):
            raise _Refused(column, f"« {name} » et « {target_name} » ne diffèrent que par la fin du nom : ce sont deux "
                                   f"organisations voisines, que le rapprochement garde séparées ; choisissez « {NEW} »")
        if target in self.new:
            self.new[target].setdefault("aliases", []).append(name)
        else:
            self.plan.edits.add_alias(target, name)
        self.owners[key] = {target}
        return f"autre forme « {name} » ajoutée à « {target_name} »"

    def create(self, row: Row) -> str:
        name = row["new_name"] or row["name"]
        kind = _KINDS.get(_fold(row["kind"]))
        if not row["kind"]:
            raise _Refused("Type d'organisation", "choisissez le type de la nouvelle organisation dans la liste")
        if kind is None:
            raise _Refused("Type d'organisation", f"type inconnu « {row['kind']} » ; choisissez-le dans la liste")
        acronym = row["acronym"]
        if acronym and not looks_like_acronym(acronym.replace(" ", "")):
            raise _Refused("Sigle", f"« {acronym} » n'est pas un sigle (un mot en majuscules)")
        parent = self.organisation(row["parent"], "Parent") if row["parent"] else None
        key = name_key(name)
        existing = self.by_name.get(key)
        if existing is not None:
            entity = self.registry.entities.get(existing)
            same = self.new.get(existing) or (entity.model_dump() if entity else {})
            if same.get("kind") == kind and (not acronym or acronym in same.get("acronyms", [])):
                return self.attach(row["name"], existing, "Nom tel qu'écrit") if name_key(row["name"]) != key else ""
            raise _Refused("Nouveau nom", f"« {name} » existe déjà dans le registre (identifiant « {existing} ») ; "
                                          f"choisissez « {ATTACH} »")
        if self.owners.get(key):
            other = self.names[sorted(self.owners[key])[0]]
            raise _Refused("Nouveau nom", f"« {name} » est déjà une autre forme de « {other} » ; choisissez « {ATTACH} »")
        if acronym and self.acronyms.get(acronym_key(acronym)):
            other = self.names[sorted(self.acronyms[acronym_key(acronym)])[0]]
            raise _Refused("Sigle", f"le sigle « {acronym} » est déjà celui de « {other} » ; corrigez-le ou laissez-le vide")
        entity_id = new_id(name, acronym)
        if entity_id in self.names:
            column = "Sigle" if acronym else "Nouveau nom"
            raise _Refused(column, f"l'identifiant « {entity_id} » qu'il donnerait est déjà celui de "
                                   f"« {self.names[entity_id]} » ; changez le {'sigle' if acronym else 'nom'}")
        entity = {"id": entity_id, "name": name, "kind": kind, "parent": parent,
                  "acronyms": [acronym] if acronym else []}
        if name_key(row["name"]) not in (key, ""):
            entity["aliases"] = [row["name"]]
        self.new[entity_id] = entity
        self.names[entity_id] = name
        self.by_name[key] = entity_id
        for form in [name, *entity.get("aliases", [])]:
            self.owners[name_key(form)] = {entity_id}
        if acronym:
            self.acronyms[acronym_key(acronym)] = {entity_id}
        self.plan.edits.add_entity(entity)
        parent_text = f", rattachée à « {self.names[parent]} »" if parent else ""
        return f"nouvelle organisation « {name} » (identifiant {entity_id}, {KIND_LABELS[kind]}{parent_text})"

    def listed(self, key: str, name: str, seen: set[str], what: str) -> str:
        if name_key(name) in seen:
            return ""
        seen.add(name_key(name))
        self.plan.edits.add_item(key, name)
        return f"« {name} » {what}"

    def refuse(self, row: Row) -> str:
        name = row["name"]
        shown = self._candidate(row)
        found = self.resolver.resolve_one(name)
        target = shown or (found.ids[0] if found.method == "approché" else None)
        if target is None:
            raise _Refused("Décision", "aucune fusion à refuser pour ce nom ; choisissez une autre décision")
        change = ""
        if (name_key(name), target) not in self.refusals:
            self.refusals.add((name_key(name), target))
            self.plan.edits.add_item("refused_merges", {"name": name, "entity": target})
            change = f"fusion refusée : « {name} » n'est pas « {self.names[target]} »"
        if row["organisation"]:
            attached = self.attach(name, self.organisation(row["organisation"], "Organisation"), "Organisation")
            change = "; ".join(c for c in (change, attached) if c)
        return change

    def confirm(self, row: Row) -> str:
        if row["organisation"]:
            target = self.organisation(row["organisation"], "Organisation")
        else:
            found = self.resolver.resolve_one(row["name"])
            target = self._candidate(row) or (found.ids[0] if found.resolved else None)
            if target is None:
                raise _Refused("Organisation", "aucune fusion à confirmer ; choisissez l'organisation dans la liste")
        return self.attach(row["name"], target, "Organisation")

    def take(self, row: Row) -> None:
        decision = _DECISION_KEYS.get(_fold(row["decision"]))
        if not row["decision"]:
            self.plan.undecided += 1
            return
        try:
            if decision is None:
                raise _Refused("Décision", f"décision inconnue « {row['decision']} » ; choisissez-la dans la liste")
            if not row["name"]:
                raise _Refused("Nom tel qu'écrit", "ligne sans nom ; repartez du classeur écrit par make")
            if decision == ATTACH:
                change = self.attach(row["name"], self.organisation(row["organisation"], "Organisation"), "Organisation")
            elif decision == NEW:
                change = self.create(row)
            elif decision == GENERIC:
                owners = self.owners.get(name_key(row["name"]))
                if owners:
                    raise _Refused("Décision", f"« {row['name']} » est l'organisation « {self.names[sorted(owners)[0]]} » "
                                               "du registre, pas un groupe")
                change = self.listed("generic", row["name"], self.generic, "classé groupe générique")
            elif decision == IGNORE:
                change = self.listed("ignored", row["name"], self.ignored, "ne sera plus proposé à la révision")
            elif decision == CONFIRM:
                change = self.confirm(row)
            else:
                change = self.refuse(row)
        except _Refused as refusal:
            self.plan.refused.append(f"« {SHEET} », ligne {row.number}, colonne « {refusal.column} » : "
                                     f"{refusal} — ligne non appliquée.")
            return
        outcome = Outcome(row.number, decision, row["name"], change)
        (self.plan.applied if change else self.plan.unchanged).append(outcome)


def _siblings(name: str, target: str) -> bool:
    """Whether two names share their head but end differently ("Service d'entraide de Pintendre"
    and "... de St-Étienne", "Maison de la Famille Chutes-Chaudière" and "... Rive-Sud"): two
    organisations of one kind, which the matcher keeps apart, not two forms of one."""
    a, b = tokens(name), tokens(target)
    shared = 0
    while shared < min(len(a), len(b)) and token_match(a[shared], b[shared]):
        shared += 1
    rest_a, rest_b = a[shared:], b[shared:]
    if shared < 2 or not rest_a or not rest_b:
        return False
    return not any(token_match(x, y) for x in rest_a for y in (*rest_b, *b[:shared]))


def new_id(name: str, acronym: str = "") -> str:
    """A stable identifier: the acronym when there is one, else the name's first words."""
    if acronym:
        return re.sub(r"[^a-z0-9]+", "-", fold(acronym)).strip("-")
    words = [w for w in re.split(r"[^a-z0-9]+", fold(name)) if w and w not in {"l", "d", "de", "du", "des", "la", "le",
                                                                                "les", "et"}]
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > 40:
            break
        out = f"{out}-{word}" if out else word
    return out or "organisation"


def plan_decisions(workbook: Workbook, registry: Registry, resolver: Resolver, registry_text: str) -> Plan:
    planner = Planner(registry, resolver, RegistryText(registry_text))
    for row in workbook.rows:
        planner.take(row)
    return planner.plan
