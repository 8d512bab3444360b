"""Line-end hyphens beyond the corpus: generated heads and tails, and the rules' boundaries."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.hyphenation import join_hyphenated, join_lines, vocabulary_of

letters = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèà", min_size=1, max_size=12)


@settings(max_examples=200, deadline=None)
@given(head=letters, tail=letters)
def test_a_join_keeps_or_drops_the_hyphen_and_nothing_else(head, tail):
    joined = join_hyphenated(f"{head}-", tail)
    assert joined in (f"{head}-{tail}", f"{head}{tail}")


@settings(max_examples=100, deadline=None)
@given(head=letters, tail=st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZÉ", min_size=1, max_size=8))
def test_a_capital_after_the_break_keeps_the_hyphen(head, tail):
    assert join_hyphenated(f"{head}-", tail) == f"{head}-{tail}"


@settings(max_examples=100, deadline=None)
@given(head=st.integers(min_value=0, max_value=9999), tail=st.integers(min_value=0, max_value=9999))
def test_numbers_keep_their_hyphen(head, tail):
    assert join_hyphenated(f"{head}-", str(tail)) == f"{head}-{tail}"


@pytest.mark.parametrize("head, tail, expected", [
    ("bien-", "être", "bien-être"),                 # a listed compound
    ("habita-", "tion", "habitation"),              # one word once joined
    ("travail-", "famille", "travail-famille"),     # two words of more than two letters
    ("dé-", "veloppement", "développement"),
    ("qua-", "li", "quali"),                        # a fragment: the layout broke a word
    ("main-", "d'œuvre", "main-d'œuvre"),           # an elision never starts a broken line
    ("lui-", "même", "lui-même"),
    ("(EC-", "PAR)", "(EC-PAR)"),                   # capitals: kept unless the document says otherwise
    ("d'après-", "midi", "d'après-midi"),           # the elision is not part of the compound
    ("main-", "d’œuvre", "main-d’œuvre"),           # typographic apostrophe too
    ("agro-", "alimentaire", "agro-alimentaire"),   # listed, though "agro" is no word of its own
    ("conciliation travail-", "vie", "conciliation travail-vie"),  # two words, the second of three letters
    ("porte-", "un", "porteun"),                    # a second part of two letters is taken for a fragment
    ("habita-", "tion de l'habitat", "habitation de l'habitat"),  # only the first word after the break counts
    ("(EC)-", "par", "(EC)-par"),                   # no word before the hyphen: kept
])
def test_decisions_with_the_french_word_list(head, tail, expected):
    assert join_hyphenated(head, tail) == expected


def test_a_vocabulary_never_turns_a_number_or_capital_break_into_a_join():
    vocabulary = vocabulary_of(["autre", "mot"])
    assert join_hyphenated("2017-", "2023", vocabulary) == "2017-2023"
    assert join_hyphenated("Chutes-", "Chaudière", vocabulary) == "Chutes-Chaudière"


def test_the_documents_spelling_wins_over_the_word_list():
    assert join_hyphenated("(EC-", "PAR)", vocabulary_of(["ECPAR"])) == "(ECPAR)"
    assert join_hyphenated("travail-", "famille", vocabulary_of(["travailfamille"])) == "travailfamille"
    assert join_hyphenated("habita-", "tion", vocabulary_of(["habita-tion"])) == "habita-tion"


@pytest.mark.parametrize("lines, expected", [
    (["Une ligne", "", "puis une autre"], "Une ligne puis une autre"),
    (["un tiret seul -", "suit"], "un tiret seul - suit"),
    (["la fin", ", puis la suite"], "la fin, puis la suite"),
    (["voir www.levis.ca/", "page"], "voir www.levis.ca/page"),
])
def test_joining_lines(lines, expected):
    assert join_lines(lines) == expected


def test_a_word_cut_without_hyphen_is_glued_back_and_two_words_are_not():
    # A narrow table column, or a typesetter whose soft hyphen draws nothing, cuts a word with no mark.
    assert join_lines(["amélioratio", "n continue"], cells=True) == "amélioration continue"
    assert join_lines(["logements dispo", "nibles."]) == "logements disponibles."
    assert join_lines(["deux mots", "entiers"], cells=True) == "deux mots entiers"
    assert join_lines(["la mise", "en œuvre"]) == "la mise en œuvre"
    assert join_lines(["chaque personne puisse", "s'épanouir"]) == "chaque personne puisse s'épanouir"
    assert join_lines(["année 2017", "suite"], cells=True) == "année 2017 suite"
    # Before a capital only in a table cell: in running text a capital starts a name or a sentence.
    assert join_lines(["Espace EC", "PAR"], vocabulary_of(["ECPAR"]), cells=True) == "Espace ECPAR"
    assert join_lines(["Espace EC", "PAR"], vocabulary_of(["ECPAR"])) == "Espace EC PAR"


def plain_hyphens_of(text):
    from extract.hyphenation import plain_hyphens

    return plain_hyphens(text)


@pytest.mark.parametrize("hyphen", ["\u2010", "\u2011"])
def test_typographic_hyphens_read_as_ascii(hyphen):
    # "inter" and "culturelles" are both words; the document writes "Interculturelle" elsewhere.
    assert join_lines([plain_hyphens_of(f"échanges inter{hyphen}"), "culturelles"], vocabulary_of(["Interculturelle"])) \
        == "échanges interculturelles"
    from extract.hyphenation import plain_hyphens

    assert join_lines([plain_hyphens(f"d'habita{hyphen}"), "tion"]) == "d'habitation"
    assert join_lines([plain_hyphens(f"Rive{hyphen}"), "Sud"]) == "Rive-Sud"


def test_a_soft_hyphen_at_a_line_end_is_a_break_and_invisible_elsewhere():
    # The typesetter cut one word there: no dictionary decision, whatever the halves are.
    assert join_lines(["le porte\u00ad", "feuille"]) == "le portefeuille"
    assert join_lines(["un mot\u00adcoupé", "ici"]) == "un motcoupé ici"
