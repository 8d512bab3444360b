"""Immigration plan 2022-2024: expectations checked by reading the corpus text."""

LEAVES = (["1.1"] + [f"2.{n}" for n in range(1, 7)] + ["2.7.1", "2.7.2", "3.1"]
          + [f"4.{n}" for n in range(1, 6)] + [f"5.{n}" for n in range(1, 13)])


def action(record, number):
    return next(a for a in record.actions if a.number == number)


def test_27_leaf_actions_each_with_its_fields(immigration):
    assert immigration.cycle == "2022-2024"
    assert [a.number for a in immigration.actions] == LEAVES
    for a in immigration.actions:
        assert a.partners and a.expected_results and a.period and a.period.years, a.number
    assert [(p.number, p.children) for p in immigration.parent_actions] == [("2.7", ["2.7.1", "2.7.2"])]
    assert action(immigration, "2.7.1").parent == "2.7"
    assert immigration.unplaced == []


def test_fields_written_before_the_title_belong_to_that_action(immigration):
    a = action(immigration, "4.5")
    assert a.title.startswith("Développer un programme de sensibilisation, d'ateliers et de formations interculturelles")
    assert a.expected_results == "Démarche collective concertée selon les besoins du milieu. Formations offertes."
    assert "Groupe d'expertise en développement des compétences interculturelles" in [p.name for p in a.partners]
    assert a.objective.secondary.startswith("Former les organismes et le personnel municipal")
    assert action(immigration, "4.4").expected_results.startswith("Conceptualiser et diffuser")


def test_periods(immigration):
    p = action(immigration, "1.1").period
    assert (p.text, p.years, p.frequency) == ("1x/an sur 3 ans (2022-2024)", [2022, 2023, 2024], "1x/an")
    assert action(immigration, "2.5").period.frequency == "2x/an"
    assert action(immigration, "2.1").period.years == [2023]
    assert action(immigration, "4.3").period.years == [2023, 2024]


def test_objectives_and_names_with_commas(immigration):
    a = action(immigration, "2.6")
    assert "ministère de l'Immigration, de la Francisation et de l'Intégration" in [p.name for p in a.partners]
    assert action(immigration, "1.1").objective.specific.startswith("Faire en sorte que chaque personne immigrante puisse utiliser")
    assert immigration.general_objective.startswith("Permettre l'attraction, l'accueil et l'intégration")
    assert [a.title for a in immigration.axes][1] == "L'HABITATION ET LE MILIEU DE VIE"
