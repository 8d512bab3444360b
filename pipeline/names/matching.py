"""A French-aware matching key for organisation names, and a guarded token comparison.

The key ignores case, accents, typographic apostrophes, articles and the
prepositions de/du/des, folds Saint/St and plurals, and repairs layout
artifacts ("habi- tation", "St- Lambert"). Two names compare by their content
tokens: every distinctive word of a mention must be found in the candidate,
so "Service d'entraide de St-Nicolas" never becomes "... de St-Étienne".
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from extract.normalize import fold, join_hyphenated

STOPWORDS = frozenset("le la les l de du des d et en a au aux pour sur par avec dans the".split())
_LAYOUT_HYPHEN = re.compile(r"(\w+-) (\w+)")
_SAINTS = {"saint": "st", "sainte": "ste", "saints": "st", "saintes": "ste"}


def repair(text: str) -> str:
    """Undo layout artifacts: a hyphen followed by a space inside a name."""
    return _LAYOUT_HYPHEN.sub(lambda m: join_hyphenated(m.group(1), m.group(2)), text)


def _singular(token: str) -> str:
    if len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
        return token[:-1]
    return token


@lru_cache(maxsize=20000)
def tokens(text: str) -> tuple[str, ...]:
    """Content tokens of a name: folded, singular, without articles and prepositions."""
    words = re.split(r"[^a-z0-9]+", fold(repair(text)))
    out = []
    for word in words:
        if not word or word in STOPWORDS:
            continue
        out.append(_SAINTS.get(word, _singular(word)))
    return tuple(out)


def name_key(text: str) -> str:
    return " ".join(tokens(text))


def acronym_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


_ACRONYM = re.compile(r"^(?=.*[A-Z]{2})[A-ZÉÈÀ0-9][A-Za-zÉÈÀéèà0-9-]{1,12}$|^\d{3}$")


def looks_like_acronym(word: str) -> bool:
    """"CISSS-CA", "PRÉCA", "STLévis", "211": written mostly in capitals, short, one word."""
    return bool(_ACRONYM.match(word)) and sum(c.isupper() or c.isdigit() for c in word) >= max(2, len(word) // 2)


def token_match(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) >= 5 and len(b) >= 5:
        return fuzz.ratio(a, b) >= 85
    return False


def compare(mention: tuple[str, ...], candidate: tuple[str, ...]) -> float:
    """Score in [0, 100] of a mention against a candidate name, 0 when a distinctive
    word of the mention is missing from the candidate or too little of the candidate
    is written (a sibling or another organisation, not a variant)."""
    if not mention or not candidate:
        return 0.0
    matched_candidate: set[int] = set()
    for token in mention:
        hit = next((k for k, c in enumerate(candidate) if k not in matched_candidate and token_match(token, c)), None)
        if hit is None:
            return 0.0
        matched_candidate.add(hit)
    coverage = len(matched_candidate) / len(candidate)
    if coverage < 0.7:
        return 0.0
    return round(fuzz.token_sort_ratio(" ".join(mention), " ".join(candidate)) * (0.7 + 0.3 * coverage), 1)
