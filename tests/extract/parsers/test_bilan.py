"""Bilan 2020: expectations checked by reading corpus/bilan-2020.txt."""

from collections import Counter

AXIS_NUMBERS = {
    1: ["1", "7", "8"],
    2: ["1", "4", "8", "9", "11", "12", "13", "15", "18", "23"],
    3: ["3", "8", "14", "15", "16", "17", "21"],
    4: ["6", "7", "12", "13", "17", "18", "19"],
    5: ["4.b", "7.c", "7.d", "10", "15", "19.a", "20", "26", "27"],
}


def action(record, axis, number):
    return next(a for a in record.actions if (a.axis, a.number) == (axis, number))


def test_36_planned_actions_with_the_documents_numbers(bilan_2020):
    assert bilan_2020.kind == "bilan" and bilan_2020.cycle == "2020"
    assert len(bilan_2020.actions) == 36
    assert Counter(a.axis for a in bilan_2020.actions) == {1: 3, 2: 10, 3: 7, 4: 7, 5: 9}
    for axis, numbers in AXIS_NUMBERS.items():
        assert [a.number for a in bilan_2020.actions if a.axis == axis] == numbers


def test_action_2_9_has_17_partners_one_lead_and_its_note(bilan_2020):
    a = action(bilan_2020, 2, "9")
    assert [lead.name for lead in a.leads] == ["Service du développement social et communautaire"]
    assert len(a.partners) == 17
    assert a.partners[0].name == "L'école secondaire Marcelle-Mallet"
    assert a.partners[4].name == "Desjardins, caisse de la Chaudière"
    assert a.partners[-1].name == "Maison de la Famille Rive-Sud"
    assert [n.text for n in a.notes] == ["⇒ Cérémonie d'accueil annulée en raison de la pandémie de COVID-19."]
    assert a.title.endswith("Lévis Interculturelle, Fête de la diversité.")


def test_notes_of_postponed_and_suspended_actions(bilan_2020):
    assert "reportées à l'année 2021" in action(bilan_2020, 2, "11").notes[0].text
    d = action(bilan_2020, 5, "7.d")
    assert [n.text for n in d.notes] == ["➔ Travaux mis en suspend en raison de la pandémie de COVID-19."]
    assert [i.text for i in d.achievements] == ["Révision du programme amorcé avec les partenaires."]
    assert action(bilan_2020, 3, "8").notes[0].text.startswith("➡ Les projets communautaires ont été suspendus")
    assert "Déploiement mis en suspend" in action(bilan_2020, 5, "27").notes[0].text


def test_fiche_that_continues_after_its_partners(bilan_2020):
    a = action(bilan_2020, 4, "7")
    assert a.achievements[-1].text.startswith("Participer activement aux instances de concertation locale")
    # 17 partner lines; "Convergence action bénévole – 211" names two organisations.
    assert len({p.provenance.line for p in a.partners}) == 17 and len(a.partners) == 18
    assert "Table des aînés Lévis, St-Lambert" in [p.name for p in a.partners]
    assert [p.id for p in a.partners if p.provenance.line == 558] == ["cab", "cir-211"]


def test_nested_achievements_and_lead_in_lines(bilan_2020):
    liaison = action(bilan_2020, 3, "8")
    assert [c.text for c in liaison.achievements[0].children] == [
        "#SortonsLaPoésie", "Les sapins collaboratifs", "Distribution des bacs à jardiner"]
    ppu = action(bilan_2020, 3, "14")
    assert ppu.achievements[0].text == "Réalisation de :"
    assert len(ppu.achievements[0].children) == 6


def test_project_carriers_are_partners_with_a_role(bilan_2020):
    a = action(bilan_2020, 4, "18")
    carriers = [p.name for p in a.partners if p.role == "porteur de projet"]
    assert carriers == ["Convergence action bénévole", "Le Centre aide et prévention jeunesse", "Le Filon"]
    assert len(a.partners) == 8


def test_leads_with_and_without_space_before_colon(bilan_2020):
    assert [l.name for l in action(bilan_2020, 1, "7").leads] == ["Bureau de la mobilité durable", "Direction des infrastructures"]
    assert [l.name for l in action(bilan_2020, 2, "18").leads] == ["Direction des affaires juridiques et du secrétariat corporatif"]


def test_summary_table_equals_the_document(bilan_2020):
    rows = [(r.axis, r.planned, r.started_or_done, r.opportunities) for r in bilan_2020.summary]
    assert rows == [(1, 3, 3, 3), (2, 10, 10, 4), (3, 7, 7, 1), (4, 7, 7, 10), (5, 9, 9, 10), (None, 36, 36, 28)]
    assert bilan_2020.summary[0].label == "La mobilité des personnes"


def test_opportunities_of_every_axis(bilan_2020):
    assert {o.axis for o in bilan_2020.opportunities} == {1, 2, 3, 4, 5}
    cited = [o for o in bilan_2020.opportunities if o.action_number]
    assert [(o.axis, o.action_number) for o in cited] == [(5, "21")]
    assert cited[0].title.startswith("Contribuer à la mise en œuvre de l'Entente sectorielle")
    assert [p.name for p in cited[0].partners] == ["Partenaires pour la réussite éducative en Chaudière-Appalaches (PRÉCA)"]
    first = bilan_2020.opportunities[0]
    assert first.objective == "Faciliter les déplacements actifs et utilitaires en milieu urbain."
    assert len(first.achievements) == 2


def test_side_column_groups_follow_their_achievement(bilan_2020):
    # Axis 1, second objective: two achievements, each with its own "Responsable municipal".
    pavement = next(o for o in bilan_2020.opportunities if o.achievements[0].text.startswith("Réalisation d'un plan de réfection"))
    assert [l.name for l in pavement.leads] == ["Direction du génie et des biens immobiliers"]
    potholes = next(o for o in bilan_2020.opportunities if o.achievements[0].text.startswith("Amélioration et bonification"))
    assert [l.name for l in potholes.leads] == ["Direction des infrastructures"]


def test_footnotes_and_their_calls(bilan_2020):
    notes = {f.marker + f.text[:20]: f for f in bilan_2020.footnotes}
    assert len(bilan_2020.footnotes) == 4
    one = next(f for f in bilan_2020.footnotes if f.marker == "¹")
    assert one.text == "Action également inscrite à l'action # 8 de l'axe 5." and one.cited_by == ["2.8"]
    two = next(f for f in bilan_2020.footnotes if f.marker == "²")
    assert two.text == "Action également inscrite à l'action # 3 de l'axe 2." and two.cited_by == ["5.26"]
    pmrg = next(f for f in notes.values() if f.text.startswith("Le PMRG"))
    assert pmrg.cited_by == ["2.18"]
    a = action(bilan_2020, 2, "18")
    assert "(PMRG)" in a.achievements[0].text and "*" not in a.achievements[0].text
    assert a.achievements[0].footnote_refs == ["*"]


def test_links_become_references(bilan_2020):
    assert action(bilan_2020, 2, "4").references == ["http://www.logislevis.com/"]
    assert action(bilan_2020, 5, "15").references == [
        "https://www.ville.levis.qc.ca/fileadmin/documents/accueil/Bilan_plan_d_action_acces_universel_2019-2020.pdf"]


def test_nothing_unplaced_and_narrative_kept(bilan_2020):
    assert bilan_2020.unplaced == []
    titles = [s.title for s in bilan_2020.sections]
    assert "MOT DU MAIRE" in titles and "CONCLUSION" in titles
