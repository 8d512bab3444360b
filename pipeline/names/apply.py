"""`registry apply`: the decisions of a filled names review workbook, applied to registry.yaml.

Only the rows that pass their checks change the registry; the file keeps its comments, order and
formatting (pipeline.names.registry_edit), a dated copy of the previous version stays beside it,
and every applied decision is logged in decisions.csv beside the registry (who, when, which
workbook and row), with a copy of the workbook in decisions/. Applying the same workbook again
changes nothing. Nothing is written before the new registry has been read back and validated.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipeline.files import Manifest, write_atomic
from pipeline.names.decisions import Plan, WorkbookError, plan_decisions, read_workbook
from pipeline.names.registry import load_registry, parse_registry
from pipeline.names.registry_edit import RegistryEditError
from pipeline.names.resolver import Resolver
from pipeline.names.review_workbook import SHEET

LOG_COLUMNS = ["date", "classeur", "auteur", "feuille", "ligne", "décision", "nom", "modification"]


@dataclass
class Applied:
    plan: Plan
    diff: list[str] = field(default_factory=list)
    backup: Path | None = None
    written: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.diff)


def apply_workbook(workbook_path: Path, registry_path: Path, dry_run: bool = False,
                   review_manifest: tuple[Path, Manifest] | None = None, now: datetime | None = None) -> Applied:
    """Check every row, apply the valid ones (unless dry_run). `review_manifest`: the project's
    review workbook and its outputs' manifest; once applied, make may write a fresh one there."""
    registry = load_registry(registry_path)
    workbook = read_workbook(workbook_path)
    text = registry_path.read_text(encoding="utf-8")
    try:
        plan = plan_decisions(workbook, registry, Resolver(registry), text)
        new_text = plan.edits.render() if plan.applied else text
    except RegistryEditError as exc:
        raise WorkbookError(f"{registry_path} : modification impossible sans risque ({exc}) ; "
                            "rien n'a été changé.") from exc
    parse_registry(new_text, registry_path)  # the registry the next build reads must load
    diff = [line.rstrip("\n") for line in difflib.unified_diff(
        text.splitlines(), new_text.splitlines(), registry_path.name, registry_path.name, n=0, lineterm="")]
    result = Applied(plan, diff)
    if dry_run or not result.changed:
        return result
    now = now or datetime.now().replace(microsecond=0)
    stamp = now.strftime("%Y-%m-%d-%H%M%S")
    result.backup = _free(registry_path.with_name(f"{registry_path.stem}.sauvegarde-{stamp}{registry_path.suffix}"))
    shutil.copy2(registry_path, result.backup)
    write_atomic(registry_path, new_text)
    result.written = True
    _log(registry_path.parent, workbook.path, workbook.author, plan, now)
    archive = registry_path.parent / "decisions"
    archive.mkdir(exist_ok=True)
    shutil.copy2(workbook_path, _free(archive / f"{stamp}-{workbook_path.name}"))
    if review_manifest is not None:
        review, manifest = review_manifest
        if review.exists() and review.resolve() == workbook_path.resolve():
            # Its decisions are applied and the filled copy is kept in decisions/: make may replace it.
            manifest.hashes[review.name] = hashlib.sha256(review.read_bytes()).hexdigest()
            manifest.save()
    return result


def _free(path: Path) -> Path:
    """The path, or the same with a number when a file is already there (two applies in one second)."""
    n, candidate = 2, path
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        n += 1
    return candidate


def _log(folder: Path, workbook: Path, author: str, plan: Plan, now: datetime) -> None:
    log = folder / "decisions.csv"
    new = not log.exists()
    with log.open("a", encoding="utf-8-sig" if new else "utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=";")
        if new:
            writer.writerow(LOG_COLUMNS)
        for outcome in plan.applied:
            writer.writerow([now.isoformat(sep=" "), workbook.name, author, SHEET, outcome.row, outcome.decision,
                             outcome.name, outcome.change])


def summary(result: Applied, registry_path: Path, dry_run: bool) -> list[str]:
    """The French report: rows refused, then the changes (a diff of the registry)."""
    plan = result.plan
    lines = list(plan.refused)
    for outcome in plan.applied:
        lines.append(f"ligne {outcome.row} ({outcome.decision}) : {outcome.change}")
    counts = [f"{len(plan.applied)} décision(s) " + ("à appliquer" if dry_run else "appliquée(s)"),
              f"{len(plan.unchanged)} déjà appliquée(s)", f"{len(plan.refused)} refusée(s)",
              f"{plan.undecided} ligne(s) sans décision"]
    lines.append("bilan : " + ", ".join(counts) + ".")
    if result.changed:
        lines.append(f"modifications de {registry_path.name}" + (" (simulation : rien n'est écrit) :" if dry_run else " :"))
        lines += [line for line in result.diff if not line.startswith(("---", "+++", "@@"))]
    else:
        lines.append(f"{registry_path.name} : aucun changement.")
    if result.written:
        lines.append(f"sauvegarde de l'ancienne version : {result.backup.name} ; décisions consignées dans decisions.csv.")
    return lines
