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
    ("l'arrondissement Chutes-de-", "la-Chaudière-Ouest", "l'arrondissement Chutes-de-la-Chaudière-Ouest"),
    ("secteur Chutes-de-la-Chau-", "dière-Ouest", "secteur Chutes-de-la-Chaudière-Ouest"),
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


def test_a_compound_the_document_writes_whole_keeps_the_hyphen_it_was_broken_at():
    vocabulary = vocabulary_of(["Chutes-de-la-Chaudière-Ouest", "Gérard-Dumont"])
    assert join_lines(["parc de Chutes-de-", "la-Chaudière-Ouest"], vocabulary) == "parc de Chutes-de-la-Chaudière-Ouest"
    assert join_lines(["Édifice Gérard-Du-", "mont"], vocabulary) == "Édifice Gérard-Dumont"


def test_a_word_cut_with_no_hyphen_in_a_narrow_column_is_rejoined():
    # LibreOffice breaks a word wider than its column with no mark: "sociocommunautaire" + "s".
    vocabulary = vocabulary_of(["organismes", "sociocommunautaire", "culturels"])
    assert join_lines(["Organismes sociocommunautaire", "s"], vocabulary) == "Organismes sociocommunautaires"
    assert join_lines(["Organismes de", "la ville"], vocabulary) == "Organismes de la ville"
