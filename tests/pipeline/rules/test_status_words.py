"""The status a bilan's wording gives an action, beyond the corpus's own words: table-driven cases
a writer could use, and generated spellings (case, accents, surrounding text)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.ledger import CANCELLED, DONE, POSTPONED, SUSPENDED, status_of

POSTPONED_WORDS = ["reporté", "reportée", "reportés", "reportées", "reporter", "remis à plus tard", "remise à plus tard",
                   "remises à plus tard"]
SUSPENDED_WORDS = ["suspendu", "suspendue", "suspendus", "suspendues", "mis en suspens", "mise en suspend",
                   "mises en suspens", "forcé l'arrêt", "en pause", "interrompu", "interrompue", "interrompus",
                   "interrompues"]
CANCELLED_WORDS = ["annulé", "annulée", "annulés", "annulées", "abandonné", "abandonnée", "abandonnés", "abandonnées"]


@pytest.mark.parametrize("note, expected", [
    ("➔ Reportée à l'année 2021 en raison de la COVID-19.", POSTPONED),
    ("Projet remis à plus tard faute de financement.", POSTPONED),
    ("Activité suspendue en raison de la pandémie.", SUSPENDED),
    ("Le comité est en pause depuis mars.", SUSPENDED),
    ("Démarche interrompue par la pandémie.", SUSPENDED),
    ("La pandémie a forcé l'arrêt des rencontres.", SUSPENDED),
    ("Projet mis en suspens.", SUSPENDED),
    ("Activité annulée.", CANCELLED),
    ("Projet abandonné par le promoteur.", CANCELLED),
])
def test_a_note_alone_decides(note, expected):
    status = status_of([note], [])
    assert (status.status, status.uncertain, status.evidence) == (expected, False, [note])


@pytest.mark.parametrize("words", [["rapport annuel déposé"], ["supportée par la Ville"], ["pause-café des bénévoles"],
                                   ["un déport de la date"]])
def test_words_that_only_look_like_a_verdict(words):
    """"rapport", "supportée", "pause-café": a stem inside another word is no verdict."""
    status = status_of([], words)
    assert status.status == DONE and status.evidence is None and status.uncertain is False


def test_postponed_wins_over_suspended_and_says_it_is_uncertain():
    status = status_of(["Volet 1 reporté.", "Volet 2 suspendu."], [])
    assert (status.status, status.uncertain, status.reason) == (POSTPONED, True, "plusieurs verdicts dans la même fiche")
    assert status.evidence == ["Volet 1 reporté.", "Volet 2 suspendu."]


def test_suspended_with_a_cancelled_part_is_uncertain():
    status = status_of(["Activité annulée."], ["Rencontres suspendues en avril."])
    assert (status.status, status.uncertain) == (SUSPENDED, True)


def test_one_sentence_gives_one_verdict_the_first_that_matches():
    status = status_of(["Reportée puis annulée."], [])
    assert (status.status, status.uncertain, status.evidence) == (POSTPONED, False, ["Reportée puis annulée."])


def test_cancelled_alone_is_cancelled_and_with_achievements_is_done_but_uncertain():
    assert status_of(["Activité annulée."], []).status == CANCELLED
    status = status_of(["La cérémonie a été annulée."], ["Trois rencontres tenues."])
    assert (status.status, status.uncertain) == (DONE, True)
    assert status.reason == "une partie est annulée, mais des réalisations sont rapportées"
    assert status.evidence == ["La cérémonie a été annulée."]


def test_nothing_written_is_done_but_uncertain():
    status = status_of([], [])
    assert (status.status, status.uncertain, status.evidence, status.under_way) == (DONE, True, None, None)
    assert status.reason == "aucune réalisation ni note : statut non écrit dans le bilan"


@pytest.mark.parametrize("sentence", ["Travaux en cours.", "Démarche en processus.", "Projet amorcé en juin.",
                                      "Réflexion entamée.", "Projet en planification.", "En phase de planification.",
                                      "Activités à venir.", "Le travail se poursuit."])
def test_work_going_on_is_kept_as_under_way(sentence):
    status = status_of([], ["Comité formé.", sentence])
    assert (status.status, status.uncertain, status.under_way) == (DONE, False, [sentence])


def _accentless(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


spellings = st.sampled_from([str.lower, str.upper, str.capitalize, str.title, _accentless,
                             lambda t: _accentless(t).upper(), lambda t: t.replace("'", "’")])
around = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ,.", max_size=30)


@settings(max_examples=150, deadline=None)
@given(word=st.sampled_from([(w, POSTPONED) for w in POSTPONED_WORDS] + [(w, SUSPENDED) for w in SUSPENDED_WORDS]
                            + [(w, CANCELLED) for w in CANCELLED_WORDS]),
       spelling=spellings, before=around, after=around)
def test_any_spelling_of_a_verdict_in_any_sentence(word, spelling, before, after):
    text, expected = word
    sentence = f"{before} {spelling(text)} {after}"
    assert status_of([sentence], []).status == expected


def test_status_codes_and_their_french_labels_are_the_ledgers_contract():
    from pipeline.ledger import LABELS, PLANNED, UNPLANNED

    assert (PLANNED, DONE, POSTPONED, SUSPENDED, CANCELLED, UNPLANNED) == (
        "planned", "done_or_under_way", "postponed", "suspended", "cancelled", "unplanned_work")
    assert LABELS == {"planned": "prévue", "done_or_under_way": "entamée ou réalisée", "postponed": "reportée",
                      "suspended": "suspendue", "cancelled": "annulée", "unplanned_work": "occasion saisie (non prévue)"}


def test_a_clear_verdict_or_plain_work_has_no_reason():
    assert status_of(["Activité reportée."], []).reason is None
    assert status_of([], ["Trois rencontres tenues."]).reason is None
    assert status_of([], ["Trois rencontres tenues."]).under_way is None
