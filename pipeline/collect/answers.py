"""Forms in: read the units' filled workbooks, check every cell, merge into the cycle's updates file.

Nothing stops at the first problem: each one becomes a line of the French report with
its file, sheet and cell. A workbook that cannot be read at all is one line too, and the
other workbooks are still collected. Collecting again replaces the answers of the units
whose forms are read this time; what other units sent before is kept.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from pipeline.collect import forms as F
from pipeline.diagnostics import ERROR, INFO, WARNING, Diagnostic, Severity, counts_text, markdown
from pipeline.progress import Progress
from pipeline.xlsx import unreadable_reason
from pipeline.ledger import PlannedAction, Unit, units_of
from extract.keys import ActionKeyError, parse_key
from pipeline.files import write_atomic
from pipeline.collect.updates import STATUSES, Answer, canonical_status, Opportunity, Updates, lines, load_updates, updates_yaml
from pipeline.names import Resolver, name_key


OTHER_SPREADSHEETS = {".xls": "Excel 97-2003", ".ods": "OpenDocument", ".xlsm": "Excel avec macros", ".csv": "CSV"}


@dataclass
class UnitForm:
    """What one workbook says."""

    path: Path
    unit: str
    cycle: str
    answers: list[Answer] = field(default_factory=list)
    opportunities: list[Opportunity] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.opportunities and not any(a.status or a.achievements or a.partners or a.notes for a in self.answers)


@dataclass
class CollectResult:
    updates: Updates
    problems: list[Diagnostic]
    forms: list[UnitForm]
    unreadable: list[Path]
    missing_units: list[Unit]


def _cell(sheet_name: str, row: int, column: int) -> str:
    return f"feuille « {sheet_name} », cellule {get_column_letter(column)}{row}"


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _columns(header: tuple, columns: list[F.Column]) -> dict[str, int]:
    """Column index (1-based) of each field the form reads back, found by its header text."""
    wanted = {name_key(c.header): c.field for c in columns if c.field}
    return {wanted[name_key(_text(v))]: n for n, v in enumerate(header, start=1) if name_key(_text(v)) in wanted}


def _identity(book) -> tuple[str, str]:
    if F.INSTRUCTIONS not in book.sheetnames:
        raise ValueError(f"feuille « {F.INSTRUCTIONS} » absente : ce classeur n'est pas un formulaire de la collecte")
    found = {}
    for row in book[F.INSTRUCTIONS].iter_rows(min_col=1, max_col=2, values_only=True):
        if row and _text(row[0]) in (F.UNIT_CODE, F.CYCLE):
            found[_text(row[0])] = _text(row[1])
    if not found.get(F.UNIT_CODE):
        raise ValueError(f"« {F.UNIT_CODE} » introuvable sur la feuille « {F.INSTRUCTIONS} »")
    return found[F.UNIT_CODE], found.get(F.CYCLE, "")


class Collector:
    def __init__(self, actions: list[PlannedAction], known_keys: set[str], resolver: Resolver, cycle: str,
                 from_cycle: str):
        by_unit = units_of(actions)
        self.units = {u.code: u for u in by_unit}
        self.led = {u.code: {a.key for a in led} for u, led in by_unit.items()}
        self.known_keys = known_keys
        self.resolver = resolver
        self.cycle, self.from_cycle = cycle, from_cycle
        self.problems: list[Diagnostic] = []

    def _problem(self, code: str, severity: Severity, path: Path, where: str, message: str) -> None:
        self.problems.append(Diagnostic(code=code, severity=severity, sources=[path.name], where=where or None,
                                        message=message))

    # -- one workbook ------------------------------------------------------------
    def read(self, path: Path) -> UnitForm | None:
        try:
            book = load_workbook(path, data_only=True)
            code, cycle = _identity(book)
        except (zipfile.BadZipFile, OSError, KeyError) as exc:
            self._problem("unreadable-workbook", ERROR, path, "", f"classeur illisible ({unreadable_reason(exc)}) ; "
                                           "ouvrez-le dans Excel ou LibreOffice et enregistrez-le de nouveau au format .xlsx.")
            return None
        except ValueError as exc:
            self._problem("not-a-form", ERROR, path, "", f"{exc} ; renvoyez à l'unité le formulaire produit par « python -m pipeline forms ».")
            return None
        if code not in self.units:
            self._problem("unknown-unit", ERROR, path, "", f"unité « {code} » inconnue au plan de déploiement {self.cycle} ; "
                                           "ce formulaire n'a pas été collecté.")
            return None
        if cycle and cycle != self.cycle:
            self._problem("other-cycle", ERROR, path, "", f"formulaire du cycle {cycle}, pas {self.cycle} ; il n'a pas été collecté.")
            return None
        form = UnitForm(path, code, cycle)
        if F.ACTIONS in book.sheetnames:
            self._actions(book[F.ACTIONS], form)
        else:
            self._problem("missing-sheet", ERROR, path, "", f"feuille « {F.ACTIONS} » absente ; aucune réponse lue pour {code}.")
        if F.OPPORTUNITIES in book.sheetnames:
            self._opportunities(book[F.OPPORTUNITIES], form)
        return form

    def _key(self, form: UnitForm, where: str, raw: str) -> str | None:
        try:
            key = parse_key(raw)
        except ActionKeyError:
            key = None
        if key is None or key not in self.known_keys:
            self._problem("unknown-action", ERROR, form.path, where, f"clé d'action inconnue « {raw} » ; "
                                                   "écrivez le numéro d'une action du plan d'action (par exemple 2.11).")
            return None
        return key

    def _partners(self, form: UnitForm, where: str, value) -> list[str]:
        out = []
        for written in lines(value):
            for r in self.resolver.resolve(written):
                if r.generic:
                    out.append(r.text)
                elif r.resolved:
                    name = self.resolver.registry.entities[r.ids[0]].name
                    out.append(name)
                    if r.method == "approché":
                        self._problem("partner-corrected", INFO, form.path, where, f"partenaire « {r.text} » lu comme « {name} » "
                                                              f"(ressemblance {r.score:.0f} %) ; vérifiez.")
                else:
                    out.append(r.text)
                    closest = ", ".join(f"« {self.resolver.registry.entities[i].name} » ({s:.0f} %)"
                                        for i, s in r.candidates) or "aucun"
                    self._problem("unknown-partner", WARNING, form.path, where, f"partenaire « {r.text} » absent du registre ; "
                                                             f"noms les plus proches : {closest}. Corrigez le nom "
                                                             "ou ajoutez l'organisme à registry.yaml.")
        return out

    def _actions(self, sheet, form: UnitForm) -> None:
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, ())
        columns = F.action_columns(self.cycle, self.from_cycle)
        col = _columns(header, columns)
        missing = [c.header for c in columns if c.field and c.field not in col]
        if missing:
            self._problem("missing-columns", ERROR, form.path, f"feuille « {F.ACTIONS} »",
                          f"colonne(s) absente(s) : {', '.join(missing)} ; renvoyez le formulaire d'origine à l'unité.")
            return
        labels = [F.KEY, F.STATUS, F.ACHIEVEMENTS, F.PARTNERS, F.NOTES]
        seen: set[str] = set()
        for r, row in enumerate(rows, start=2):
            def value(label):
                return row[col[label] - 1] if col[label] - 1 < len(row) else None

            raw_key = _text(value(F.KEY))
            filled = any(_text(value(label)) for label in labels[1:])
            if not raw_key:
                if filled:
                    self._problem("answer-without-action", ERROR, form.path, _cell(F.ACTIONS, r, col[F.KEY]),
                                  "réponse sans numéro d'action ; indiquez l'action ou déplacez-la vers « Occasions saisies ».")
                continue
            key = self._key(form, _cell(F.ACTIONS, r, col[F.KEY]), raw_key)
            if key is None:
                continue
            if key in seen:
                self._problem("answered-twice", WARNING, form.path, _cell(F.ACTIONS, r, col[F.KEY]), f"action {key} répondue deux fois ; les deux réponses sont gardées.")
            seen.add(key)
            if key not in self.led[form.unit]:
                self._problem("not-in-unit-plan", WARNING, form.path, _cell(F.ACTIONS, r, col[F.KEY]),
                              f"l'action {key} n'est pas au plan {self.cycle} de {form.unit} ; réponse gardée, à vérifier.")
            written_status = _text(value(F.STATUS)).lower() or None
            status = canonical_status(written_status) if written_status else None
            if written_status and status is None:
                self._problem("status-not-in-list", ERROR, form.path, _cell(F.ACTIONS, r, col[F.STATUS]),
                              f"statut « {written_status} » hors de la liste ({', '.join(STATUSES)}) ; il n'est pas repris.")
            answer = Answer(key=key, unit=form.unit, status=status, achievements=lines(value(F.ACHIEVEMENTS)),
                            partners=self._partners(form, _cell(F.ACTIONS, r, col[F.PARTNERS]), value(F.PARTNERS)),
                            notes=_text(value(F.NOTES)) or None, source=f"{form.path.name}, feuille « {F.ACTIONS} », ligne {r}")
            if not (written_status or answer.achievements or answer.partners or answer.notes) and key in self.led[form.unit]:
                self._problem("no-answer", WARNING, form.path, f"feuille « {F.ACTIONS} », ligne {r}",
                              f"aucune réponse pour l'action prévue {key} ; relancez l'unité.")
            elif answer.achievements and not answer.status:
                self._problem("achievements-without-status", WARNING, form.path, _cell(F.ACTIONS, r, col[F.STATUS]),
                              f"réalisations sans statut pour l'action {key} ; choisissez un statut dans la liste.")
            form.answers.append(answer)
        for key in sorted(self.led[form.unit] - seen):
            self._problem("planned-action-removed", WARNING, form.path, f"feuille « {F.ACTIONS} »", f"l'action prévue {key} n'y figure plus ; "
                                                                          "renvoyez le formulaire d'origine à l'unité.")

    def _opportunities(self, sheet, form: UnitForm) -> None:
        rows = sheet.iter_rows(values_only=True)
        columns = F.opportunity_columns(self.cycle)
        col = _columns(next(rows, ()), columns)
        missing = [c.header for c in columns if c.field not in col]
        if missing:
            self._problem("missing-columns", ERROR, form.path, f"feuille « {F.OPPORTUNITIES} »",
                          f"colonne(s) absente(s) : {', '.join(missing)} ; renvoyez le formulaire d'origine à l'unité.")
            return
        labels = [c.field for c in columns]
        for r, row in enumerate(rows, start=2):
            def value(label):
                return row[col[label] - 1] if col[label] - 1 < len(row) else None

            if not any(_text(value(label)) for label in labels):
                continue
            axis_text, linked = _text(value(F.AXIS)), _text(value(F.LINKED))
            axis = int(float(axis_text)) if axis_text.replace(".0", "").isdigit() else None
            if axis_text and axis not in range(1, 6):
                self._problem("bad-axis", ERROR, form.path, _cell(F.OPPORTUNITIES, r, col[F.AXIS]), f"axe « {axis_text} » : choisissez de 1 à 5.")
                axis = None
            key = self._key(form, _cell(F.OPPORTUNITIES, r, col[F.LINKED]), linked) if linked else None
            if key is not None:
                key_axis = int(key.split(".")[0])
                if axis is not None and axis != key_axis:
                    self._problem("axis-mismatch", WARNING, form.path, _cell(F.OPPORTUNITIES, r, col[F.AXIS]),
                                  f"axe {axis} mais action liée {key} (axe {key_axis}) ; l'axe de l'action est retenu.")
                axis = key_axis
            if axis is None and not linked:  # an unknown linked key was reported above
                self._problem("opportunity-unplaced", ERROR, form.path, f"feuille « {F.OPPORTUNITIES} », ligne {r}",
                              "occasion saisie sans axe ni action liée ; elle ne peut pas être placée dans le bilan.")
            form.opportunities.append(Opportunity(
                unit=form.unit, axis=axis, action=key, objective=_text(value(F.OBJECTIVE)) or None,
                notes=_text(value(F.NOTES)) or None, achievements=lines(value(F.ACHIEVEMENTS)),
                partners=self._partners(form, _cell(F.OPPORTUNITIES, r, col[F.PARTNERS]), value(F.PARTNERS)),
                source=f"{form.path.name}, feuille « {F.OPPORTUNITIES} », ligne {r}"))


def _read_into(collector: "Collector", path: Path, unreadable: list[Path], by_unit: dict[str, list[UnitForm]]) -> None:
    """One file of the forms' folder: a form, read by unit; another spreadsheet format, refused."""
    suffix = path.suffix.lower()
    if suffix in OTHER_SPREADSHEETS:
        collector._problem("other-spreadsheet-format", ERROR, path, "", f"classeur {OTHER_SPREADSHEETS[suffix]} : enregistrez-le au format "
                                            "Excel (.xlsx) puis collectez de nouveau.")
        unreadable.append(path)
        return
    if suffix != ".xlsx":
        return
    form = collector.read(path)
    if form is None:
        unreadable.append(path)
    elif form.empty:
        collector._problem("empty-form", INFO, path, "", f"formulaire de {form.unit} sans aucune réponse ; il n'est pas collecté.")
    else:
        by_unit.setdefault(form.unit, []).append(form)


def collect(folder: Path, actions: list[PlannedAction], known_keys: set[str], resolver: Resolver, cycle: str,
            from_cycle: str, previous: Updates) -> CollectResult:
    """Read every workbook in folder and merge it with what was collected before."""
    collector = Collector(actions, known_keys, resolver, cycle, from_cycle)
    unreadable: list[Path] = []
    by_unit: dict[str, list[UnitForm]] = {}
    paths = [p for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith((".", "~$"))]
    progress = Progress([p.name for p in paths])
    for path in paths:
        _read_into(collector, path, unreadable, by_unit)
        progress.step()
    progress.close()
    chosen = []
    for unit, forms in by_unit.items():
        forms.sort(key=lambda f: f.path.stat().st_mtime)
        if len(forms) > 1:
            collector._problem("several-forms", WARNING, forms[-1].path, "", f"plusieurs formulaires remplis pour {unit} "
                               f"({', '.join(f.path.name for f in forms)}) ; le plus récent est retenu.")
        chosen.append(forms[-1])
    answered = {f.unit for f in chosen}
    merged = Updates(
        cycle=cycle,
        answers=[a for a in previous.answers if a.unit not in answered] + [a for f in chosen for a in f.answers],
        opportunities=[o for o in previous.opportunities if o.unit not in answered] + [o for f in chosen for o in f.opportunities],
    )
    collected_units = {a.unit for a in merged.answers} | {o.unit for o in merged.opportunities}
    missing = [u for code, u in collector.units.items() if code not in collected_units]
    return CollectResult(merged, collector.problems, chosen, unreadable, missing)


@dataclass
class CollectOutcome:
    result: CollectResult
    updates: Path  # where the updates were written
    report: Path
    kept: str | None  # French message when the user's edited updates file was kept


def collect_stage(config, folder: Path, cycle: str | None = None) -> CollectOutcome:
    """Collect the forms in folder into the cycle's updates file and write the report.
    Raises CycleError or DocumentError (French) when the cycle or the previous file is wrong."""
    from pipeline.files import Manifest, write_generated
    from pipeline.ledger import cycle_plan
    from pipeline.names import resolver_for

    resolver = resolver_for(config.registry)
    cycle, actions, entries = cycle_plan(config, cycle, resolver)
    target = config.collected_updates(cycle)
    previous = load_updates(target, cycle)
    result = collect(folder, actions, {e.key for e in entries}, resolver, cycle,
                     config.drafts.annual.from_cycle, previous)
    manifest = Manifest(config.outputs.dir / ".generated.json")
    written, kept = write_generated(target, updates_yaml(result.updates).encode("utf-8"), manifest)
    manifest.save()
    report = config.collect_report(cycle)
    write_atomic(report, report_text(result, folder, cycle, len(actions), written))
    return CollectOutcome(result, written, report, kept)


def report_text(result: CollectResult, folder: Path, cycle: str, planned: int, updates_path: Path) -> str:
    """The French collection report: what was read, who has not answered, disagreements, problems cell by cell."""
    by_action = result.updates.by_action()
    answered = sum(1 for u in by_action.values() if u.status or u.achievements)
    out = [f"# Collecte des formulaires — bilan {cycle}", "",
           f"- Dossier lu : {folder}",
           f"- Formulaires collectés cette fois : "
           + (", ".join(f"{f.unit} ({f.path.name})" for f in result.forms) or "aucun"),
           f"- Unités sans réponse : {', '.join(u.code for u in result.missing_units) or 'aucune'}",
           f"- Actions renseignées : {answered} sur {planned} prévues ; occasions saisies : {len(result.updates.opportunities)}",
           f"- Fichier de mises à jour : {updates_path}", ""]
    split = [(key, u) for key, u in by_action.items() if u.disagreement]
    out += ["## Statuts à trancher", ""]
    if split:
        out += [f"- Action {key} : " + " ; ".join(f"{status} ({', '.join(units)})" for status, units in u.statuses.items())
                + " — le bilan montre les deux réponses." for key, u in split]
    else:
        out.append("Aucun désaccord entre unités.")
    out += ["", f"## Problèmes, cellule par cellule ({counts_text(result.problems)})", ""]
    out += markdown(result.problems, level=3) if result.problems else ["Aucun problème."]
    return "\n".join(out) + "\n"
