import pytest

from extract.hyphenation import join_lines, vocabulary_of


@pytest.mark.parametrize("head,tail,expected", [
    ("d'habita-", "tion", "d'habitation"),
    ("com-", "munautaire", "communautaire"),
    ("réseau-", "tage des acteurs", "réseautage des acteurs"),
    ("Maison de la Famille Chutes-", "Chaudière", "Maison de la Famille Chutes-Chaudière"),
    ("Rive-", "Sud", "Rive-Sud"),
    ("Service d'entraide de St-", "Nicolas", "Service d'entraide de St-Nicolas"),
    ("boulevard Guillaume-", "Couture", "boulevard Guillaume-Couture"),
    ("2017-", "2023", "2017-2023"),
    ("porte-", "parole", "porte-parole"),
    ("conciliation travail-", "étude", "conciliation travail-étude"),
    ("main-", "d'œuvre", "main-d'œuvre"),
])
def test_line_end_hyphens(head, tail, expected):
    assert join_lines([head, tail]) == expected


def test_the_documents_own_spelling_decides_first():
    vocabulary = vocabulary_of(["(ECPAR)", "Lévis-Bellechasse", "Chutes-Chaudière"])
    assert join_lines(["Espace (EC-", "PAR)"], vocabulary) == "Espace (ECPAR)"
    assert join_lines(["Liaison Immigration Belle-", "chasse"], vocabulary) == "Liaison Immigration Bellechasse"
    assert join_lines(["Chutes-", "Chaudière"], vocabulary) == "Chutes-Chaudière"


def test_wrapped_web_address_is_not_split_by_a_space():
    assert join_lines(["https://www.ville.levis.qc.ca/fileadmin/", "documents/a.pdf"]) == \
        "https://www.ville.levis.qc.ca/fileadmin/documents/a.pdf"
