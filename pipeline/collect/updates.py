"""The cycle's updates file: what the units reported for the year, read by the bilan draft.

Two shapes are read:

* the collected file written by ``python -m pipeline collect`` (a mapping): ``réponses``,
  one row per unit and action, and ``occasions``, the unplanned work each unit reported;
* a hand-made list of rows (YAML) or sheet (XLSX) with the columns action, statut,
  réalisations, partenaires: one answer per action, no unit.

Answers of several units for the same action are merged here, and disagreements on the
status are kept for the writer to decide rather than settled silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from extract.errors import DocumentError
from extract.keys import ActionKeyError, parse_key, sort_key
from pipeline.names import name_key

# The statuses a unit may give, in the order the forms list them.
STATUSES = ["réalisée", "entamée", "reportée", "suspendue", "annulée", "non amorcée"]
STARTED = {"réalisée", "entamée"}
NOT_DONE = {"reportée", "suspendue", "annulée", "non amorcée"}


@dataclass
class Answer:
    """One unit's answer for one action (unit is None in a hand-made file)."""

    key: str
    unit: str | None = None
    status: str | None = None
    achievements: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    notes: str | None = None
    source: str | None = None  # "DVC.xlsx, feuille « Actions », ligne 4"


@dataclass
class Opportunity:
    unit: str | None
    axis: int | None
    action: str | None
    objective: str | None
    achievements: list[str]
    partners: list[str] = field(default_factory=list)
    notes: str | None = None
    source: str | None = None


@dataclass
class ActionUpdate:
    """Every answer for one action, merged."""

    key: str
    answers: list[Answer]

    @property
    def statuses(self) -> dict[str, list[str]]:
        """status -> units that gave it, statuses in the forms' order."""
        out: dict[str, list[str]] = {}
        for answer in self.answers:
            if answer.status:
                out.setdefault(answer.status, []).append(answer.unit or "fichier de mises à jour")
        order = {s: n for n, s in enumerate(STATUSES)}
        return {s: sorted(out[s]) for s in sorted(out, key=lambda s: order.get(s, len(order)))}

    @property
    def status(self) -> str | None:
        """The status when the units agree; None when none is given or they disagree."""
        statuses = self.statuses
        return next(iter(statuses)) if len(statuses) == 1 else None

    @property
    def disagreement(self) -> bool:
        return len(self.statuses) > 1

    def _union(self, attribute: str) -> list[str]:
        seen: dict[str, None] = {}
        for answer in self.answers:
            for item in getattr(answer, attribute):
                seen.setdefault(item, None)
        return list(seen)

    @property
    def achievements(self) -> list[str]:
        return self._union("achievements")

    @property
    def partners(self) -> list[str]:
        return self._union("partners")

    @property
    def notes(self) -> list[str]:
        return [a.notes for a in self.answers if a.notes]


@dataclass
class Updates:
    cycle: str | None = None
    answers: list[Answer] = field(default_factory=list)
    opportunities: list[Opportunity] = field(default_factory=list)

    def by_action(self) -> dict[str, ActionUpdate]:
        out: dict[str, ActionUpdate] = {}
        for answer in self.answers:
            out.setdefault(answer.key, ActionUpdate(answer.key, [])).answers.append(answer)
        return out

    def __bool__(self) -> bool:
        return bool(self.answers or self.opportunities)


def lines(value) -> list[str]:
    """A cell or YAML value as a list of items: one per line, bullets and blanks dropped."""
    if value is None:
        return []
    items = value if isinstance(value, list) else str(value).splitlines()
    out = []
    for item in items:
        text = str(item).strip().lstrip("-•–*·").strip()
        if text:
            out.append(text)
    return out


def canonical_status(written: str) -> str | None:
    """The form's status a unit wrote, whatever its case, accents or plural ("Réalisée", "REALISEE",
    "réalisées" are "réalisée"); None for a word outside the list."""
    text = written.strip().lower()
    if text in STATUSES:
        return text
    return next((s for s in STATUSES if name_key(s) == name_key(text)), None)


def _status(value) -> str | None:
    """A hand-made file's status: the form's spelling when it is one of the list, else as written."""
    text = str(value).strip().lower() if value is not None else ""
    return (canonical_status(text) or text) if text else None


def load_updates(path: Path | None, cycle: str | None = None) -> Updates:
    """The updates file at path (missing or None: nothing reported yet). Raises DocumentError,
    in French, for a file that cannot be read or belongs to another cycle."""
    if path is None or not path.exists():
        return Updates()
    try:
        if path.suffix.lower() in (".yaml", ".yml"):
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        else:
            import openpyxl

            sheet = openpyxl.load_workbook(path, read_only=True).active
            header = [str(c.value or "").strip().lower() for c in next(sheet.iter_rows(max_row=1))]
            data = [dict(zip(header, (c.value for c in row))) for row in sheet.iter_rows(min_row=2)]
        if isinstance(data, list):  # hand-made: one row per action
            return Updates(answers=[_answer(row) for row in data if str(row.get("action") or row.get("key") or "").strip()])
        updates = Updates(
            cycle=str(data.get("cycle")) if data.get("cycle") is not None else None,
            answers=[_answer(row) for row in data.get("réponses") or []],
            opportunities=[Opportunity(
                unit=row.get("unité"), axis=row.get("axe"), action=row.get("action"), objective=row.get("objectif"),
                achievements=lines(row.get("réalisations")), partners=lines(row.get("partenaires")),
                notes=row.get("notes"), source=row.get("source"),
            ) for row in data.get("occasions") or []],
        )
    except ActionKeyError as exc:
        raise DocumentError(path, f"{exc} ; corrigez la colonne « action » (par exemple « 2.11 » ou « 5.7.d »).") from exc
    except (yaml.YAMLError, OSError, ValueError, AttributeError, TypeError, StopIteration) as exc:
        what = "YAML mal formé" if isinstance(exc, yaml.YAMLError) else "lecture impossible" if isinstance(exc, OSError) \
            else "structure inattendue"
        raise DocumentError(path, f"fichier de mises à jour illisible ({what}) ; "
                                  "corrigez-le ou collectez de nouveau les formulaires (python -m pipeline collect).") from exc
    if cycle and updates.cycle and updates.cycle != cycle:
        raise DocumentError(path, f"ce fichier contient les réponses du cycle {updates.cycle}, pas {cycle} ; "
                                  "indiquez le bon fichier dans config.yaml (drafts.annual.updates).")
    return updates


def _answer(row: dict) -> Answer:
    return Answer(
        key=parse_key(row.get("action") or row.get("key")),
        unit=row.get("unité"),
        status=_status(row.get("statut") or row.get("status")),
        achievements=lines(row.get("réalisations") or row.get("achievements")),
        partners=lines(row.get("partenaires") or row.get("partners")),
        notes=(str(row["notes"]).strip() or None) if row.get("notes") else None,
        source=row.get("source"),
    )


def updates_yaml(updates: Updates) -> str:
    """The collected file's text: units in name order, actions in plan order."""

    def action_order(key: str):
        axis, number = key.split(".", 1)
        return int(axis), sort_key(number)

    answers = sorted(updates.answers, key=lambda a: (a.unit or "", action_order(a.key)))
    data = {
        "cycle": updates.cycle,
        "réponses": [{
            "action": a.key, "unité": a.unit, "statut": a.status, "réalisations": a.achievements,
            "partenaires": a.partners, "notes": a.notes, "source": a.source,
        } for a in answers],
        "occasions": [{
            "unité": o.unit, "axe": o.axis, "action": o.action, "objectif": o.objective,
            "réalisations": o.achievements, "partenaires": o.partners, "notes": o.notes, "source": o.source,
        } for o in sorted(updates.opportunities, key=lambda o: o.unit or "")],  # stable: rows keep their order
    }
    header = ("# Réponses des unités, écrites par « python -m pipeline collect ».\n"
              "# Collecter de nouveau un formulaire remplace les réponses de son unité seulement.\n")
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
