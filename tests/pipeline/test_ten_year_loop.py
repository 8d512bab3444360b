"""The ten-year loop as staff run it, on a copy of the project driven by `make`: the 2021 drafts
finished by a writer, declared, the cycle moved, the 2022 drafts built from them; then a make
with nothing changed does nothing."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from pipeline.extraction import extract_document
from tests.project import Project, copy
from tests.writer import finish_bilan

ROOT = Path(__file__).resolve().parents[2]
POSTPONED_NOTE = "➔ Reportée en 2022 : le financement n'a pas été confirmé."


def _digest(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


@pytest.fixture(scope="module")
def loop(tmp_path_factory):
    if shutil.which("make") is None:
        pytest.skip("make absent")
    project = Project(tmp_path_factory.mktemp("projet"))
    first = project.make()
    assert "Ébauches en préparation : cycle 2021 (plan de déploiement et bilan, d'après le cycle 2020)." in first.stdout
    # The writer finishes the 2021 bilan; the 2021 plan is published as drafted.
    written = finish_bilan(project.out("bilan-2021.docx"), project.root / "corpus" / "bilan-2021.docx", "2021",
                           postponed={"2.11": POSTPONED_NOTE}, going_on={"3.8"},
                           new_partners={"1.7": "Ville de Québec"})
    shutil.copy2(project.out("plan-deploiement-2021.docx"), project.root / "corpus" / "plan-deploiement-2021.docx")
    drafts_2021 = {name: _digest(project.out(name)) for name in ("bilan-2021.docx", "plan-deploiement-2021.docx")}
    project.config["documents"] += [
        {"path": "corpus/plan-deploiement-2021.docx", "kind": "plan_deploiement", "cycle": "2021"},
        {"path": "corpus/bilan-2021.docx", "kind": "bilan", "cycle": "2021"},
    ]
    project.config["drafts"]["annual"] = {"from_cycle": "2021", "select": ["1.2"]}
    project.save()
    second = project.make()
    third = project.make()
    return project, written, drafts_2021, second, third


def test_the_finished_2021_bilan_reads_back_with_the_writers_facts(loop):
    project, written, _, _, _ = loop
    record = extract_document(project.root / "corpus" / "bilan-2021.docx").record
    assert record.kind == "bilan" and record.cycle == "2021" and record.unplaced == []
    by_key = {a.key: a for a in record.actions}
    assert {k: [i.text for i in a.achievements] for k, a in by_key.items()} == written
    assert [n.text for n in by_key["2.11"].notes] == [POSTPONED_NOTE]
    assert "Ville de Québec" in [p.name for p in by_key["1.7"].partners]
    assert [(r.axis, r.started_or_done) for r in record.summary] == [(1, 2), (2, 3), (3, 2), (4, 1), (5, 3), (None, 11)]


def test_the_ledger_holds_the_2021_statuses_and_partners(loop):
    project = loop[0]
    ledger = {e["key"]: e for e in json.loads(project.out("ledger.json").read_text(encoding="utf-8"))}
    facts = ledger["2.11"]["cycles"]["2021"]
    assert facts["planned"] and facts["reported"] and facts["status"] == "postponed"
    assert facts["status_evidence"] == [POSTPONED_NOTE]
    assert ledger["3.8"]["cycles"]["2021"]["under_way"] == ["Travaux en cours en 2021 pour l'action 3.8."]
    partners = ledger["1.7"]["cycles"]["2021"]["bilan"]["partners"]
    assert {"name": "Ville de Québec", "id": "ville-quebec"} in partners and all(p["id"] for p in partners)
    assert ledger["1.2"]["catalogue"]["title"].startswith("Étudier la faisabilité")


def test_the_2022_plan_carries_the_postponed_and_under_way_actions_and_the_selected_one(loop):
    project = loop[0]
    plan = extract_document(project.out("plan-deploiement-2022.docx")).record
    assert plan.cycle == "2022" and plan.unplaced == []
    by_key = {a.key: a for a in plan.actions}
    assert set(by_key) == {"2.11", "3.8", "1.2"}
    assert [l.name for l in by_key["1.2"].leads] == ["BMD"]
    assert by_key["1.2"].title.startswith("Étudier la faisabilité d'un service de transport collectif de soirée")
    bilan = extract_document(project.out("bilan-2022.docx")).record
    assert sorted(a.key for a in bilan.actions) == sorted(by_key)


def test_the_2021_drafts_were_left_as_they_were(loop):
    project, _, drafts_2021, second, _ = loop
    for name, digest in drafts_2021.items():
        assert _digest(project.out(name)) == digest, name
    assert "Ébauches en préparation : cycle 2022" in second.stdout
    assert "ébauches d'un cycle précédent laissées telles quelles (plus régénérées) : bilan-2021.docx, " \
           "plan-deploiement-2021.docx." in second.stderr


def test_a_second_make_does_nothing(loop):
    third = loop[4]
    assert "pipeline" not in third.stdout and third.stderr == ""
    assert third.stdout.strip() == "Ébauches en préparation : cycle 2022 (plan de déploiement et bilan, d'après le cycle 2021)."


IMMIGRATION = "Plan d'action en immigration"
COURT = "Cour municipale adaptée"
ACCESS = "Plan d'action en accès universel"


@pytest.fixture(scope="module")
def biennial(tmp_path_factory):
    """The biennial side: the 2023-2024 bilan draft finished and declared feeds the 2025-2026
    plan; then that plan, published, opens the 2025-2026 bilan and the 2027-2028 plan."""
    from tests.writer import finish_biennial_bilan

    if shutil.which("make") is None:
        pytest.skip("make absent")
    project = Project(tmp_path_factory.mktemp("biennal"))
    for name in ("plan-deploiement-2023-2024.txt", "plan-action-immigration-2022-2024.txt"):
        copy(ROOT / "corpus" / name, project.root / "corpus" / name)
    plan, immigration = "corpus/plan-deploiement-2023-2024.txt", "corpus/plan-action-immigration-2022-2024.txt"
    project.config["documents"] += [
        {"path": plan, "kind": "plan_deploiement", "cycle": "2023-2024"},
        {"path": immigration, "kind": "plan_immigration", "cycle": "2022-2024"},
    ]
    # Two programmes stand for actions of the plan: the immigration plan (5.26) and, in this
    # scenario, the adapted municipal court (2.18); the universal access plan carries none.
    project.config["links"] = [{"document": immigration, "action": "5.26"},
                               {"document": plan, "action": "5.26", "program": IMMIGRATION},
                               {"document": plan, "action": "2.18", "program": COURT}]
    project.config["drafts"] = {"biennial": {"from_cycle": "2023-2024"}}
    project.save()
    first = project.make()
    draft = project.out("bilan-2023-2024.docx")
    finish_biennial_bilan(draft, project.root / "corpus" / "bilan-2023-2024.docx", "2023-2024",
                          achievements={IMMIGRATION: "Travaux en cours : la moitié des actions est amorcée.",
                                        COURT: "Le programme ParCOURs est implanté et offert à la cour."},
                          notes={ACCESS: "➔ Reporté en 2025 faute de ressources."})
    before = _digest(draft)
    project.config["documents"].append({"path": "corpus/bilan-2023-2024.docx", "kind": "bilan", "cycle": "2023-2024"})
    project.save()
    second = project.make()
    after_bilan = {"draft": _digest(draft), "before": before, "second": second, "first": first}
    again = project.make()
    plan_2025 = extract_document(project.out("plan-deploiement-2025-2026.docx")).record
    # The 2025-2026 plan, published as drafted, opens the next biennial cycle.
    shutil.copy2(project.out("plan-deploiement-2025-2026.docx"), project.root / "corpus" / "plan-deploiement-2025-2026.docx")
    project.config["documents"].append({"path": "corpus/plan-deploiement-2025-2026.docx", "kind": "plan_deploiement",
                                        "cycle": "2025-2026"})
    project.config["drafts"] = {"biennial": {"from_cycle": "2025-2026"}}
    project.save()
    third = project.make()
    return project, after_bilan, again, plan_2025, third


def test_the_finished_biennial_bilan_gives_the_linked_actions_their_status(biennial):
    project = biennial[0]
    record = extract_document(project.root / "corpus" / "bilan-2023-2024.docx").record
    assert record.kind == "bilan" and record.format == "biennal" and record.unplaced == []
    assert [p.rank for p in record.priorities] == [1, 2, 3, 4, 5] and len(record.programs) == 5
    ledger = {e["key"]: e for e in json.loads(project.out("ledger.json").read_text(encoding="utf-8"))}
    immigration = ledger["5.26"]["cycles"]["2023-2024"]
    assert immigration["reported"] and immigration["status"] == "done_or_under_way"
    assert immigration["under_way"] == ["Travaux en cours : la moitié des actions est amorcée."]
    court = ledger["2.18"]["cycles"]["2023-2024"]
    assert court["status"] == "done_or_under_way" and not court.get("under_way")


def test_the_2025_2026_plan_follows_the_carry_over_rules(biennial):
    project, after_bilan, _, plan_2025, _ = biennial
    titles = [g.title for g in plan_2025.programs]
    assert IMMIGRATION in titles and ACCESS in titles and COURT not in titles  # done, and it stands for 2.18
    assert [g.rank for g in plan_2025.programs] == list(range(1, len(titles) + 1))
    assert len(plan_2025.priorities) == 5  # no action numbers: all carried for revision
    assert f"plan-deploiement-2025-2026.docx : « {COURT} » n'est pas repris (réalisé au bilan 2023-2024 : " \
           "Le programme ParCOURs est implanté et offert à la cour.)." in after_bilan["second"].stderr
    import zipfile

    with zipfile.ZipFile(project.out("plan-deploiement-2025-2026.docx")) as z:
        comments = z.read("word/comments.xml").decode("utf-8")
    assert "Reprise : en cours au bilan 2023-2024 : Travaux en cours : la moitié des actions est amorcée." in comments
    assert "Reprise : reporté au bilan 2023-2024 : ➔ Reporté en 2025 faute de ressources." in comments


def test_the_biennial_bilan_draft_is_left_once_the_bilan_is_declared(biennial):
    _, after_bilan, again, _, _ = biennial
    assert after_bilan["draft"] == after_bilan["before"]
    assert "bilan 2023-2024 et plan" in after_bilan["first"].stdout
    assert "cycle biennal 2025-2026 (plan, d'après le cycle 2023-2024)." in after_bilan["second"].stdout
    assert "pipeline" not in again.stdout and again.stderr == ""


def test_the_next_biennial_cycle_opens_from_the_published_plan(biennial):
    project, _, _, plan_2025, third = biennial
    assert "cycle biennal 2027-2028 (bilan 2025-2026 et plan, d'après le cycle 2025-2026)." in third.stdout
    bilan = extract_document(project.out("bilan-2025-2026.docx")).record
    assert bilan.format == "biennal" and bilan.cycle == "2025-2026" and bilan.unplaced == []
    assert [g.title for g in bilan.programs] == [g.title for g in plan_2025.programs]
    plan = extract_document(project.out("plan-deploiement-2027-2028.docx")).record
    assert plan.cycle == "2027-2028" and [g.title for g in plan.programs] == [g.title for g in plan_2025.programs]
