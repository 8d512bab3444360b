"""The updates file the bilan draft reads: collected (YAML mapping), hand-made YAML list or XLSX sheet."""

from __future__ import annotations

import openpyxl
import pytest

from extract.errors import DocumentError
from pipeline.collect import Answer, Opportunity, Updates, load_updates, updates_yaml
from pipeline.collect.updates import lines


def test_a_missing_file_means_nothing_reported_yet(tmp_path):
    assert not load_updates(tmp_path / "absent.yaml") and not load_updates(None)


def test_hand_made_xlsx_sheet(tmp_path):
    path = tmp_path / "mises-a-jour.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Action", "Statut", "Réalisations", "Partenaires", "Notes"])
    sheet.append(["2.11", "Réalisée", "Médiation dans trois quartiers\nGuide publié", "Équijustice Lévis", None])
    sheet.append(["5.7.d", "REPORTÉE", None, None, "en raison de la COVID-19"])
    sheet.append([None, None, None, None, None])
    book.save(path)
    updates = load_updates(path)
    assert updates.answers == [
        Answer("2.11", status="réalisée", achievements=["Médiation dans trois quartiers", "Guide publié"],
               partners=["Équijustice Lévis"]),
        Answer("5.7.d", status="reportée", notes="en raison de la COVID-19"),
    ]
    assert updates.cycle is None and updates.opportunities == []


def test_hand_made_yaml_list_with_english_keys(tmp_path):
    path = tmp_path / "u.yaml"
    path.write_text("- key: '5.4. (b)'\n  status: entamee\n  achievements: ['- Première rencontre', '']\n"
                    "  partners: Centraide\n  notes: '  '\n", encoding="utf-8")
    assert load_updates(path).answers == [Answer("5.4.b", status="entamée", achievements=["Première rencontre"],
                                                 partners=["Centraide"])]


def test_a_status_outside_the_list_is_kept_as_written_in_a_hand_made_file(tmp_path):
    path = tmp_path / "u.yaml"
    path.write_text("- action: '2.1'\n  statut: Terminée\n", encoding="utf-8")
    assert load_updates(path).answers[0].status == "terminée"


def test_the_collected_file_round_trips(tmp_path):
    updates = Updates(cycle="2021", answers=[
        Answer("5.10", unit="DVC", status="reportée", notes="COVID-19", source="DVC.xlsx, ligne 3"),
        Answer("2.1", unit="URBA", status="réalisée", achievements=["Répertoire"], partners=["CISSS"]),
        Answer("2.11", unit="DVC", status="entamée"),
    ], opportunities=[Opportunity("POLICE", 4, "4.2", "Objectif", ["Fait"], ["Centraide"], "n", "POLICE.xlsx, ligne 2"),
                      Opportunity("DVC", 2, None, "Autre", ["Une"], source="DVC.xlsx, ligne 2")])
    path = tmp_path / "mises-a-jour-2021.yaml"
    path.write_text(updates_yaml(updates), encoding="utf-8")
    again = load_updates(path, "2021")
    # Units in name order, each unit's actions in plan order (2.11 before 5.10), occasions by unit.
    assert [(a.unit, a.key) for a in again.answers] == [("DVC", "2.11"), ("DVC", "5.10"), ("URBA", "2.1")]
    assert again.answers[1] == updates.answers[0] and again.answers[2] == updates.answers[1]
    assert again.opportunities == [updates.opportunities[1], updates.opportunities[0]]
    assert updates_yaml(again) == path.read_text(encoding="utf-8")
    assert path.read_text(encoding="utf-8").startswith("# Réponses des unités, écrites par « python -m pipeline collect ».\n")


def test_a_file_of_another_cycle_is_refused_in_french(tmp_path):
    path = tmp_path / "mises-a-jour.yaml"
    path.write_text("cycle: '2022'\nréponses: []\n", encoding="utf-8")
    with pytest.raises(DocumentError) as error:
        load_updates(path, "2021")
    assert str(error.value) == ("mises-a-jour.yaml : ce fichier contient les réponses du cycle 2022, pas 2021 ; "
                                "indiquez le bon fichier dans config.yaml (drafts.annual.updates).")
    assert load_updates(path, "2022").cycle == "2022"


@pytest.mark.parametrize("content, message", [
    ("- action: 'deux'\n", "u.yaml : numéro d'action illisible : « deux » ; corrigez la colonne « action » "
                           "(par exemple « 2.11 » ou « 5.7.d »)."),
    ("- action: 'x.2'\n", "u.yaml : numéro d'action illisible : « x.2 » ; corrigez la colonne « action » "
                          "(par exemple « 2.11 » ou « 5.7.d »)."),
    ("- action: [\n", "u.yaml : fichier de mises à jour illisible (YAML mal formé) ; corrigez-le ou collectez de nouveau "
                      "les formulaires (python -m pipeline collect)."),
    ("- 12\n", "u.yaml : fichier de mises à jour illisible (structure inattendue) ; corrigez-le ou collectez de nouveau "
               "les formulaires (python -m pipeline collect)."),
])
def test_unreadable_files_say_what_to_do(tmp_path, content, message):
    path = tmp_path / "u.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DocumentError) as error:
        load_updates(path)
    assert str(error.value) == message


@pytest.mark.parametrize("value, expected", [
    (None, []), ("", []), ("une\n\n- deux\n• trois", ["une", "deux", "trois"]), (["* a", " ", 3], ["a", "3"]),
    ("– tiret long", ["tiret long"]),
])
def test_cells_become_one_item_per_line(value, expected):
    assert lines(value) == expected


def test_answers_of_several_units_merge_without_repeats():
    updates = Updates(answers=[Answer("2.1", unit="A", achievements=["x", "y"], partners=["P"], notes="n1"),
                               Answer("2.1", unit="B", achievements=["y", "z"], partners=["P", "Q"]),
                               Answer("3.1", unit="A")])
    merged = updates.by_action()
    assert list(merged) == ["2.1", "3.1"]
    assert merged["2.1"].achievements == ["x", "y", "z"] and merged["2.1"].partners == ["P", "Q"]
    assert merged["2.1"].notes == ["n1"] and merged["3.1"].notes == []
    assert merged["2.1"].statuses == {} and merged["2.1"].status is None
    hand_made = Updates(answers=[Answer("2.1", status="réalisée")]).by_action()["2.1"]
    assert hand_made.statuses == {"réalisée": ["fichier de mises à jour"]}
    assert bool(Updates()) is False and bool(Updates(opportunities=[Opportunity(None, 1, None, None, [])])) is True


def test_what_is_not_said_is_null_in_the_collected_file(tmp_path):
    import yaml

    text = updates_yaml(Updates(cycle="2021", answers=[Answer("2.1", unit="DVC")],
                                opportunities=[Opportunity("DVC", 2, None, None, [])]))
    data = yaml.safe_load(text)
    assert data["réponses"] == [{"action": "2.1", "unité": "DVC", "statut": None, "réalisations": [], "partenaires": [],
                                 "notes": None, "source": None}]
    assert data["occasions"] == [{"unité": "DVC", "axe": 2, "action": None, "objectif": None, "réalisations": [],
                                  "partenaires": [], "notes": None, "source": None}]
    assert Updates().by_action() == {} and Updates().answers == [] and Updates().opportunities == []


def test_a_yml_file_and_a_row_without_status(tmp_path):
    path = tmp_path / "u.yml"
    path.write_text("- action: '2.1'\n  réalisations: XYZ inc. a tout fait\n", encoding="utf-8")
    assert load_updates(path).answers == [Answer("2.1", status=None, achievements=["XYZ inc. a tout fait"])]
