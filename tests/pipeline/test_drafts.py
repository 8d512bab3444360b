"""Next cycle's Word documents: built from the corpus into a temporary folder, read back."""

import zipfile
from pathlib import Path

import pytest

from pipeline.build import build
from pipeline.config import load_config
from pipeline.extraction import extract_document
from pipeline.drafts import RenderError, Sources, render_document

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
CARRIED = {"2.11", "2.15", "3.8", "4.12", "5.7.d", "5.10", "5.27"}


def keys(record):
    return [f"{a.axis}.{a.number}" if not a.number.startswith(f"{a.axis}.") else a.number for a in record.actions]


def test_documents_have_their_exact_names(built):
    out, messages, _ = built
    for name in ("plan-deploiement-2021.docx", "bilan-2021.docx", "bilan-2023-2024.docx", "plan-deploiement-2025-2026.docx",
                 "ledger.json", "ledger.xlsx", "rapport-coherence.md", "noms-a-reviser.md"):
        assert (out / name).exists(), name
    assert messages[-1].startswith("8 enregistrements")


def test_plan_2021_carries_postponed_suspended_and_under_way_actions(built):
    out, _, _ = built
    record = extract_document(out / "plan-deploiement-2021.docx").record
    assert record.kind == "plan_deploiement" and record.cycle == "2021" and record.unplaced == []
    assert CARRIED <= set(keys(record))
    leads = {f"{a.axis}.{a.number}": [l.name for l in a.leads] for a in record.actions}
    assert leads["2.11"] == ["POLICE"] and leads["5.27"] == ["INCENDIE"]  # the 2020 plan's codes
    text = "\n".join(p.text for p in __import__("docx").Document(str(out / "plan-deploiement-2021.docx")).paragraphs)
    assert "GLOSSAIRE" in text and "DVC : Direction de la vie communautaire" in text


def test_bilan_2021_round_trip_keys_leads_partners(built):
    out, _, config = built
    plan = extract_document(out / "plan-deploiement-2021.docx").record
    bilan = extract_document(out / "bilan-2021.docx").record
    assert bilan.kind == "bilan" and bilan.cycle == "2021" and bilan.unplaced == []
    assert keys(bilan) == keys(plan)
    source = extract_document(ROOT / "corpus" / "bilan-2020.txt").record
    before = {f"{a.axis}.{a.number}": a for a in source.actions}
    for action in bilan.actions:
        old = before[f"{action.axis}.{action.number}"]
        assert [l.id for l in action.leads] == [l.id for l in old.leads]
        assert [p.id for p in action.partners if p.id] == [p.id for p in old.partners if p.id]
    assert [r.planned for r in bilan.summary if r.axis] == [sum(1 for k in keys(plan) if k.startswith(f"{n}.")) for n in range(1, 6)]


def test_biennial_drafts(built):
    out, _, _ = built
    annex = extract_document(out / "bilan-2023-2024.docx", kind="plan_immigration").record
    numbers = [a.number for a in annex.actions]
    assert {"2.1", "2.3", "4.3", "5.2"} <= set(numbers) and not {"4.2", "5.3", "5.11"} & set(numbers)
    source = {a.number: a for a in extract_document(ROOT / "corpus" / "plan-action-immigration-2022-2024.txt").record.actions}
    for action in annex.actions:
        assert [p.id for p in action.partners] == [p.id for p in source[action.number].partners]
    import docx

    text = "\n".join(p.text for p in docx.Document(str(out / "bilan-2023-2024.docx")).paragraphs)
    assert text.index("PRIORITÉ 1 — Accessibilité au logement") < text.index("PRIORITÉ 5 — La mobilité des personnes aînées")
    plan = extract_document(out / "plan-deploiement-2025-2026.docx").record
    old = extract_document(ROOT / "corpus" / "plan-deploiement-2023-2024.txt").record
    assert plan.cycle == "2025-2026" and plan.format == "biennal"
    assert [(p.rank, p.axis, [n.id for n in p.partners]) for p in plan.priorities] == \
        [(p.rank, p.axis, [n.id for n in p.partners]) for p in old.priorities]
    assert [g.title for g in plan.programs] == [g.title for g in old.programs]
    assert [s.title for s in plan.strategies] == [s.title for s in old.strategies] and plan.glossary == old.glossary


def _anchored_comments(path):
    """(text the comment is anchored on, comment text) for each Word comment of a document."""
    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    archive = zipfile.ZipFile(path)
    texts = {c.get(w + "id"): "\n".join("".join(t.text or "" for t in p.iter(w + "t")) for p in c.iter(w + "p"))
             for c in etree.fromstring(archive.read("word/comments.xml")).iter(w + "comment")}
    anchors: dict[str, str] = {}
    open_ids: set[str] = set()
    for element in etree.fromstring(archive.read("word/document.xml")).iter():
        if element.tag == w + "commentRangeStart":
            open_ids.add(element.get(w + "id"))
            anchors[element.get(w + "id")] = ""
        elif element.tag == w + "commentRangeEnd":
            open_ids.discard(element.get(w + "id"))
        elif element.tag == w + "t":
            for comment_id in open_ids:
                anchors[comment_id] += element.text or ""
    assert set(anchors) == set(texts)
    return [(anchors[i], texts[i]) for i in texts]


def test_each_prefilled_fact_has_one_comment_anchored_on_it(built):
    out, _, config = built
    pairs = _anchored_comments(out / "bilan-2021.docx")
    assert "⟦" not in zipfile.ZipFile(out / "bilan-2021.docx").read("word/document.xml").decode()
    # One comment per prefilled fact: exactly the draft's own list of sources (marked while the context is built).
    from pipeline.drafts import next_cycle_drafts
    from pipeline.extraction import records_for
    from pipeline.ledger import ledger_and_findings
    from pipeline.names import resolver_for

    pairs_of_records = records_for(config)
    ledger, _ = ledger_and_findings(config, pairs=pairs_of_records)
    draft = next(d for d in next_cycle_drafts(config, ledger.ordered(), [r for _, r in pairs_of_records],
                                              resolver_for(config.registry)) if d.output == "bilan-2021.docx")
    # 50 facts of the fiches, and the two paragraphs of the 2020 introduction carried over (corpus/bilan-2020.txt,
    # lines 37 and 39: « Le Plan d'action … s'échelonne … » and « Annuellement, … »).
    assert sorted(text for _, text in pairs) == sorted(draft.sources.notes) and len(pairs) == 52
    intro = [anchor for anchor, text in pairs if text == "Repris du bilan 2020 (bilan-2020.txt) ; à revoir."]
    assert [a[:40] for a in intro] == ["Le Plan d'action de la Politique de déve", "Annuellement, de concert avec les partie"]
    assert all(anchor.strip() for anchor, _ in pairs)
    # Checked by reading corpus/bilan-2020.txt: action 1.7's fiche starts at line 101, 1.8's at line 114.
    assert ("Bureau de la mobilité durable", "Responsable : bilan-2020.txt, ligne 101") in pairs
    assert ("Société de transport de Lévis", "Partenaire : bilan-2020.txt, ligne 101") in pairs
    assert ("Ministère des Transports", "Partenaire : bilan-2020.txt, ligne 114") in pairs
    title = next(text for anchor, text in pairs if anchor.startswith("7. Créer un axe structurant"))
    assert title.startswith("Titre : plan-deploiement-2020.txt. Reprise : En cours en 2020 : Planification d'un projet "
                            "majeur d'infrastructure de 87,9 M$")


def test_two_builds_are_byte_identical_and_edits_are_kept(built, tmp_path):
    out, _, _ = built
    config = load_config(ROOT / "config.yaml")
    second = tmp_path / "second"
    build(config, second)
    for name in ("plan-deploiement-2021.docx", "bilan-2021.docx", "bilan-2023-2024.docx", "plan-deploiement-2025-2026.docx",
                 "ledger.xlsx", "noms-a-reviser.xlsx"):
        assert (out / name).read_bytes() == (second / name).read_bytes(), name
    edited = second / "bilan-2021.docx"
    edited.write_bytes(edited.read_bytes() + b"")  # unchanged: still ours
    import docx

    document = docx.Document(str(edited))
    document.add_paragraph("Texte ajouté par la rédactrice.")
    document.save(str(edited))
    mine = edited.read_bytes()
    messages, _ = build(load_config(ROOT / "config.yaml"), second)
    assert edited.read_bytes() == mine
    assert (second / "bilan-2021.nouveau.docx").exists()
    assert any("bilan-2021.docx » a été modifié" in m for m in messages)


def test_names_with_markup_characters_render_as_written(tmp_path):
    sources = Sources()
    name = 'Café & Cie <Lévis> "Les Amis"'
    context = {"cycle": "2099", "subtitle": "x", "summary": [], "chart": None, "chart_caption": "",
               "slogan": "", "credits": [], "intro": [], "intro_from": "",
               "axes": [{"number": 1, "title": "LA MOBILITÉ DES PERSONNES", "opportunities": [], "actions": [{
                   "number": "1", "title": "Titre avec < et &", "achievements": ["réalisation\x0bcachée"], "notes": [],
                   "leads": [{"name": "Service de police", "src": ""}], "partners": [{"name": name, "src": ""}], "src": ""}]}]}
    path = tmp_path / "bilan-2099.docx"
    path.write_bytes(render_document(TEMPLATES / "bilan.docx", context, sources))
    record = extract_document(path).record
    action = record.actions[0]
    assert action.title == "Titre avec < et &" and [p.name for p in action.partners] == [name]
    assert action.achievements[0].text == "réalisationcachée" and sources.cleaned


def test_unknown_variable_names_the_variable_and_the_template():
    with pytest.raises(RenderError, match="modèle « bilan.docx » : variable inconnue « slogan »"):
        render_document(TEMPLATES / "bilan.docx", {"cycle": "2021", "subtitle": "x"}, Sources())


def test_updates_file_fills_the_bilan_draft_and_its_summary(tmp_path):
    updates = tmp_path / "mises-a-jour-2021.yaml"
    updates.write_text(
        "- action: '2.11'\n  statut: réalisée\n  réalisations: [Médiation citoyenne déployée dans trois quartiers.]\n"
        "  partenaires: [Équijustice Lévis, Organisme jamais vu]\n"
        "- action: '5.7.d'\n  statut: reportée\n", encoding="utf-8")
    config = load_config(ROOT / "config.yaml")
    config.drafts.annual.updates = updates
    build(config, tmp_path / "out")
    bilan = extract_document(tmp_path / "out" / "bilan-2021.docx").record
    action = next(a for a in bilan.actions if (a.axis, a.number) == (2, "11"))
    assert [i.text for i in action.achievements] == ["Médiation citoyenne déployée dans trois quartiers."]
    assert [(p.name, p.id) for p in action.partners] == [("Équijustice Lévis", "equijustice"), ("Organisme jamais vu", None)]
    postponed = next(a for a in bilan.actions if (a.axis, a.number) == (5, "7.d"))
    assert [n.text for n in postponed.notes] == ["➔ Reportée"]
    row = next(r for r in bilan.summary if r.axis == 2)
    assert row.started_or_done == 1


def test_selection_in_config_adds_actions_to_the_plan(tmp_path):
    config = load_config(ROOT / "config.yaml")
    config.drafts.annual.select = ["1.1", "5.4. (b)"]  # keys as written anywhere: "4. (b)" is 4.b
    build(config, tmp_path)
    plan = extract_document(tmp_path / "plan-deploiement-2021.docx").record
    chosen = {f"{a.axis}.{a.number}": a for a in plan.actions}
    assert "1.1" in chosen and "5.4.b" in chosen and CARRIED <= set(chosen)
    assert [l.name for l in chosen["1.1"].leads] == ["DVC"]
