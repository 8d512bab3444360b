"""Every draft, read back through the project's own readers, gives the data it was rendered from:
the context each template received is compared field by field with the record read from the
Word file (the annual plan and bilan filled from an updates file, the biennial bilan and plan)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipeline.config import load_config
from pipeline.drafts import next_cycle_drafts, render_document
from pipeline.extraction import extract_document, records_for
from pipeline.ledger import ledger_and_findings
from pipeline.names import resolver_for
from extract.parsers.common import PLACEHOLDER
from tests.helpers import isolated_config


@pytest.fixture(scope="module")
def drafts(tmp_path_factory):
    folder = tmp_path_factory.mktemp("aller-retour")
    config = load_config(isolated_config(folder))
    resolver = resolver_for(config.registry)
    pairs = records_for(config)
    ledger, _ = ledger_and_findings(config, pairs=[(d, r) for d, r in pairs if d.same_as is None])
    entries = ledger.ordered()
    # The units' answers for every carried action: achievements, a postponed one, partners.
    first = next_cycle_drafts(config, entries, [r for _, r in pairs], resolver)[0]
    keys = [f"{axis['number']}.{a['number']}" for axis in first.context["axes"] for a in axis["actions"]]
    rows = [{"action": key, "statut": "reportée" if n % 4 == 0 else "réalisée",
             "réalisations": [] if n % 4 == 0 else [f"Première réalisation de {key}.", f"Seconde réalisation de {key}."],
             "partenaires": ["Équijustice Lévis", "Société de transport de Lévis"] if n % 3 == 0 else []}
            for n, key in enumerate(keys)]
    updates = folder / "mises-a-jour.yaml"
    updates.write_text(yaml.safe_dump(rows, allow_unicode=True), encoding="utf-8")
    config.drafts.annual.updates = updates
    out = {}
    for draft in next_cycle_drafts(config, entries, [r for _, r in pairs], resolver):
        path = folder / draft.output
        path.write_bytes(render_document(config.drafts.templates / draft.template, draft.context, draft.sources))
        extraction = extract_document(path)
        out[draft.template] = (draft.context, extraction.record)
        out.setdefault("warnings", {})[draft.template] = [w.message for w in extraction.warnings]
    return out


def record_warnings(drafts, template: str) -> list[str]:
    return drafts["warnings"][template]


def _names(refs) -> list[str]:
    return [r.name for r in refs]


def test_the_annual_plan_reads_back_as_rendered(drafts):
    context, record = drafts["plan-deploiement.docx"]
    want = [(axis["number"], a["number"], a["title"], a["leads"]) for axis in context["axes"] for a in axis["actions"]]
    got = [(a.axis, a.number, a.title, " ".join(_names(a.leads)) or "À déterminer") for a in record.actions]
    assert got == want and record.cycle == context["cycle"] and record.unplaced == []
    assert record.glossary == {g["code"]: g["name"] for g in context["glossary"]}


def test_the_annual_bilan_reads_back_as_rendered(drafts):
    context, record = drafts["bilan.docx"]
    want = [(axis["number"], a["number"], a["title"], [t for t in a["achievements"] if not PLACEHOLDER.match(t)],
             a["notes"], _names_of(a["leads"]), _names_of(a["partners"]))
            for axis in context["axes"] for a in axis["actions"]]
    got = [(a.axis, a.number, a.title, [i.text for i in a.achievements], [n.text for n in a.notes], _names(a.leads),
            _names(a.partners)) for a in record.actions]
    assert got == want and record.cycle == context["cycle"] and record.unplaced == []
    assert any(a[4] for a in want) and any(a[3] for a in want)  # notes and achievements were rendered
    # The spaces left to the writer are no facts: each is said once, with its action.
    left = [a["number"] for axis in context["axes"] for a in axis["actions"] if any(PLACEHOLDER.match(t) for t in a["achievements"])]
    assert left and len([w for w in record_warnings(drafts, "bilan.docx") if "espace à compléter laissé (action" in w]) == len(left)
    summary = [(r.planned, r.started_or_done, r.opportunities) for r in record.summary]
    assert summary == [(int(s["planned"]), int(s["started"]), int(s["opportunities"])) for s in context["summary"]]


def _names_of(people: list[dict]) -> list[str]:
    return [p["name"] for p in people]


def test_the_biennial_bilan_reads_back_as_rendered(drafts):
    context, record = drafts["bilan-biennal.docx"]
    assert record.kind == "bilan" and record.format == "biennal" and record.cycle == context["cycle"]
    assert [(p.rank, p.title, p.axis, p.objective, _names(p.partners)) for p in record.priorities] == \
        [(p["rank"], p["title"], p["axis"], p["objective"], _names_of(p["partners"])) for p in context["priorities"]]
    assert [(g.rank, g.title, g.axis, g.objective, ", ".join(_names(g.leads))) for g in record.programs] == \
        [(g["rank"], g["title"], g["axis"], g["objective"], g["leads"]) for g in context["programs"]]
    assert record.unplaced == []


def test_the_biennial_plan_reads_back_as_rendered(drafts):
    context, record = drafts["plan-deploiement-biennal.docx"]
    assert record.cycle == context["cycle"] and record.format == "biennal" and record.unplaced == []
    assert [(p.rank, p.title, p.axis, p.objective, "\n".join(_names(p.partners))) for p in record.priorities] == \
        [(p["rank"], p["title"], p["axis"], p["objective"], p["partners"]) for p in context["priorities"]]
    for section in ("programs", "other_plans"):
        assert [(g.rank, g.title, g.axis, g.objective, " ".join(_names(g.leads))) for g in getattr(record, section)] == \
            [(g["rank"], g["title"], g["axis"], g["objective"], g["leads"]) for g in context[section]], section
    for section in ("realities", "strategies"):
        assert [(r.rank, r.title, r.description or "") for r in getattr(record, section)] == \
            [(r["rank"], r["title"], r["description"]) for r in context[section]], section
    assert record.glossary == {g["code"]: g["name"] for g in context["glossary"]}
    assert (record.fund.text if record.fund else "") == context["fund"]


@pytest.mark.parametrize("template", ["bilan.docx", "bilan-biennal.docx"])
def test_the_carried_front_matter_reads_back_for_the_next_draft(drafts, template):
    """Next year's draft carries this one's slogan, credits and introduction: read back from the
    draft, the front matter is the one it was rendered with (the draft's own marks left out)."""
    from pipeline.drafts import front_matter

    context, record = drafts[template]
    front = front_matter(record)
    assert context["slogan"] and context["credits"] and context["intro"]
    assert front.slogan == context["slogan"]
    assert front.credits == context["credits"]
    assert front.intro == [p["text"] for p in context["intro"]]
