"""Consistency rules: the corpus's whole report against the golden one read by hand, and each rule on
records changed the way another year's documents could be."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.ledger import NamedRecord, build_ledger, ledger_and_findings, report_markdown
from pipeline.ledger.consistency import bad_cross_references, lead_mismatch, summary_mismatch, title_drift
from pipeline.names import resolver_for

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def corpus_findings(tmp_path_factory, bilan_2020, plan_2020, plan_2023, immigration, gouvernance):
    """The corpus's findings, from the records the session parsed once (the config's own documents)."""
    from tests.helpers import isolated_config

    config = load_config(isolated_config(tmp_path_factory.mktemp("coherence")))
    records = {r.source.path.rsplit("/", 1)[-1]: r for r in (bilan_2020, plan_2020, plan_2023, immigration, gouvernance)}
    pairs = [(doc, records[doc.path.name]) for doc in config.documents if doc.same_as is None]
    return ledger_and_findings(config, pairs=pairs)[1]


def test_the_corpus_report_is_the_golden_one(corpus_findings):
    golden = (ROOT / "tests" / "fixtures" / "golden" / "rapport-coherence.md").read_text(encoding="utf-8")
    assert report_markdown(corpus_findings) == golden


def test_severities_codes_and_order(corpus_findings):
    assert [f.severity.value for f in corpus_findings][:2] == ["error", "error"]
    counted = {}
    for f in corpus_findings:
        counted[(f.severity.value, f.code)] = counted.get((f.severity.value, f.code), 0) + 1
    assert counted == {("error", "bad-cross-reference"): 2, ("warning", "lead-mismatch"): 1, ("warning", "title-drift"): 1,
                       ("warning", "unresolved-name"): 4, ("info", "lead-mismatch"): 1, ("info", "name-variant"): 18,
                       ("info", "summary-mismatch"): 3}


def _ledger(*pairs):
    sources = [NamedRecord(name, record) for name, record in pairs]
    return build_ledger(sources, []), sources


def test_a_changed_title_is_a_drift_with_the_plans_title_kept(plan_2020, bilan_2020):
    bilan = bilan_2020.model_copy(deep=True)
    action = next(a for a in bilan.actions if a.key == "2.1")
    action.title = "Un tout autre intitulé pour cette action"
    ledger, _ = _ledger(("plan.txt", plan_2020), ("bilan.txt", bilan))
    drift = [f for f in title_drift(ledger) if f.number == "1" and f.axis == 2]
    assert len(drift) == 1 and drift[0].sources == ["bilan.txt", "plan.txt"]
    assert drift[0].message.endswith("Titre retenu : celui de plan.txt.")
    assert "« Un tout autre intitulé pour cette action » (bilan.txt)" in drift[0].message
    assert 0 <= drift[0].details["similarity"] < 100


def test_a_directions_code_covers_its_services_and_a_partial_match_is_information(plan_2020, bilan_2020):
    ledger, _ = _ledger(("plan.txt", plan_2020), ("bilan.txt", bilan_2020))
    found = {(f.axis, f.number): f for f in lead_mismatch(ledger, resolver_for())}
    assert (2, "4") in found and found[(2, "4")].severity.value == "warning"
    assert found[(2, "4")].message == ("Action 2.4 (2020) : le plan confie l'action à URBA, le bilan nomme Direction du "
                                       "développement économique et de la promotion.")
    partial = [f for f in found.values() if f.severity.value == "info"]
    assert partial and all(f.message.endswith("(en partie seulement).") for f in partial)
    assert (5, "7.d") not in found  # DVC planned, its service (SAC) reported: covered


def test_summary_counts_against_the_fiches(bilan_2020):
    bilan = bilan_2020.model_copy(deep=True)
    row = next(r for r in bilan.summary if r.axis == 3)
    row.planned += 1
    row.started_or_done = 0
    ledger, sources = _ledger(("bilan.txt", bilan))
    axis_3 = [f for f in summary_mismatch(sources, ledger) if f.axis == 3]
    planned = next(f for f in axis_3 if f.severity.value == "error")
    assert planned.message.startswith(f"SOMMAIRE du bilan 2020, axe 3 : {row.planned} actions prévues annoncées, "
                                      f"{row.planned - 1} fiches d'action dans le document.")
    started = next(f for f in axis_3 if f.severity.value == "warning")
    assert started.message.startswith("SOMMAIRE du bilan 2020, axe 3 : 0 actions entamées ou réalisées annoncées, ")


def test_a_footnote_citing_the_right_action_is_no_finding(bilan_2020):
    bilan = bilan_2020.model_copy(deep=True)
    for footnote in bilan.footnotes:
        footnote.text = footnote.text.replace("# 8 de l'axe 5", "# 26 de l'axe 5").replace("# 3 de l'axe 2", "# 8 de l'axe 2")
    _, sources = _ledger(("bilan.txt", bilan))
    assert bad_cross_references(sources) == []
    _, original = _ledger(("bilan.txt", bilan_2020))
    assert [(f.axis, f.number, f.details) for f in bad_cross_references(original)] == [
        (2, "8", {"cited": "5.8", "probable": "5.26"}), (5, "26", {"cited": "2.3", "probable": "2.8"})]


def test_the_findings_json_is_the_golden_one(corpus_findings):
    """Every finding's code, severity, action, sources and details, as `check --json` prints them;
    tests/fixtures/golden/constats.json was written from this build and read against the report."""
    import json

    golden = json.loads((ROOT / "tests" / "fixtures" / "golden" / "constats.json").read_text(encoding="utf-8"))
    assert json.loads(json.dumps([f.as_json() for f in corpus_findings], ensure_ascii=False)) == golden


def test_planned_not_reported_and_the_reverse_with_their_messages(plan_2020, bilan_2020):
    from pipeline.ledger.consistency import lead_mismatch, planned_vs_reported

    plan = plan_2020.model_copy(deep=True)
    plan.actions = [a for a in plan.actions if a.key != "2.4"]
    bilan = bilan_2020.model_copy(deep=True)
    bilan.actions = [a for a in bilan.actions if a.key != "3.21"]
    ledger, _ = _ledger(("plan.txt", plan), ("bilan.txt", bilan))
    found = [(f.code, f.severity.value, f.axis, f.number, f.message, f.sources) for f in planned_vs_reported(ledger)]
    assert found == [
        ("reported-not-planned", "warning", 2, "4", "Action 2.4 rapportée au bilan 2020 mais absente du plan 2020.",
         ["bilan.txt"]),
        ("planned-not-reported", "error", 3, "21", "Action 3.21 prévue au plan 2020 mais absente du bilan 2020.",
         ["plan.txt"]),
    ]
    assert all(f.number != "21" for f in lead_mismatch(ledger, resolver_for()))  # a plan alone is no mismatch
    alone, _ = _ledger(("plan.txt", plan))  # no bilan of that cycle at all: nothing is missing from it
    assert planned_vs_reported(alone) == []


def test_lead_mismatch_is_looked_for_in_every_cycle(plan_2020, bilan_2020):
    from pipeline.ledger.consistency import lead_mismatch

    earlier_plan = plan_2020.model_copy(deep=True, update={"cycle": "2019"})
    earlier_bilan = bilan_2020.model_copy(deep=True, update={"cycle": "2019"})
    planned = {a.key: a for a in earlier_plan.actions}
    for action in earlier_bilan.actions:  # 2019: every bilan names the plan's own leads
        if action.key in planned:
            action.leads = planned[action.key].leads
    only_plan = plan_2020.model_copy(deep=True, update={"cycle": "2018"})
    ledger, _ = _ledger(("plan-2018.txt", only_plan), ("plan-2019.txt", earlier_plan), ("bilan-2019.txt", earlier_bilan),
                        ("plan.txt", plan_2020), ("bilan.txt", bilan_2020))
    found = [(f.number, f.message.split(" : ")[0]) for f in lead_mismatch(ledger, resolver_for()) if f.axis == 2]
    assert ("4", "Action 2.4 (2020)") in found and all("2019" not in m and "2018" not in m for _, m in found)


def test_summary_lists_the_cancelled_actions_of_the_axis(bilan_2020):
    bilan = bilan_2020.model_copy(deep=True)
    action = next(a for a in bilan.actions if a.key == "2.9")
    action.achievements = []  # only "annulée" left: the action is cancelled
    row = next(r for r in bilan.summary if r.axis == 2)
    ledger, sources = _ledger(("bilan.txt", bilan))
    started = [f for f in summary_mismatch(sources, ledger) if f.axis == 2 and f.severity.value == "warning"]
    counted = sum(1 for e in ledger.entries.values() if e.axis == 2 and e.cycles["2020"].status in
                  ("done_or_under_way", "postponed", "suspended"))
    assert [f.message for f in started] == [
        f"SOMMAIRE du bilan 2020, axe 2 : {row.started_or_done} actions entamées ou réalisées annoncées, {counted} selon "
        f"les fiches (annulées : 2.9)."]
    assert started[0].code == "summary-mismatch" and started[0].sources == ["bilan.txt"]


def test_a_cross_reference_to_an_action_that_says_something_else(bilan_2020):
    bilan = bilan_2020.model_copy(deep=True)
    note = next(f for f in bilan.footnotes if "axe 5" in f.text)
    note.text = "Action également inscrite à l'action # 1 (b) de l'axe 4."
    citing = next(a for a in bilan.actions if a.key == note.cited_by[0])
    for item in citing.achievements:
        item.footnote_refs = [note.marker]
    _, sources = _ledger(("bilan.txt", bilan))
    found = [f for f in bad_cross_references(sources) if f.number == "8" and f.axis == 2]
    assert [(f.message, f.details) for f in found] == [(
        f"Bilan 2020, note {note.marker} de l'action 2.8 : « {note.text} » renvoie à l'action 4.1.b, qui n'existe pas "
        f"dans ce bilan. Le même contenu figure à l'action 5.26.", {"cited": "4.1.b", "probable": "5.26"})]
    note.text = "Action également inscrite à l'action # 1 de l'axe 2."
    found = [f for f in bad_cross_references(sources) if f.number == "8" and f.axis == 2]
    assert found[0].message.endswith("renvoie à l'action 2.1, qui ne dit pas ce qui est cité. Le même contenu figure à "
                                      "l'action 5.26.")


def test_a_citing_sub_action_and_an_unknown_citing_key(bilan_2020):
    bilan = bilan_2020.model_copy(deep=True)
    note = next(f for f in bilan.footnotes if "axe 5" in f.text)
    bilan.actions[0] = bilan.actions[0].model_copy(update={"number": "7.d", "axis": 5})
    note.cited_by = ["9.99", bilan.actions[0].key] + note.cited_by
    _, sources = _ledger(("bilan.txt", bilan))
    found = [(f.axis, f.number, f.details["probable"]) for f in bad_cross_references(sources)]
    assert (5, "7.d", None) in found and all(n != "99" for _, n, _ in found)
    hinted = next(f for f in bad_cross_references(sources) if (f.axis, f.number) == (5, "7.d"))
    assert hinted.message.endswith("renvoie à l'action 5.8, qui n'existe pas dans ce bilan.")
