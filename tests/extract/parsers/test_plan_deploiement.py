"""Deployment plans: expectations checked by reading the two corpus plans."""

from tests.extract.parsers.test_bilan import AXIS_NUMBERS


def test_plan_2020_has_the_bilans_36_actions_with_codes(plan_2020, bilan_2020):
    assert plan_2020.kind == "plan_deploiement" and plan_2020.format == "annuel" and plan_2020.cycle == "2020"
    keys = {(a.axis, a.number) for a in plan_2020.actions}
    assert len(plan_2020.actions) == 36
    assert keys == {(a.axis, a.number) for a in bilan_2020.actions}
    assert keys == {(axis, n) for axis, numbers in AXIS_NUMBERS.items() for n in numbers}
    leads = {(a.axis, a.number): [l.name for l in a.leads] for a in plan_2020.actions}
    assert leads[(5, "20")] == ["DGCH", "DEV", "DVC"]
    assert leads[(2, "11")] == ["POLICE"] and leads[(1, "7")] == ["BMD"] and leads[(3, "3")] == ["APPRO"]
    assert all(name.isupper() for names in leads.values() for name in names)
    assert plan_2020.unplaced == []


def test_plan_2020_axis_titles(plan_2020):
    titles = {a.number: a.title for a in plan_2020.axes}
    assert titles[1] == "LA MOBILITÉ DES PERSONNES"
    assert set(titles) == {1, 2, 3, 4, 5}


def test_plan_2023_2024_structure(plan_2023):
    assert plan_2023.format == "biennal" and plan_2023.cycle == "2023-2024"
    assert [r.rank for r in plan_2023.realities] == [1, 2, 3, 4, 5]
    assert plan_2023.realities[3].title == "Augmentation des nouveaux arrivants, notamment de travailleurs étrangers temporaires"
    assert [p.axis for p in plan_2023.priorities] == [2, 5, 4, 4, 1]
    assert plan_2023.priorities[0].title == "Accessibilité au logement abordable et salubrité des logements"
    assert [p.name for p in plan_2023.priorities[1].partners] == ["Ville de Lévis", "CDC de Lévis"]
    assert [p.title for p in plan_2023.programs] == [
        "Cour municipale adaptée",
        "Fonds pour bâtir des communautés plus sécuritaires (FBCS)",
        "Plan d'action en immigration",
        "Plan d'action en accès universel",
        "Plan d'action Municipalité amie des aînés (MADA)",
    ]
    assert [l.name for l in plan_2023.programs[1].leads] == ["SDSC", "Service de police"]
    assert [p.axis for p in plan_2023.other_plans] == [1, 3, 3]
    assert [s.title for s in plan_2023.strategies][0] == "Renforcement des collaborations entre les partenaires territoriaux"
    assert len(plan_2023.strategies) == 4
    assert plan_2023.glossary["SDSC"] == "Service du développement social et communautaire"
    assert set(plan_2023.glossary) == {"DAJSC", "DTMD", "DEV", "ENV", "SDSC"}
    assert plan_2023.fund.amount == 200000 and plan_2023.fund.per == "année"
    assert plan_2023.unplaced == []
