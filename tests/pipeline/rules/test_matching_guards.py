"""The guarded comparison of a mention with a registry name: every distinctive word must be found,
and enough of the candidate must be written, so a sibling is never taken for a variant."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.names import tokens
from pipeline.names.matching import compare, looks_like_acronym

CANDIDATE = ("service", "entraide", "st", "nicolas", "levis")


@pytest.mark.parametrize("mention, accepted", [
    (("service", "entraide", "st", "nicolas", "levis"), True),  # all of it
    (("service", "entraide", "st", "nicolas"), True),           # 4 of 5: coverage 0.8
    (("entraide", "nicolas"), False),                           # 2 of 5: coverage 0.4, too little of it
    (("entraide", "st", "nicolas"), False),                     # 3 of 5: coverage 0.6, under the 0.7 guard
    (("service", "entraide", "st", "etienne"), False),          # a distinctive word the candidate lacks
])
def test_coverage_and_distinctive_word_guards(mention, accepted):
    assert (compare(mention, CANDIDATE) > 0) is accepted


def test_the_coverage_guard_sits_at_seven_tenths():
    candidate = tuple(f"mot{n:02d}" for n in range(10))
    assert compare(candidate[:7], candidate) > 0     # 0.7 is enough
    assert compare(candidate[:6], candidate) == 0.0  # 0.6 is not


def test_the_score_grows_with_coverage_and_reaches_100_for_the_same_words():
    assert compare(CANDIDATE, CANDIDATE) == 100.0
    assert compare(CANDIDATE[:4], CANDIDATE) < compare(CANDIDATE, CANDIDATE)


@pytest.mark.parametrize("typo, word", [("comunautaire", "communautaire"), ("entraides", "entraide"),
                                       ("developement", "developpement")])
def test_a_typo_in_a_long_word_is_tolerated(typo, word):
    assert compare((typo,), (word,)) > 0


@pytest.mark.parametrize("short, other", [("cdc", "cdd"), ("omh", "oms"), ("st", "ste")])
def test_short_words_must_be_exact(short, other):
    assert compare((short,), (other,)) == 0.0


def test_empty_sides_never_match():
    assert compare((), CANDIDATE) == 0.0 and compare(CANDIDATE, ()) == 0.0


# Words under five letters compare exactly, so the draw says which words the mention holds.
words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=4)


@settings(max_examples=150, deadline=None)
@given(candidate=st.lists(words, min_size=1, max_size=8, unique=True), data=st.data())
def test_a_mention_made_of_the_candidates_words_is_accepted_only_with_enough_of_them(candidate, data):
    size = data.draw(st.integers(min_value=1, max_value=len(candidate)))
    mention = tuple(data.draw(st.permutations(candidate))[:size])
    score = compare(mention, tuple(candidate))
    assert (score > 0) is (size / len(candidate) >= 0.7)
    assert 0.0 <= score <= 100.0


@pytest.mark.parametrize("name, expected", [
    ("Service d'entraide de Saint-Nicolas", ("service", "entraide", "st", "nicola")),  # a final s is a plural
    ("Les Habitations du Centre", ("habitation", "centre")),
    ("Centre d’action bénévole", ("centre", "action", "benevole")),
    ("Maison de la Famille Chutes- Chaudière", ("maison", "famille", "chute", "chaudiere")),
])
def test_the_matching_key_ignores_articles_accents_plurals_and_layout_hyphens(name, expected):
    assert tokens(name) == expected


@pytest.mark.parametrize("word, expected", [("CISSS-CA", True), ("PRÉCA", True), ("STLévis", True), ("211", True),
                                            ("Lévis", False), ("Ville", False), ("A", False), ("RÉSEAUTAGEAUXMILLEFEUX", False)])
def test_what_looks_like_an_acronym(word, expected):
    assert looks_like_acronym(word) is expected


def test_the_score_weighs_the_word_order_ratio_by_coverage():
    # token_sort_ratio("service entraide st nicolas", "service entraide st nicolas levis") is 90.0;
    # coverage 4/5 weighs it by 0.7 + 0.3 * 0.8 = 0.94: 84.6.
    assert compare(CANDIDATE[:4], CANDIDATE) == 84.6


@pytest.mark.parametrize("name, expected", [
    ("Cross Express bus", ("cross", "express", "bus")),   # "ss" and short words keep their final s
    ("Sainte-Marie et Saints-Anges", ("ste", "marie", "st", "ange")),
    ("Les Services d’Entraide de Sainte-Foy", ("service", "entraide", "ste", "foy")),
    ("pour les aînés, avec la Ville", ("aine", "ville")),
])
def test_more_of_the_matching_key(name, expected):
    assert tokens(name) == expected


def test_the_acronym_key_keeps_letters_and_digits_only():
    from pipeline.names.matching import acronym_key, name_key

    assert acronym_key("CISSS-CA (Lévis)") == "cissscalevis"
    assert acronym_key("Centraide 211") == "centraide211"
    assert name_key("Les Services d’Entraide de Sainte-Foy") == "service entraide ste foy"


def test_the_score_is_rounded_to_a_tenth():
    # token_sort_ratio 95.74...; coverage 6/7 weighs it by 0.9571...: 91.64..., written 91.6.
    candidate = ("centre", "action", "benevole", "riviere", "etchemin", "levis", "sud")
    assert compare(candidate[:6], candidate) == 91.6


@pytest.mark.parametrize("a, b, same", [
    ("levis", "leviss", True), ("leviss", "levis", True),     # five letters or more: one letter apart is a typo
    ("levi", "levis", False), ("levis", "levi", False),       # under five: exact only
    ("abcdefghijklmnopqrst", "abcdefghijklmnopqXYZ", True),   # ratio exactly 85: still the same word
    ("abcdefghijklmnopqrst", "abcdefghijklmnoWXYZ", False),   # under 85
])
def test_token_comparison_boundaries(a, b, same):
    from pipeline.names.matching import token_match

    assert token_match(a, b) is same


@pytest.mark.parametrize("name, expected", [
    ("Saintes-Maries", ("ste", "marie")), ("lois", ("loi",)), ("bus", ("bus",)),
])
def test_saints_and_four_letter_plurals(name, expected):
    assert tokens(name) == expected


@pytest.mark.parametrize("word, expected", [("CA", True), ("STlevis", False), ("OMHl", True)])
def test_acronym_capitals_count(word, expected):
    assert looks_like_acronym(word) is expected
