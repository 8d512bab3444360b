"""What a bilan draft carries from the last bilan's front matter: the slogan, the credits and
contact block, the introduction. Read the same from the three renditions of the 2020 bilan, and
from front matters of other shapes (no slogan, other credit headings, no credits, signatures as
headings or lines, a finished draft read back)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from extract.records import BilanRecord, Provenance, Section, Source
from pipeline.drafts.front_matter import front_matter, latest_bilan
from pipeline.extraction import extract_document

CORPUS = Path(__file__).resolve().parents[3] / "corpus"
# Read in corpus/bilan-2020.txt: the slogan (line 3), the credits (lines 9-28), the two paragraphs
# of the introduction (lines 37 and 39), then the mayor's signature (line 43).
INTRO = ("Le Plan d'action de la Politique de développement social et communautaire s'échelonne sur une période",
         "Annuellement, de concert avec les parties prenantes, un plan de déploiement est réalisé afin")
CREDITS = ("COORDINATION DES TRAVAUX Barbra Tremblay Chef du Service du développement social et communautaire "
           "Direction de la vie communautaire RÉDACTION Mylène Bédard Conseillère en développement social et "
           "communautaire Service du développement social et communautaire Direction de la vie communautaire Ville de "
           "Lévis 2175 chemin du Fleuve Lévis (Québec) G6W 7W9 Pour information : Téléphone : 418 835-4995 Courriel : "
           "sociocommunautaire@ville.levis.qc.ca")


def _flat(credits) -> str:
    return " ".join(" ".join([c["title"], *c["lines"]]) for c in credits)


@pytest.mark.parametrize("rendition", ["bilan-2020.txt", "publies/bilan-2020.pdf", "publies/bilan-2020.docx"])
def test_the_2020_bilan_front_matter_in_every_rendition(rendition):
    front = front_matter(extract_document(CORPUS / rendition).record)
    assert front.slogan == "Au cœur du courant Lévis!" and front.cycle == "2020"
    assert _flat(front.credits) == CREDITS  # lines joined or not, the same words in the same order
    assert [p[:len(start)] for p, start in zip(front.intro, INTRO)] == list(INTRO) and len(front.intro) == 2


PROSE = ("Le plan d'action s'échelonne sur dix ans et comporte un ensemble de mesures structurantes pour la "
         "communauté lévisienne.")
PROSE_2 = "Chaque année, un plan de déploiement est réalisé avec les parties prenantes afin de choisir les actions."


def _record(sections: list[tuple[str | None, list[str]]], title: str = "BILAN 2031") -> BilanRecord:
    return BilanRecord(cycle="2031", title=title, source=Source(path="bilan-2031.docx", sha256="0" * 64, format="docx"),
                       sections=[Section(title=t, paragraphs=p, provenance=Provenance(paragraph=n))
                                 for n, (t, p) in enumerate(sections)])


SLOGANS = [None, "Ensemble, pour une ville solidaire"]
CREDIT_SETS = [[], [("RÉALISATION", ["Jeanne Roy", "Conseillère"])],
               [("COORDINATION", ["Paul Côté"]), ("CONCEPTION GRAPHIQUE", ["Studio Lévis", "Courriel : a@b.ca"])]]
SIGNATURES = ["heading", "line", None]


@pytest.mark.parametrize("slogan,credits,signature", list(itertools.product(SLOGANS, CREDIT_SETS, SIGNATURES)))
def test_front_matters_of_other_shapes(slogan, credits, signature):
    sections: list[tuple[str | None, list[str]]] = []
    if slogan:
        sections.append((None, [slogan]))
    sections.append(("BILAN 2031", ["Politique de développement social et communautaire"]))
    intro_host = None
    for title, lines in credits:
        sections.append((title, list(lines)))
        intro_host = sections[-1]
    if intro_host is None:  # no credits: the introduction follows the title
        intro_host = sections[-1]
    intro_host[1].extend([PROSE, PROSE_2])
    if signature == "line":
        intro_host[1].append("JEAN TREMBLAY Maire de Lévis")
    elif signature == "heading":
        sections.append(("JEAN TREMBLAY", ["Maire de Lévis"]))
    sections += [("MOT DU MAIRE", ["Une année de travail soutenu, menée avec toutes les équipes de la Ville de Lévis."]),
                 ("CONCLUSION", [PROSE])]
    front = front_matter(_record(sections))
    assert front.slogan == (slogan or "")
    assert [(c["title"], c["lines"]) for c in front.credits] == [(t, lines) for t, lines in credits]
    assert front.intro == [PROSE, PROSE_2]


def test_a_bilan_without_front_matter_carries_nothing():
    front = front_matter(_record([("MOT DU MAIRE", [PROSE]), ("SOMMAIRE", []), ("CONCLUSION", [PROSE_2])]))
    assert (front.slogan, front.credits, front.intro) == ("", [], [])


def test_a_finished_draft_carries_its_front_matter_without_the_drafts_marks():
    front = front_matter(_record([(None, ["Au cœur du courant Lévis!"]),
                                  ("BILAN 2031", ["Bilan 2031 de la Politique", "Politique — Ville de Lévis"]),
                                  ("RÉDACTION", ["Mylène Bédard"]),
                                  ("TEXTE", ["À revoir : introduction reprise du bilan 2030", PROSE]),
                                  ("MOT DU MAIRE", ["[À rédiger : mot du maire]"])]))
    assert front.slogan == "Au cœur du courant Lévis!"
    assert front.credits == [{"title": "RÉDACTION", "lines": ["Mylène Bédard"]}] and front.intro == [PROSE]


def test_the_latest_bilan_before_a_cycle():
    def bilan(cycle):
        return BilanRecord(cycle=cycle, source=Source(path=f"bilan-{cycle}.txt", sha256="0" * 64, format="txt"))

    bilans = [bilan("2020"), bilan("2022"), bilan("2023-2024"), bilan("2021")]
    assert latest_bilan(bilans, "2023-2024").cycle == "2022"
    assert latest_bilan(bilans, "2025-2026").cycle == "2023-2024"
    assert latest_bilan(bilans, "2020") is None
