"""Command line: a thin shell over the library. Messages are in French; exit 1 on a failed
document, 2 on a usage error.

`run` is the one place where a failure becomes a French line and an exit code: click's
usage errors, the tool's own errors (`extract.errors.UserError` and its subclasses), an
interruption, and an internal error (its trace only with --debug).
"""

from __future__ import annotations

import json
import re
import sys
import traceback
from pathlib import Path

import click

from extract.errors import DocumentError, UsageError, UserError
from extract.records import KINDS
from pipeline.config import OcrConfig, load_config
from pipeline.files import write_atomic
from pipeline.progress import Progress
from pipeline.cli_options import config_option, load_checked_config, quiet_option, say, debug_option
from pipeline.cli_dashboard import tableau_pdf
from pipeline.cli_registry import registry
from pipeline.names import resolver_for


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Chaîne de traitement des bilans et plans de la Politique de développement social
    et communautaire de la Ville de Lévis."""


main.add_command(registry)
main.add_command(tableau_pdf)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Afficher l'enregistrement JSON sur la sortie standard.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), help="Écrire DIR/<nom>.json pour chaque fichier.")
@click.option("--kind", type=click.Choice(sorted(KINDS)), help="Type du document (sinon détecté d'après le contenu).")
@click.option("--cycle", help="Cycle du document (« 2020 », « 2023-2024 ») s'il n'est pas écrit dedans.")
@click.option("--password", help="Mot de passe d'un PDF protégé.")
@click.option("--timeout", type=float, help="Délai maximal par document, en secondes (par défaut : 120).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Documents lus en parallèle (par défaut : tous les cœurs).")
@click.option("--no-cache", is_flag=True, help="Relire chaque document même si son contenu a déjà été extrait.")
@click.option("--ocr/--no-ocr", "ocr", default=None,
              help="--ocr : lire toutes les pages d'un PDF par OCR, même celles qui ont du texte ; --no-ocr : jamais "
                   "(une page numérisée est alors une erreur). Par défaut : OCR des seules pages sans texte.")
@click.option("--verbose", "-v", is_flag=True,
              help="Afficher aussi, sous chaque avertissement, les messages bruts (en anglais) des bibliothèques de lecture.")
@config_option()
@debug_option
@quiet_option
def extract(files, as_json, out_dir, kind, cycle, password, timeout, jobs, no_cache, ocr, verbose, config_path):
    """Lire des documents (.txt, .md, .pdf, .docx) et en extraire les enregistrements structurés."""
    from pipeline.extraction import Job, RecordCache, cache_folder, default_folder, error_message, extract_batch

    if not as_json and out_dir is None:
        raise click.UsageError("indiquez --json (sortie standard) ou --out DOSSIER.")
    config = load_config(config_path) if config_path else None
    registry = config.registry if config else None
    resolver_for(registry)  # a bad registry is one line before any document is read
    batch, output_names = [], {}
    ocr_settings = (config.ocr if config else OcrConfig()).settings(force=ocr)
    for path in files:
        declared = config.document_for(path) if config else None
        batch.append(Job(path, kind or (declared.kind if declared else None),
                         cycle or (declared.cycle if declared else None), password, ocr_settings))
        output_names[path] = declared.output_name if declared else path.stem
    cache = None if no_cache else RecordCache(cache_folder(config) if config else default_folder(), registry)
    limits = config.limits if config else None
    results = extract_batch(batch, registry, cache, workers=jobs,
                            timeout=timeout or (limits.timeout_seconds if limits else 120.0),
                            memory_mb=limits.memory_mb if limits else 3072,
                            capture=not click.get_current_context().meta.get("debug"))
    read, failed = 0, []
    many = as_json and len(files) > 1
    progress = Progress([path.name for path in files])
    for result in results:
        path = result.job.path
        progress.step(path.name)
        if result.error is not None:
            if click.get_current_context().meta.get("debug") and not isinstance(result.error, DocumentError):
                progress.say(str(result.error))
            progress.say(f"erreur : {error_message(path, result.error)}")
            failed.append(path)
            continue
        for warning in result.warnings:
            progress.say(warning.line())
            for raw in (warning.details.get("messages", []) + warning.details.get("stderr", [])) if verbose else []:
                progress.say(f"  {path.name} : {raw}")
        if out_dir is not None:
            write_atomic(out_dir / f"{output_names[path]}.json", result.text)
        if as_json:  # one record, or a JSON list written as it goes (memory stays flat)
            text = result.text.rstrip("\n")
            click.echo(("[\n" if read == 0 else ",\n") + "  " + text.replace("\n", "\n  ") if many else text,
                       nl=not many)
        read += 1
    progress.close()
    if many:
        click.echo("\n]" if read else "[]")
    if len(files) > 1 or failed:
        say(f"{read} lu{'s' if read > 1 else ''}, {len(failed)} en erreur"
             + (f" : {', '.join(p.name for p in failed)}" if failed else ""))
    sys.exit(1 if failed else 0)


@main.command()
@debug_option
@config_option()
def deps(config_path):
    """Écrire les règles make des enregistrements déclarés dans config.yaml (usage interne du Makefile)."""
    from pipeline.drafts import cycle_line, draft_files

    path = config_path or Path("config.yaml")
    config = load_config(path)
    base = Path.cwd()
    records_dir = _relative(config.outputs.records, base)
    lines = ["# Generated from config.yaml by `python -m pipeline deps`; do not edit.", "RECORDS :="]
    for doc in config.documents:
        source = _relative(doc.path, base)
        target = f"{records_dir}/{doc.output_name}.json"
        lines[1] += f" {target}"
        lines += [
            f"{target}: {source} {_relative(path, base)} $(STAMP) $(SOURCES) {_relative(config.registry, base)}",
            f"\t$(PY) -m pipeline extract --config {_relative(path, base)} --out {records_dir} {source}",
        ]
    out_dir = _relative(config.outputs.dir, base)
    lines.append("DRAFTS := " + " ".join(f"{out_dir}/{name}" for name in draft_files(config)))
    lines.append(f"CYCLE_LINE := {cycle_line(config)}")
    annual = config.drafts.annual
    if annual is not None:
        cycle = annual.next_cycle
        lines += [f"CYCLE := {cycle}", f"FORMS_DIR := {_relative(config.forms_dir(cycle), base)}",
                  f"UPDATES := {_relative(config.updates_path, base)}"]
    click.echo("\n".join(lines))


def _relative(path: Path, base: Path) -> str:
    try:
        return str(path.resolve().relative_to(base.resolve()))
    except ValueError:
        return str(path.resolve())


@main.command()
@debug_option
@click.option("--registry", "registry_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Registre des organisations (par défaut : celui du projet, registry.yaml).")
def resolve(registry_path):
    """Résoudre des noms lus sur l'entrée standard, un par ligne : une ligne JSON par nom."""
    resolver = resolver_for(registry_path)
    entities = resolver.registry.entities
    for line in sys.stdin:
        text = line.rstrip("\n")
        found = resolver.resolve(text) if text.strip() else []
        click.echo(json.dumps({
            "text": text,
            "entities": [{"id": i, "name": entities[i].name} for r in found for i in r.ids],
            "generic": bool(found) and all(r.generic for r in found),
        }, ensure_ascii=False))


@main.command()
@debug_option
@config_option()
def names(config_path):
    """Écrire le rapport des noms à réviser et les organisations nommées dans les réalisations."""
    from pipeline.build import write_names
    from pipeline.extraction import records_for
    from pipeline.files import Manifest

    config = load_checked_config(config_path)
    failures: list[str] = []
    pairs = records_for(config, failures=failures)
    for failure in failures:
        say(f"erreur : {failure}")
    manifest = Manifest(config.outputs.dir / ".generated.json")
    try:
        for message in write_names(config, [record for _, record in pairs], resolver_for(config.registry), manifest):
            say(message)
    finally:
        manifest.save()
    say(f"rapport écrit : {config.outputs.review} et {config.outputs.review_xlsx} ; mentions : {config.outputs.mentions}")
    sys.exit(1 if failures else 0)


@main.command()
@debug_option
@config_option()
def ledger(config_path):
    """Écrire le registre des actions (ledger.json, ledger.xlsx) et le rapport de cohérence."""
    from pipeline.ledger import write_ledger

    config = load_checked_config(config_path)
    failures: list[str] = []
    entries, findings = write_ledger(config, failures)
    for failure in failures:
        say(f"erreur : {failure}")
    errors = sum(f.severity == "error" for f in findings)
    say(f"registre : {len(entries.entries)} actions ; rapport de cohérence : {len(findings)} constats "
         f"dont {errors} erreur(s) ({config.outputs.consistency})")
    sys.exit(1 if failures else 0)


@main.command()
@debug_option
@config_option()
def catalogue(config_path):
    """Écrire le classeur du catalogue des actions (output/catalogue-actions.xlsx), prérempli de chaque action déjà lue."""
    from pipeline.ledger import write_catalogue

    config = load_checked_config(config_path)
    written, kept, count, problems = write_catalogue(config)
    for problem in problems:
        say(problem.line())
    if kept:
        say(kept)
    say(f"catalogue : {count} actions dans {written} ; complétez-le, enregistrez-le dans corpus/ et déclarez-le "
         "dans config.yaml (clé « catalogue »).")
    sys.exit(1 if any(p.severity == "error" for p in problems) else 0)


@main.command(name="check")
@debug_option
@click.option("--json", "as_json", is_flag=True, help="Constats en JSON (code, axis, number, message, sources...).")
@config_option()
def check_command(as_json, config_path):
    """Afficher les incohérences entre documents ; code de sortie 1 s'il y a une erreur."""
    from pipeline.diagnostics import text
    from pipeline.ledger import ledger_and_findings

    config = load_checked_config(config_path)
    _, findings = ledger_and_findings(config)
    if as_json:
        click.echo(json.dumps([f.as_json() for f in findings], ensure_ascii=False, indent=2))
    else:
        click.echo(text(findings))
    sys.exit(1 if any(f.severity == "error" for f in findings) else 0)


@main.command()
@config_option()
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Dossier de sortie (par défaut : celui de config.yaml, output/).")
@debug_option
@quiet_option
def build(config_path, out_dir):
    """Tout construire : enregistrements, registre des actions, rapports et documents Word du prochain cycle."""
    from pipeline.build import build as build_all

    config = load_checked_config(config_path)
    messages, complete = build_all(config, out_dir)
    for message in messages:
        say(message)
    sys.exit(0 if complete else 1)


@main.command()
@config_option()
@click.option("--docs", "docs_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Écrire aussi dans DOSSIER une page type de chaque ébauche (apercu-<modèle>.png, pour le README).")
@debug_option
def preview(config_path, docs_dir):
    """Aperçu des ébauches Word : pages PNG et planche contact par document (LibreOffice), dans output/apercu/."""
    from pipeline.drafts import draft_files
    from pipeline.drafts.cycles import TEMPLATES
    from pipeline.drafts.preview import preview as render_preview

    config = load_checked_config(config_path)
    drafts = {config.outputs.dir / name: kind for name, kind in draft_files(config).items()}
    missing = [d.name for d in drafts if not d.exists()]
    if missing:
        raise UsageError(f"aperçu : ébauche(s) introuvable(s) : {', '.join(missing)} ; lancez d'abord « make drafts ».")
    folder = config.outputs.dir / "apercu"
    showcases = {d: docs_dir / f"apercu-{Path(TEMPLATES[kind]).stem}.png" for d, kind in drafts.items()} if docs_dir else {}
    if docs_dir:
        docs_dir.mkdir(parents=True, exist_ok=True)
    written = render_preview(list(drafts), folder, showcases)
    pages = [p for p in written if "-page-" in p.name]
    sheets = [p.name for p in written if p.name.endswith("-planche.png")]
    say(f"Aperçu de {len(drafts)} ébauche(s) dans {folder} : {len(pages)} page(s) PNG ; planches : {', '.join(sheets)}."
         + (f" Pages type dans {docs_dir}." if docs_dir else ""))


@main.command()
@debug_option
@click.option("--cycle", help="Cycle du bilan à collecter (par défaut : drafts.annual.cycle de config.yaml).")
@config_option()
def forms(cycle, config_path):
    """Écrire un formulaire Excel prérempli par unité responsable du plan de déploiement du cycle."""
    from pipeline.collect import write_forms
    from pipeline.ledger import cycle_plan

    config = load_checked_config(config_path)
    resolver = resolver_for(config.registry)
    cycle, actions, _ = cycle_plan(config, cycle, resolver)
    folder = config.forms_dir(cycle)
    result = write_forms(actions, resolver.registry, cycle, config.drafts.annual.from_cycle, folder)
    for message in result.messages:
        say(message)
    say(f"{len(result.written)} formulaire(s) pour {len(actions)} action(s) du plan {cycle} dans {folder} : "
         + ", ".join(p.name for p in result.written))


@main.command()
@debug_option
@click.argument("folder", metavar="DOSSIER", type=click.Path(path_type=Path, file_okay=False))
@click.option("--cycle", help="Cycle du bilan (par défaut : drafts.annual.cycle de config.yaml).")
@config_option()
@quiet_option
def collect(folder, cycle, config_path):
    """Lire les formulaires remplis de DOSSIER, écrire le fichier de mises à jour du cycle et le rapport de collecte."""
    from pipeline.collect import collect_stage
    from pipeline.diagnostics import ERROR

    config = load_checked_config(config_path)
    if not folder.is_dir():
        raise UsageError(f"{folder} : dossier introuvable ; indiquez le dossier où sont les formulaires remplis.")
    outcome = collect_stage(config, folder, cycle)
    result = outcome.result
    if outcome.kept:
        say(outcome.kept)
    for problem in result.problems:
        if problem.severity == ERROR:
            say(problem.line())
    others = sum(p.severity != ERROR for p in result.problems)
    say(f"{len(result.forms)} formulaire(s) collecté(s), {len(result.unreadable)} illisible(s), "
         f"{others} avertissement(s) ; mises à jour : {outcome.updates} ; rapport : {outcome.report}")
    sys.exit(1 if result.unreadable else 0)


# Click's own usage messages, in French.
_FRENCH = [
    (r"Invalid value for (.+?): (.+) is not one of (.+)\.", r"valeur non permise pour \1 : \2 (permis : \3)."),
    (r"Invalid value for (.+?): (.*)", r"valeur non valide pour \1 : \2"),
    (r"Missing argument (.+)\.", r"argument manquant : \1."),
    (r"Missing option (.+)\.", r"option manquante : \1."),
    (r"No such option:? '?([^' ]+)'?\.? \(Did you mean one of: (.+)\?\)", r"option inconnue : \1 (vouliez-vous dire : \2 ?)"),
    (r"No such option:? '?([^' ]+)'?\.? \(?Did you mean (.+?)\?\)?$", r"option inconnue : \1 (vouliez-vous dire \2 ?)"),
    (r"No such option:? '?([^' ]+)'?\.?$", r"option inconnue : \1"),
    (r"No such command '?([^']+)'?\. Did you mean '?([^']+)'?\?", r"commande inconnue : \1 (vouliez-vous dire \2 ?)."),
    (r"No such command '?([^']+)'?\.", r"commande inconnue : \1."),
    (r"Option (.+) requires an argument\.", r"l'option \1 demande une valeur."),
    (r"Got unexpected extra arguments? \((.+)\)", r"argument en trop : \1"),
    (r"Path (.+) does not exist\.", r"le chemin \1 n'existe pas."),
]


def _french(message: str) -> str:
    for pattern, replacement in _FRENCH:
        if re.match(pattern, message):
            return re.sub(pattern, replacement, message)
    return message


def run(args: list[str] | None = None, prog_name: str = "levis-bilans") -> None:
    """The command line, with every failure turned into one French line and an exit code."""
    args = sys.argv[1:] if args is None else args
    try:
        main(args=args, prog_name=prog_name, standalone_mode=False)
    except click.UsageError as exc:
        command = f"{prog_name} {exc.ctx.info_name}" if exc.ctx and exc.ctx.parent else prog_name
        say(f"erreur d'utilisation : {_french(exc.format_message()).rstrip('.')} ; voir « {command} --help ».")
        sys.exit(2)
    except UserError as exc:
        say(f"erreur : {exc}")
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        say("interrompu.")
        sys.exit(130)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception:  # a bug: one line for the user, the trace for the report
        if "--debug" in args:
            traceback.print_exc()
        say("erreur interne ; relancez avec --debug (qui affiche la trace) et signalez-la.")
        sys.exit(1)
