"""Text normalisation shared by the parsers and the later stages.

`fold` is the one comparison form of the project: patterns of the parsers, status
words, name matching and spaCy's NORM all compare folded text, so a rule written
against one spelling ("reportée") holds for every other ("REPORTÉE", "reportee").
`clean_name` is a lead or partner name as written, without the list's punctuation, and
`join_hyphenated` decides a hyphen the layout put at a line end ("habi- tation").
"""

from __future__ import annotations

import re
import unicodedata

from extract.hyphenation import join_hyphenated  # noqa: F401 (public: layout hyphens inside names)
from extract.inline import normalize_space

_LIGATURES = str.maketrans({"’": "'", "œ": "oe", "Œ": "Oe", "æ": "ae", "Æ": "Ae"})
_TRAILING = re.compile(r"[\s;,.:·•–-]+$")
_ABBREVIATION_END = re.compile(r"\b(?:inc|ltée|etc|enr)\.$", re.IGNORECASE)


def fold(text: str) -> str:
    """Lower case, no accents, plain apostrophes, ligatures spelled out, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return normalize_space("".join(c for c in decomposed if not unicodedata.combining(c))).lower()


def clean_name(text: str) -> str:
    """A lead or partner name as written, without bullets or trailing punctuation."""
    text = normalize_space(text.lstrip("-–•▪■◦●*+ \u00a0"))
    # Keep a final period that closes an abbreviation such as "inc." or "etc.".
    if _ABBREVIATION_END.search(text):
        return text
    return _TRAILING.sub("", text)


# Common nouns that open an organisation's name in French ("Centre intégré…", "Table de
# concertation…", "Organismes communautaires…"). Set with a capital at a line's start, one
# opens a name rather than going on with the one above (see extract.pdf_tables).
NAME_HEADS = frozenset("""
    agence association bureau carrefour centre cercle club collectif college comite commission conseil cooperative
    corporation cuisine direction ecole entraide federation fondation groupe institut maison ministere municipalite
    office organisme organismes regroupement reseau service services societe syndicat table universite ville
""".split())
