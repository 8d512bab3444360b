"""Governance presentation 2022: expectations checked by reading the corpus text."""


def test_timeline_six_dated_steps(gouvernance):
    steps = [(s.date, s.label) for s in gouvernance.timeline]
    assert steps == [
        ("2021-02-23", "PORTRAIT"), ("2021-03-23", "INSPIRATION"), ("2021-05-13", "REGARD"),
        ("2021-06-07", "VOLONTÉ"), ("2021-11-17", "VISION"), ("2022-06-09", "CONSTATS"),
    ]
    assert gouvernance.timeline[0].description == "Les instances de concertation"
    assert [s.number for s in gouvernance.surveys] == [1, 2, 3, 4]


def test_findings_effects_actions_actors(gouvernance):
    assert gouvernance.date == "2022-06-09" and gouvernance.cycle == "2022"
    assert len(gouvernance.findings) == 3
    assert gouvernance.findings[0].text.startswith("Vous ne voulez pas actuellement")
    assert [e.zone for e in gouvernance.effects] == ["faible", "moyen", "élevé"]
    assert len(gouvernance.planned_actions) == 2
    assert len(gouvernance.planned_actions[0].children) == 6
    assert [a.name for a in gouvernance.actors] == ["CDC de Lévis", "Ville de Lévis", "CISSS-CA"]
    assert gouvernance.actors[2].roles[1] == "distribuer les enveloppes du MSSS"
    assert gouvernance.unplaced == []
