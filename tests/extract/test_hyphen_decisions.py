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


def test_a_word_cut_without_hyphen_is_glued_only_in_table_cells():
    assert join_lines(["amélioratio", "n continue"], cells=True) == "amélioration continue"
    assert join_lines(["amélioratio", "n continue"]) == "amélioratio n continue"
    assert join_lines(["deux mots", "entiers"], cells=True) == "deux mots entiers"
    assert join_lines(["année 2017", "suite"], cells=True) == "année 2017 suite"
    assert join_lines(["Espace EC", "PAR"], vocabulary_of(["ECPAR"]), cells=True) == "Espace ECPAR"


def test_the_word_list_is_written_once_as_plain_text_then_read_back(tmp_path, monkeypatch):
    from extract import hyphenation

    target = tmp_path / "share" / "levis-bilans" / "mots.txt"
    target.parent.mkdir(parents=True)  # the folder may already be there (another version's list)
    monkeypatch.setattr(hyphenation, "_word_list_path", lambda: target)
    hyphenation._french_words.cache_clear()
    try:
        words = hyphenation._french_words()
        assert target.exists() and not list(target.parent.glob(".*"))  # no temporary file left behind
        assert target.read_text(encoding="utf-8").split("\n") == sorted(words)
        assert {"habitation", "communautaire", "porte-parole"} <= words
        hyphenation._french_words.cache_clear()
        target.write_text("mot\nautre", encoding="utf-8")
        assert hyphenation._french_words() == frozenset({"mot", "autre"})  # read back, not rebuilt
    finally:
        hyphenation._french_words.cache_clear()


def test_a_read_only_place_for_the_word_list_still_gives_the_words(tmp_path, monkeypatch):
    from extract import hyphenation

    blocked = tmp_path / "fichier"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setattr(hyphenation, "_word_list_path", lambda: blocked / "sous-dossier" / "mots.txt")
    hyphenation._french_words.cache_clear()
    try:
        assert "habitation" in hyphenation._french_words()
    finally:
        hyphenation._french_words.cache_clear()


def test_the_word_list_path_names_the_dictionarys_version():
    import sys
    from importlib.metadata import version

    from extract.hyphenation import _word_list_path

    assert _word_list_path() == (Path(sys.prefix) / "share" / "levis-bilans"
                                 / f"mots-fr-pyspellchecker-{version('pyspellchecker')}.txt")


@pytest.mark.parametrize("words, expected", [
    (["(ECPAR)", "Lévis-Bellechasse,"], {"ecpar", "lévis-bellechasse", "lévis", "bellechasse"}),
    (["coupé-", "«mot»"], {"mot"}),
    (["l'habitation"], {"l'habitation", "l", "habitation"}),
    (["Rive-Sud/Lévis"], {"rive-sud/lévis", "rive-sud", "rive", "sud", "lévis"}),
])
def test_the_documents_vocabulary(words, expected):
    assert vocabulary_of(words) == frozenset(expected)


@pytest.mark.parametrize("lines, vocabulary, expected", [
    (["porte", "feuille"], [], "porte feuille"),          # two words that also make one: not a cut word
    (["mot", "cle"], ["motcle", "cle"], "mot cle"),       # the document writes the second part alone too
    (["", "  "], [], ""),
    (["de", "Xavier"], [], "de Xavier"),
])
def test_table_cells_glue_only_a_real_cut(lines, vocabulary, expected):
    assert join_lines(lines, vocabulary_of(vocabulary), cells=True) == expected


def test_the_word_list_folder_is_made_when_missing(tmp_path, monkeypatch):
    from extract import hyphenation

    target = tmp_path / "a" / "b" / "mots.txt"
    monkeypatch.setattr(hyphenation, "_word_list_path", lambda: target)
    hyphenation._french_words.cache_clear()
    try:
        hyphenation._french_words()
        assert target.exists()
    finally:
        hyphenation._french_words.cache_clear()
