"""Forms out and in: a form per unit, filled as a unit would, collected, and the bilan draft read back."""

import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
import yaml

from tests.helpers import require_tool
from pipeline.build import build
from pipeline.collect import collect_stage
from pipeline.config import load_config
from pipeline.ledger import planned_actions
from pipeline.extraction import extract_document
from pipeline.collect import write_forms
from pipeline.ledger import cycle_plan
from pipeline.names import resolver_for
from pipeline.collect import STATUSES

ROOT = Path(__file__).resolve().parents[2]
ACHIEVEMENTS, PARTNERS = "Réalisations 2021 (une par ligne)", "Partenaires 2021 (un par ligne)"


def _config(out: Path, select=()):
    """The project's config with its text documents only (fast), outputs in out."""
    config = load_config(ROOT / "config.yaml")
    config.documents = [d for d in config.documents if d.same_as is None]
    config.drafts.annual.select = list(select)
    build(config, out)
    return config


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """Forms of the 2021 plan, with 5.20 selected: it is led by three units (DGCH, DEV, DVC)."""
    out = tmp_path_factory.mktemp("forms")
    config = _config(out, select=["5.20"])
    resolver = resolver_for(config.registry)
    cycle, actions, _ = cycle_plan(config, None, resolver)
    result = write_forms(actions, resolver.registry, cycle, config.drafts.annual.from_cycle, config.forms_dir(cycle))
    return config, actions, result


def _rows(path: Path) -> dict[str, dict]:
    sheet = openpyxl.load_workbook(path)["Actions"]
    header = [c.value for c in sheet[1]]
    return {row[1]: dict(zip(header, row)) for row in sheet.iter_rows(min_row=2, values_only=True)}


def fill(source: Path, target: Path, answers: dict[str, dict], opportunities=()):
    """Fill a form as a unit would in Excel: by header, in the unlocked cells."""
    book = openpyxl.load_workbook(source)
    sheet = book["Actions"]
    header = [c.value for c in sheet[1]]
    for r in range(2, sheet.max_row + 1):
        for column, value in answers.get(sheet.cell(r, 2).value, {}).items():
            cell = sheet.cell(r, header.index(column) + 1)
            assert not cell.protection.locked, f"{column} must be editable"
            cell.value = value
    extra = book["Occasions saisies"]
    for r, values in enumerate(opportunities, start=2):
        for c, value in enumerate(values, start=1):
            extra.cell(r, c).value = value
    book.save(target)


def test_one_form_per_unit_named_after_it_with_its_actions(made):
    config, actions, result = made
    assert sorted(p.name for p in result.written) == ["BMD.xlsx", "DEV.xlsx", "DGCH.xlsx", "DVC.xlsx", "INCENDIE.xlsx",
                                                      "POLICE.xlsx", "URBA.xlsx"]
    assert {p.parent for p in result.written} == {config.outputs.dir / "formulaires-2021"}
    police = _rows(config.forms_dir("2021") / "POLICE.xlsx")
    assert list(police) == ["2.11"]
    row = police["2.11"]
    assert row["Axe"] == 2 and row["Titre de l'action"].startswith("Implanter un projet de médiation citoyenne")
    assert row["Partenaires en 2020"] == "Équijustice Lévis"  # the last bilan's partners, canonical names
    incendie = _rows(config.forms_dir("2021") / "INCENDIE.xlsx")
    assert list(incendie) == ["2.15", "4.12", "5.27"]  # the plan's order


def test_an_action_led_by_several_units_is_in_each_form(made):
    config, _, _ = made
    for unit, others in (("DGCH", "DEV, DVC"), ("DEV", "DGCH, DVC"), ("DVC", "DGCH, DEV")):
        row = _rows(config.forms_dir("2021") / f"{unit}.xlsx")["5.20"]
        assert row["Autres unités responsables"] == others


def test_form_locks_what_comes_from_the_plan_and_lists_the_statuses(made):
    config, _, _ = made
    book = openpyxl.load_workbook(config.forms_dir("2021") / "DVC.xlsx")
    assert book.sheetnames == ["Instructions", "Actions", "Occasions saisies"]
    sheet = book["Actions"]
    assert sheet.protection.sheet and book["Instructions"].protection.sheet
    header = [c.value for c in sheet[1]]
    status = header.index("Statut") + 1
    for r in range(2, sheet.max_row + 1):
        assert sheet.cell(r, 2).protection.locked and sheet.cell(r, 3).protection.locked
        assert not sheet.cell(r, status).protection.locked
        assert not sheet.cell(r, header.index(ACHIEVEMENTS) + 1).protection.locked
    lists = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert len(lists) == 1 and lists[0].formula1 == '"' + ",".join(STATUSES) + '"'
    letter = openpyxl.utils.get_column_letter(status)
    assert str(lists[0].sqref) == f"{letter}2:{letter}{sheet.max_row}"
    assert lists[0].showErrorMessage
    text = " ".join(str(c.value) for row in book["Instructions"].iter_rows() for c in row if c.value)
    assert "Direction de la vie communautaire" in text and "liste déroulante" in text


@pytest.fixture()
def collected(made, tmp_path):
    """DVC, POLICE, DEV and DGCH send their forms back; DEV and DGCH disagree on 5.20."""
    config, _, _ = made
    forms, back = config.forms_dir("2021"), tmp_path / "retours"
    back.mkdir()
    fill(forms / "POLICE.xlsx", back / "POLICE.xlsx", {"2.11": {
        "Statut": "réalisée", ACHIEVEMENTS: "Médiation citoyenne déployée.\nFormation de 12 médiateurs.",
        PARTNERS: "Equijustise Lévis\nOrganisme jamais vu"}})
    fill(forms / "DVC.xlsx", back / "DVC.xlsx", {
        "3.8": {"Statut": "terminée"},
        "5.10": {"Statut": "reportée", "Notes": "en raison de la COVID-19"},
        "5.20": {"Statut": "entamée", ACHIEVEMENTS: "Comité de travail formé."},
        "3.21": {"Statut": "réalisée", ACHIEVEMENTS: "Vocation attribuée à deux parcs."},
    }, opportunities=[(4, None, "Soutenir les fêtes de quartier", "Trois fêtes soutenues.", "TRESKA", None),
                      (None, "9.99", "Projet hors plan", "Rencontre tenue.", None, None)])
    fill(forms / "DEV.xlsx", back / "DEV.xlsx", {"5.20": {"Statut": "réalisée", ACHIEVEMENTS: "Politique adoptée."}})
    fill(forms / "DGCH.xlsx", back / "DGCH.xlsx", {"5.20": {"Statut": "entamée"}})
    outcome = collect_stage(config, back)
    yield config, back, outcome
    config.collected_updates("2021").unlink(missing_ok=True)


def _sections(report: str) -> dict[str, list[str]]:
    """The report's list items under each heading."""
    out: dict[str, list[str]] = {}
    heading = None
    for line in report.splitlines():
        if line.startswith("#"):
            heading = line
            out[heading] = []
        elif line.startswith("- ") and heading:
            out[heading].append(line)
    return out


def test_collect_reports_problems_cell_by_cell(collected):
    config, back, outcome = collected
    report = outcome.report.read_text(encoding="utf-8")
    sections = _sections(report)
    errors, warnings, infos = sections["### Erreurs"], sections["### Avertissements"], sections["### Informations"]
    assert ("- **status-not-in-list** — DVC.xlsx, feuille « Actions », cellule F3 : statut « terminée » hors de la liste"
            " (réalisée, entamée, reportée, suspendue, annulée, non amorcée) ; il n'est pas repris.") in errors
    assert any(l.startswith("- **unknown-action** — DVC.xlsx, feuille « Occasions saisies », cellule B3 : clé d'action "
                            "inconnue « 9.99 »") for l in errors)
    assert any(l.startswith("- **partner-corrected** — POLICE.xlsx, feuille « Actions », cellule H2 : partenaire "
                            "« Equijustise Lévis » lu comme « Équijustice Lévis »") for l in infos)
    line = next(l for l in warnings if "« Organisme jamais vu » absent du registre" in l)
    assert line.startswith("- **unknown-partner** — POLICE.xlsx, feuille « Actions », cellule H2 :") and "noms les plus proches : «" in line
    # A planned action left empty by its unit: 5.7.d of DVC.
    assert ("- **no-answer** — DVC.xlsx, feuille « Actions », ligne 5 : aucune réponse pour l'action prévue 5.7.d ; "
            "relancez l'unité.") in warnings
    counted = f"({len(errors)} erreur(s), {len(warnings)} avertissement(s), {len(infos)} information(s))"
    assert f"## Problèmes, cellule par cellule {counted}" in report
    assert "Action 5.20 : réalisée (DEV) ; entamée (DGCH, DVC)" in report
    assert "Unités sans réponse : BMD, INCENDIE, URBA" in report
    assert sorted(f.unit for f in outcome.result.forms) == ["DEV", "DGCH", "DVC", "POLICE"]


def test_collected_updates_file_keeps_each_units_answers(collected):
    config, _, outcome = collected
    data = yaml.safe_load(outcome.updates.read_text(encoding="utf-8"))
    assert data["cycle"] == "2021"
    answers = {(r["unité"], r["action"]): r for r in data["réponses"]}
    assert answers[("POLICE", "2.11")]["réalisations"] == ["Médiation citoyenne déployée.", "Formation de 12 médiateurs."]
    assert answers[("POLICE", "2.11")]["partenaires"] == ["Équijustice Lévis", "Organisme jamais vu"]
    assert answers[("DVC", "3.8")]["statut"] is None  # outside the list: reported, not taken
    assert {u for u, k in answers if k == "5.20"} == {"DEV", "DGCH", "DVC"}
    assert [(o["axe"], o["action"]) for o in data["occasions"]] == [(4, None), (None, None)]
    assert data["occasions"][0]["partenaires"] == ["Table régionale d'économie sociale de Chaudière-Appalaches"]


def test_the_bilan_draft_fills_itself_and_reads_back(collected):
    config, _, _ = collected
    build(config)
    bilan = extract_document(config.outputs.dir / "bilan-2021.docx").record
    assert bilan.unplaced == []
    by_key = {f"{a.axis}.{a.number}": a for a in bilan.actions}
    police = by_key["2.11"]
    assert [i.text for i in police.achievements] == ["Médiation citoyenne déployée.", "Formation de 12 médiateurs."]
    assert [(p.name, p.id) for p in police.partners] == [("Équijustice Lévis", "equijustice"), ("Organisme jamais vu", None)]
    assert [n.text for n in by_key["5.10"].notes] == ["➔ Reportée : en raison de la COVID-19"]
    assert [n.text for n in by_key["5.20"].notes] == ["➔ Statut à trancher : réalisée (DEV) ; entamée (DGCH, DVC)"]
    assert [i.text for i in by_key["5.20"].achievements] == ["Politique adoptée.", "Comité de travail formé."]
    summary = {r.axis: r for r in bilan.summary}
    assert (summary[3].planned, summary[3].started_or_done) == (2, 1)  # 3.21 réalisée; 3.8's status was refused
    assert (summary[2].started_or_done, summary[5].started_or_done) == (1, 0)  # 5.20 is undecided
    assert [summary[n].opportunities for n in range(1, 6)] == [0, 0, 0, 1, 0]
    assert summary[None].planned == 13 and summary[None].opportunities == 1
    assert [(o.axis, [i.text for i in o.achievements]) for o in bilan.opportunities] == [(4, ["Trois fêtes soutenues."])]


def test_chart_is_an_image_and_two_builds_are_byte_identical(collected, tmp_path):
    config, _, _ = collected
    build(config)
    first = (config.outputs.dir / "bilan-2021.docx").read_bytes()
    import zipfile, io

    names = zipfile.ZipFile(io.BytesIO(first)).namelist()
    assert any(n.startswith("word/media/") and n.endswith(".png") for n in names)
    build(config)
    assert (config.outputs.dir / "bilan-2021.docx").read_bytes() == first


def test_collecting_a_corrected_form_replaces_that_unit_only(collected):
    config, back, _ = collected
    forms = config.forms_dir("2021")
    corrected = back.parent / "corrige"
    corrected.mkdir()
    fill(forms / "DVC.xlsx", corrected / "DVC.xlsx", {"3.8": {"Statut": "suspendue", "Notes": "Faute de ressources."}})
    outcome = collect_stage(config, corrected)
    data = yaml.safe_load(outcome.updates.read_text(encoding="utf-8"))
    answers = {(r["unité"], r["action"]): r for r in data["réponses"]}
    assert answers[("DVC", "3.8")]["statut"] == "suspendue"
    assert ("DVC", "5.10") in answers and answers[("DVC", "5.10")]["statut"] is None  # DVC's new form replaced its old one
    assert answers[("POLICE", "2.11")]["statut"] == "réalisée" and answers[("DEV", "5.20")]["statut"] == "réalisée"
    assert data["occasions"] == []  # DVC's corrected form has none


def test_bad_files_in_the_folder_do_not_stop_the_others(made, tmp_path):
    config, _, _ = made
    back = tmp_path / "retours"
    back.mkdir()
    fill(config.forms_dir("2021") / "URBA.xlsx", back / "URBA.xlsx", {"2.1": {"Statut": "entamée"}})
    (back / "abime.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    (back / "ancien.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (back / "~$URBA.xlsx").write_bytes(b"lock file")
    other = openpyxl.Workbook()
    other.save(back / "autre.xlsx")
    try:
        outcome = collect_stage(config, back)
        lines = [p.line() for p in outcome.result.problems]
        assert [f.unit for f in outcome.result.forms] == ["URBA"]
        assert sorted(p.name for p in outcome.result.unreadable) == ["abime.xlsx", "ancien.xls", "autre.xlsx"]
        assert any(l.startswith("erreur [unreadable-workbook] abime.xlsx : classeur illisible (pas un classeur .xlsx valide, ou fichier tronqué)") for l in lines)
        assert ("erreur [other-spreadsheet-format] ancien.xls : classeur Excel 97-2003 : enregistrez-le au format Excel "
                "(.xlsx) puis collectez de nouveau.") in lines
        assert any(l.startswith("erreur [not-a-form] autre.xlsx : feuille « Instructions » absente") for l in lines)
    finally:
        config.collected_updates("2021").unlink(missing_ok=True)


def test_user_edited_updates_file_is_kept(made, tmp_path):
    config, _, _ = made
    target = config.collected_updates("2021")
    back = tmp_path / "retours"
    back.mkdir()
    fill(config.forms_dir("2021") / "URBA.xlsx", back / "URBA.xlsx", {"2.1": {"Statut": "entamée"}})
    try:
        collect_stage(config, back)
        target.write_text(target.read_text(encoding="utf-8") + "# note de la rédactrice\n", encoding="utf-8")
        outcome = collect_stage(config, back)
        assert outcome.kept and "mises-a-jour-2021.yaml" in outcome.kept
        assert target.read_text(encoding="utf-8").endswith("# note de la rédactrice\n")
        assert outcome.updates.name == "mises-a-jour-2021.nouveau.yaml"
    finally:
        for path in (target, target.with_name("mises-a-jour-2021.nouveau.yaml")):
            path.unlink(missing_ok=True)


def test_forms_open_in_libreoffice_with_real_drop_down_lists(made, tmp_path):
    require_tool("soffice", "libreoffice-calc-nogui")
    config, _, _ = made
    source = config.forms_dir("2021") / "DVC.xlsx"
    done = subprocess.run(["soffice", "--headless", "--calc", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir",
                           str(tmp_path), str(source)], capture_output=True, timeout=180)
    converted = tmp_path / "DVC.xlsx"
    assert done.returncode == 0 and converted.exists(), done.stderr
    book = openpyxl.load_workbook(converted)
    sheet = book["Actions"]
    lists = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert lists and lists[0].formula1.strip('"').split(",") == STATUSES
    assert sheet.protection.sheet
    # A form saved by LibreOffice is collected like one saved by Excel.
    back = tmp_path / "retours"
    back.mkdir()
    fill(converted, back / "DVC.xlsx", {"5.10": {"Statut": "reportée"}})
    try:
        outcome = collect_stage(config, back)
        assert [f.unit for f in outcome.result.forms] == ["DVC"] and not outcome.result.unreadable
    finally:
        config.collected_updates("2021").unlink(missing_ok=True)


def test_forms_command_refuses_another_cycle(tmp_path):
    done = subprocess.run([sys.executable, "-m", "pipeline", "forms", "--cycle", "2022"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip() == ("erreur : le cycle 2022 n'est pas celui que prépare config.yaml (drafts.annual.cycle : "
                                   "2021) ; changez-le dans config.yaml ou indiquez --cycle 2021.")


def test_planned_actions_are_the_plan_drafts_actions(made):
    config, actions, _ = made
    plan = extract_document(config.outputs.dir / "plan-deploiement-2021.docx").record
    assert [f"{a.axis}.{a.number}" for a in plan.actions] == [a.key for a in actions]


def test_forms_and_collect_commands_as_staff_run_them(tmp_path):
    """The two commands end to end, on a config of its own (outputs in tmp_path)."""
    corpus = ROOT / "corpus"
    config = tmp_path / "config.yaml"
    config.write_text(yaml.safe_dump({
        "documents": [{"path": str(corpus / "bilan-2020.txt"), "kind": "bilan", "cycle": "2020"},
                      {"path": str(corpus / "plan-deploiement-2020.txt"), "kind": "plan_deploiement", "cycle": "2020"}],
        "outputs": {"dir": "sortie", "records": "sortie/records"},
        "drafts": {"annual": {"from_cycle": "2020"}},  # the cycle drafted, 2021, follows
    }, allow_unicode=True), encoding="utf-8")

    def run(*args):
        return subprocess.run([sys.executable, "-m", "pipeline", *args, "--config", str(config)], cwd=tmp_path,
                              capture_output=True, text=True, timeout=300)

    done = run("forms", "--cycle", "2021")
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("5 formulaire(s) pour 12 action(s) du plan 2021 dans ")
    forms = tmp_path / "sortie" / "formulaires-2021"
    back = tmp_path / "retours"
    back.mkdir()
    fill(forms / "URBA.xlsx", back / "URBA.xlsx", {"2.1": {"Statut": "réalisée", ACHIEVEMENTS: "Répertoire publié."}})
    (back / "vieux.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    done = run("collect", str(back))
    assert done.returncode == 1  # one workbook could not be read; the other was collected
    lines = done.stderr.strip().splitlines()
    assert lines[0] == ("erreur [other-spreadsheet-format] vieux.xls : classeur Excel 97-2003 : enregistrez-le au "
                        "format Excel (.xlsx) puis collectez de nouveau.")
    assert lines[-1].startswith("1 formulaire(s) collecté(s), 1 illisible(s)")
    data = yaml.safe_load((tmp_path / "sortie" / "mises-a-jour-2021.yaml").read_text(encoding="utf-8"))
    assert [(r["unité"], r["action"], r["statut"]) for r in data["réponses"]] == [("URBA", "2.1", "réalisée")]
    assert (tmp_path / "sortie" / "rapport-collecte-2021.md").exists()
