"""A family of bilan drafts, drawn from the 2020 bilan's own sentences and names: any subset of
actions per axis, sub-actions ("7.d"), none to four achievements, a "➔" note or not, one to
three leads, no partner to a dozen (a side column longer than its fiche, a row that must break
across pages), occasions saisies with or without leads and partners, names with « & », « < ».
Each member, rendered through templates/bilan.docx, reads back through the DOCX reader into the
facts it was rendered from; a few also through LibreOffice and the PDF reader.

DRAFT_SEEDS (default 12) sets how many members `make test` draws."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from extract.parsers.common import PLACEHOLDER
from pipeline.drafts import Sources, render_document
from pipeline.drafts.contexts import AXIS_TITLES
from pipeline.drafts.preview import to_pdf
from pipeline.extraction import extract_document
from tests.helpers import require_tool

ROOT = Path(__file__).resolve().parents[2]
SEEDS = int(os.environ.get("DRAFT_SEEDS", "12"))
ODD_NAMES = ["Café & Cie <Lévis>", "Maison de la famille « Chutes-Chaudière »", "L'Archipel d'Entraide"]


def _names(record) -> list[str]:
    seen = dict.fromkeys(n.name for a in record.actions for n in a.leads + a.partners)
    return list(seen)


def _context(rng: random.Random, record) -> dict:
    names = _names(record) + ODD_NAMES
    leads = sorted({l.name for a in record.actions for l in a.leads})
    sentences = [i.text for a in record.actions for i in a.achievements]
    sources = Sources()
    axes = []
    for number in range(1, 6):
        pool = [a for a in record.actions if a.axis == number]
        chosen = sorted(rng.sample(pool, rng.randint(0, min(len(pool), 5))), key=lambda a: record.actions.index(a))
        actions = []
        for a in chosen:
            achievements = rng.sample(sentences, rng.choice([0, 1, 1, 2, 4]))
            partners = rng.sample(names, rng.choice([0, 1, 2, 3, 12]))
            actions.append({
                "number": a.number, "title": a.title,
                "achievements": achievements or ["[À compléter : réalisations 2031]"],
                "notes": ["➔ Reportée : " + rng.choice(sentences)] if rng.random() < 0.3 else [],
                "leads": [{"name": n, "src": sources.mark(f"source {n}")} for n in rng.sample(leads, rng.randint(1, 3))],
                "partners": [{"name": n, "src": sources.mark(f"source {n}")} for n in partners],
                "src": sources.mark("titre"), "status": None,
            })
        opportunities = [{
            "objective": rng.choice(sentences), "achievements": rng.sample(sentences, rng.randint(1, 2)),
            "leads": rng.sample(leads, rng.randint(0, 2)), "partners": rng.sample(names, rng.randint(0, 3)),
            "src": sources.mark("occasion"),
        } for _ in range(rng.choice([0, 0, 1, 2]))]
        axes.append({"number": number, "title": AXIS_TITLES[number], "actions": actions, "opportunities": opportunities})
    planned = [len(axis["actions"]) for axis in axes]
    return {
        "cycle": "2031", "subtitle": "Ébauche du bilan 2031", "slogan": rng.choice(["", "Au cœur du courant Lévis!"]),
        "credits": [{"title": "RÉDACTION", "lines": ["Mylène Bédard", "Conseillère en développement social"]}],
        "intro": [], "intro_from": "",
        "summary": [{"label": f"{n}. {AXIS_TITLES[n].capitalize()}", "planned": str(planned[n - 1]), "started": "",
                     "opportunities": ""} for n in range(1, 6)] + [{"label": "", "planned": str(sum(planned)),
                                                                     "started": "", "opportunities": ""}],
        "chart": None, "chart_caption": "", "axes": axes,
    }, sources


def _want(context) -> tuple[list, list]:
    actions = [(axis["number"], a["number"], a["title"], [t for t in a["achievements"] if not PLACEHOLDER.match(t)],
                a["notes"], [n["name"] for n in a["leads"]], [n["name"] for n in a["partners"]])
               for axis in context["axes"] for a in axis["actions"]]
    occasions = [(axis["number"], o["objective"], o["achievements"], o["leads"], o["partners"])
                 for axis in context["axes"] for o in axis["opportunities"]]
    return actions, occasions


def _got(record) -> tuple[list, list]:
    actions = [(a.axis, a.number, a.title, [i.text for i in a.achievements], [n.text for n in a.notes],
                [n.name for n in a.leads], [n.name for n in a.partners]) for a in record.actions]
    occasions = [(o.axis, o.objective, [i.text for i in o.achievements], [n.name for n in o.leads],
                  [n.name for n in o.partners]) for o in record.opportunities]
    return actions, occasions


def _render(seed: int, bilan_2020, folder: Path) -> tuple[dict, Path]:
    context, sources = _context(random.Random(seed), bilan_2020)
    path = folder / f"bilan-famille-{seed}.docx"
    path.write_bytes(render_document(ROOT / "templates" / "bilan.docx", context, sources))
    return context, path


@pytest.mark.parametrize("seed", range(SEEDS))
def test_a_drawn_bilan_draft_reads_back_as_rendered(seed, bilan_2020, tmp_path):
    context, path = _render(seed, bilan_2020, tmp_path)
    extraction = extract_document(path)
    assert _got(extraction.record) == _want(context)
    assert extraction.record.unplaced == []


@pytest.mark.parametrize("seed", [0, 1])
def test_a_drawn_bilan_draft_reads_back_through_libreoffice_and_the_pdf_reader(seed, bilan_2020, tmp_path):
    require_tool("soffice", "libreoffice-writer-nogui")
    context, path = _render(seed, bilan_2020, tmp_path)
    record = extract_document(to_pdf(path, tmp_path / f"{path.stem}.pdf")).record
    assert _got(record) == _want(context)


def _plan_context(rng: random.Random, plan_2020, bilan_2020) -> tuple[dict, Sources]:
    """A deployment plan draft: one to twelve actions per axis (a table over several pages), one to
    three unit codes, a follow-up from one line to a long paragraph."""
    sources = Sources()
    codes = sorted({l.name for a in plan_2020.actions for l in a.leads})
    sentences = [i.text for a in bilan_2020.actions for i in a.achievements]
    pool = plan_2020.actions
    axes = []
    for number in range(1, 6):
        mine = [a for a in pool if a.axis == number] or pool
        chosen = [rng.choice(mine) for _ in range(rng.choice([1, 2, 5, 12]))]
        axes.append({"number": number, "title": AXIS_TITLES[number], "actions": [{
            "number": a.number, "title": a.title, "leads": " ".join(rng.sample(codes, rng.randint(1, 3))),
            "reason": " ".join(rng.sample(sentences, rng.choice([1, 1, 3]))), "src": sources.mark("plan"),
        } for a in chosen]})
    glossary = [{"code": c, "name": f"Unité {c.lower()}"} for c in codes]
    return {"cycle": "2031", "subtitle": "Ébauche", "intro": "Ébauche préparée.", "axes": axes, "glossary": glossary}, sources


def _plan_facts(context) -> list:
    return [(axis["number"], a["number"], a["title"], a["leads"]) for axis in context["axes"] for a in axis["actions"]]


def _plan_got(record) -> list:
    return [(a.axis, a.number, a.title, " ".join(n.name for n in a.leads)) for a in record.actions]


@pytest.mark.parametrize("seed", range(SEEDS // 2))
def test_a_drawn_plan_draft_reads_back_as_rendered(seed, plan_2020, bilan_2020, tmp_path):
    context, sources = _plan_context(random.Random(seed), plan_2020, bilan_2020)
    path = tmp_path / f"plan-famille-{seed}.docx"
    path.write_bytes(render_document(ROOT / "templates" / "plan-deploiement.docx", context, sources))
    record = extract_document(path).record
    assert _plan_got(record) == _plan_facts(context) and record.unplaced == []
    assert record.glossary == {g["code"]: g["name"] for g in context["glossary"]}
    if seed < 2:
        require_tool("soffice", "libreoffice-writer-nogui")
        from_pdf = extract_document(to_pdf(path, tmp_path / f"{path.stem}.pdf")).record
        assert _plan_got(from_pdf) == _plan_facts(context)
