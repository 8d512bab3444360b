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


def _row(cells, page=1):
    from extract.blocks import Block, BlockKind
    from extract.records import Provenance

    return Block(BlockKind.TABLE_ROW, " | ".join(c for c in cells if c), Provenance(page=page), cells=tuple(cells))


def _parse(blocks):
    from extract.blocks import BlockDocument
    from extract.parsers import parser_for
    from extract.records import Source

    return parser_for("plan_deploiement")(BlockDocument(source=Source(path="plan.pdf", sha256="0" * 64, format="pdf"),
                                                        blocks=blocks))


def test_a_band_whose_title_and_tag_were_read_together_and_a_band_whose_number_was_lost():
    # A scanned plan: the axis 3 band read as one heading, its tag between the title's lines;
    # the axis 4 band's number lost ("Axe" alone): the next axis, said.
    from extract.blocks import Block, BlockKind
    from extract.records import Provenance

    band = Block(BlockKind.HEADING, "LE DÉVELOPPEMENT DE Axe3 QUARTIER À ÉCHELLE HUMAINE", Provenance(page=2), role="band")
    blocks = [band, _row(("", "3", "Poursuivre la mise en place des mesures.", "APPRO"), 2),
              _row(("L'ACTION COMMUNAUTAIRE ET LA COHÉSION SOCIALE", "Axe", "RESPONSABLE"), 2),
              _row(("", "6", "Participer aux travaux.", "DVC"), 2)]
    record = _parse(blocks)
    assert [(a.number, a.title) for a in record.axes] == [
        (3, "LE DÉVELOPPEMENT DE QUARTIER À ÉCHELLE HUMAINE"), (4, "L'ACTION COMMUNAUTAIRE ET LA COHÉSION SOCIALE")]
    assert [a.key for a in record.actions] == ["3.3", "4.6"]
    assert [u.reason for u in record.unplaced] == [
        "numéro d'axe illisible (« Axe » seul) : les actions qui suivent sont rattachées à l'axe 4, le suivant ; vérifiez"]


def test_a_header_row_naming_an_axe_column_is_no_band():
    blocks = [_row(("LA MOBILITÉ DES PERSONNES", "Axe 1", "RESPONSABLE")), _row(("Axe", "N°", "Action", "Responsable")),
              _row(("", "1", "Contribuer à l'élaboration.", "DVC")), _row(("Axe", "N°", "Action", "Responsable"), 2),
              _row(("", "7", "Créer un axe structurant.", "BMD"), 2)]
    record = _parse(blocks)
    assert [a.number for a in record.axes] == [1] and [a.key for a in record.actions] == ["1.1", "1.7"]


def test_a_reason_quoting_a_cell_of_two_lines_stays_one_line():
    from extract.blocks import Block, BlockKind
    from extract.records import Provenance

    band = Block(BlockKind.HEADING, "LA MOBILITÉ DES PERSONNES Axe 1", Provenance(page=1), role="band")
    record = _parse([band, _row(("", "1", "Contribuer au projet.", "DVC")),
                     _row(("ACTIONS DU\nPLAN D'ACTION", "RESPONSABLE"))])
    assert [u.reason for u in record.unplaced] == ["numéro d'action illisible : « ACTIONS DU PLAN D'ACTION »"]


def test_an_axis_cell_with_a_stop_or_a_colon_still_opens_its_axis():
    """"Axe 3." (a scan's speck after the number, the worn-sensor plan) and "Axe 3 :" (a
    designer's colon) name axis 3; before, the stop left axis 3's actions under axis 2."""
    for tag in ("Axe 3.", "Axe 3 :", "AXE 3"):
        blocks = [_row(("L'HABITATION ET LE MILIEU DE VIE", "Axe 2", "RESPONSABLE")), _row(("", "1", "Élaborer.", "URBA")),
                  _row(("LE DÉVELOPPEMENT DE QUARTIER À ÉCHELLE HUMAINE", tag, "")), _row(("", "3", "Poursuivre.", "APPRO"))]
        record = _parse(blocks)
        assert [a.number for a in record.axes] == [2, 3] and [a.key for a in record.actions] == ["2.1", "3.3"]


def test_an_axis_cell_with_a_stray_glyph_still_opens_its_axis_and_no_other():
    """On a scan, a fibre of recycled paper or what is left of a stamp beside the number is read
    as one more glyph ("Axe 3 Û", "Axe 3 V"): still axis 3 (before, axis 3's actions went under
    axis 2). A second digit, or a word, is no stray glyph: the cell names no axis."""
    for tag, axes, keys in (("Axe 3 Û", [2, 3], ["2.1", "3.3"]), ("Axe 3 V", [2, 3], ["2.1", "3.3"]),
                            ("Axe 3 »", [2, 3], ["2.1", "3.3"]), ("Axe 3 1", [2], ["2.1", "2.3"]),
                            ("Axe 3 et", [2], ["2.1", "2.3"])):
        blocks = [_row(("L'HABITATION ET LE MILIEU DE VIE", "Axe 2", "RESPONSABLE")), _row(("", "1", "Élaborer.", "URBA")),
                  _row(("LE DÉVELOPPEMENT DE QUARTIER À ÉCHELLE HUMAINE", tag, "")), _row(("", "3", "Poursuivre.", "APPRO"))]
        record = _parse(blocks)
        assert [a.number for a in record.axes] == axes and [a.key for a in record.actions] == keys, tag
