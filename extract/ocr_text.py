"""Diacritics the scan blurred: a word read by OCR that is no French word, and whose letters
with other accents are one, is given those accents.

A speck over a letter reads as an accent ("Fämille", "uné"), and a faint accent is lost.
Only a word that is no word (neither in pyspellchecker's French list nor written confidently
more than once in the document) is changed, whatever its confidence (a speck is read with
assurance), and only its accents: "dû" stays "dû",
a name the document writes once stays as read. The word keeps its low confidence, so it
is still listed « à vérifier ».
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from extract.hyphenation import _french_words
from extract.pdf_layout import Box

SURE = 90.0  # a word read at this confidence or above vouches for its spelling
_FRENCH_LETTERS = set("àâéèêëîïôùûüÿçœæ")  # the accented letters French writes
_TOKEN = re.compile(r"^(\W*(?:\w['’])?)(\w+?(?:-\w+)*)(\W*)$")


@lru_cache(maxsize=65536)
def bare(word: str) -> str:
    """A word without its accents ("Fête" -> "Fete")."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")


@lru_cache(maxsize=1)
def _accented_forms() -> dict[str, tuple[str, ...]]:
    """Each unaccented spelling and the French words written with it."""
    forms: dict[str, list[str]] = {}
    for word in _french_words():
        forms.setdefault(bare(word), []).append(word)
    return {key: tuple(value) for key, value in forms.items()}


def _cased(model: str, word: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _differences(a: str, b: str) -> int:
    return sum(x != y for x, y in zip(a, b))


# A number opening a line ("11.", "7)", a lone "17" in a table cell) whose digits a thin or
# broken stroke turned into letters: 1 read as l, I, L or |, 0 as o or O. At least one digit
# is read as one, so that an initial ("L.") or a word stays as it is.
_NUMBER_READ_AS_LETTERS = re.compile(r"(?=[^.)]*\d)(?=[^.)]*[lIL|oO])[\dlIL|oO]{2,3}[.)]?")
# The letters a digit is read as: 1 as l, I, L or |, 0 as o or O (also used by ocr_retry).
DIGIT_SHAPES = str.maketrans("lIL|oO", "111100")


def _on_line(word: Box, other: Box | None) -> bool:
    """Whether `other` is on `word`'s line, close after it (within three of its sizes)."""
    return (other is not None and other.top < word.bottom and word.top < other.bottom
            and 0 <= other.x0 - word.x1 <= 3 * word.size)


def _reads_next(word: Box, other: Box | None) -> bool:
    """Whether `other` is read right after `word`: close after it on its line, or opening the
    line under it (Tesseract gives a column's lines in order)."""
    return _on_line(word, other) or (other is not None and other.x0 < word.x0
                                     and word.bottom - 0.3 * word.size <= other.top <= word.bottom + 1.2 * word.size)


def _opens_line(previous: Box | None, word: Box) -> bool:
    return previous is None or not _on_line(previous, word)


# A speck read as a mark glued to a word: before a line's first word ("‘AXE", ".Partenaires")
# when a capital or a digit follows (text never opens so), or between a word and its colon.
_STRAY_BEFORE = re.compile(r"[‘’'`.,·]+([A-ZÀ-Ý0-9].*)")
_STRAY_BEFORE_COLON = re.compile(r"(\w*)(?:[‘’'`\"·]+:|:[.,'’`·]+)|()[.,]+:")


# A speck read as a mark ending a word: a stop before a word in lower case (a sentence goes on)
# after a word no one abbreviates, a quote after a word that elides nothing (French elides only
# in one letter or in "qu": l', jusqu'). A colon may follow any word ("Réalisation de :").
_STRAY_AFTER = re.compile(r"([^\W\d_]{2,})(\.{1,2}|['’])")
_LOWER_WORD = re.compile(r"[^\W\d_A-ZÀ-ÝŒ][^\W\d_]*(?:['’-][^\W\d_]+)*[.,;:!?»)]*")  # a word in lower case (no address)
_FUNCTION_WORDS = frozenset("à au aux avec ce ces dans de des du en et la le les leur leurs ou par pour sa se ses "
                            "son sur un une".split())


def _stray_after(core: str, mark: str, following: Box | None, known: frozenset[str]) -> bool:
    lower = core.lower()
    if mark in "'’":
        return not lower.endswith("qu")
    return (following is not None and following.text[:1].islower()
            and _LOWER_WORD.fullmatch(following.text) is not None
            and (lower in _FUNCTION_WORDS or (len(lower) >= 5 and lower in known)))


# Two words glued by a stop, each maybe elided ("d'administration.de", "et.d'échanges").
_ELIDED = r"(?:[cdjlmnst]|qu)['’]"
_GLUED = re.compile(rf"((?:{_ELIDED})?([^\W\d_]{{2,}}))\.((?:{_ELIDED})?([^\W\d_]{{2,}})[.,;:]?)", re.IGNORECASE)


DASHES = ("-", "–", "—")


def dash_by_length(length: float, hyphen: float) -> str:
    """A dash standing alone, from its length over the document's hyphens inside words (both
    over their font size, so that a side box's smaller type compares with the text's): a
    hyphen (as long), an en dash (1.5 to 2.2 times in the common fonts), an em dash (3 to 4)."""
    ratio = length / hyphen
    return "-" if ratio < 1.3 else "–" if ratio < 2.6 else "—"


def typeset_marks(words: list[Box], hyphen: float | None = None) -> None:
    """Marks a scan blurs into their typeset form: a number opening a line whose 1s were read
    as letters ("1L." is "11."), a dash standing alone is the one its length shows against
    the document's hyphens inside words (`hyphen`, their length over their size; see
    dash_by_length), or without them a hyphen standing alone between two words is read as a
    dash (Tesseract reads an en dash "-"), a sentence's first word read "implanter"
    after "11." or a full stop is "Implanter" (a capital I read as i or l), and two words glued
    by a speck read as a stop ("en.cours.") are two words again; a speck read as a mark ending
    a word where French sets none ("de. logements", "du' Service") goes."""
    known = _french_words()
    for previous, word, following in zip([None, *words], words, [*words[1:], None]):
        if word.conf is None:
            continue
        if _NUMBER_READ_AS_LETTERS.fullmatch(word.text) and _opens_line(previous, word) \
                and (word.text[-1] in ".)" or not _on_line(word, following)):
            word.text = word.text.translate(DIGIT_SHAPES)  # "1L." is action 11 (a thin 1 on a fax)
            continue
        stray = _STRAY_BEFORE.fullmatch(word.text) if _opens_line(previous, word) else None
        if stray:
            word.text = stray.group(1)  # a speck read as a quote or a stop before a line's first word
            continue
        stray = _STRAY_BEFORE_COLON.fullmatch(word.text)
        if stray:
            word.text = (stray.group(1) or "") + ":"  # "Partenaires\":", ":." : a speck beside a colon
            continue
        after = following if _reads_next(word, following) else None
        stray = _STRAY_AFTER.fullmatch(word.text)
        if stray and _stray_after(*stray.groups(), after, known):
            word.text = stray.group(1)
            continue
        stray = _STRAY_AFTER.fullmatch(previous.text + word.text) if previous is not None and _on_line(previous, word) else None
        if stray and stray.group(2) == word.text and previous.conf is not None and _stray_after(*stray.groups(), after, known):
            word.text = ""  # the mark read as a word of its own: finish takes it out
            continue
        glued = _GLUED.fullmatch(word.text)
        if glued and glued.group(2).lower() in known and glued.group(4).lower() in known:
            word.text = f"{glued.group(1)} {glued.group(3)}"  # a speck read as a stop between two words
            continue
        if word.text in DASHES and hyphen and word.size > 0:
            word.text = dash_by_length(word.width / word.size, hyphen)
            continue
        if word.text == "-" and previous is not None and previous.conf is not None:
            word.text = "–"
            continue
        if (previous is not None and re.search(r"(?:^\d+|\w{3,}|[!?])[.!?]$", previous.text) and previous.top < word.bottom
                and word.top < previous.bottom and word.text[:1] in "il|" and word.conf < SURE):
            rest = word.text[1:]
            if rest.isalpha() and ("i" + rest).lower() in _french_words():
                word.text = "I" + rest


def correct_accents(words: list[Box]) -> int:
    """Fix the accents of the OCR words that are no word (see the module); returns how many."""
    known = _french_words()
    seen = Counter(m.group(2).lower() for w in words if w.conf is not None and w.conf >= SURE
                   for m in [_TOKEN.match(w.text)] if m)
    # A confident spelling vouches for itself when French, or when the document repeats it (a name).
    sure = Counter({w: n for w, n in seen.items() if w in known or n >= 2})
    changed = 0
    for word in words:
        if word.conf is None:
            continue
        match = _TOKEN.match(word.text)
        if not match:
            continue
        head, core, tail = match.groups()
        # Each part of a compound on its own ("ACCES-LOISIRS" is "ACCÈS-LOISIRS").
        parts = [_respelled(part, known, sure, word.conf >= SURE) if part.isalpha() else part
                 for part in re.split(r"(-)", core)]
        if "".join(parts) != core:
            word.text = head + "".join(parts) + tail
            changed += 1
    return changed


def _respelled(core: str, known: frozenset[str], sure: Counter, confident: bool = False) -> str:
    """A word that is no word, with the accents, or the capital I, that make it one; else as is.
    A doubtful word with a letter French never writes ("Relocälisation") loses that accent; a
    confident one is a name ("Björn")."""
    lower = core.lower()
    if lower in known or lower in sure or (core.isupper() and len(core) <= 4):
        return core  # a word, or an acronym ("CA" is no "ça")
    if lower[:1] == "l" and "i" + lower[1:] in known:
        return "I" + core[1:]  # a capital I read as l ("lllumination")
    key = bare(lower)
    in_document = [w for w in sure if len(w) == len(lower) and bare(w) == key]
    candidates = in_document or [w for w in _accented_forms().get(key, ()) if len(w) == len(lower)]
    if not candidates:
        if confident:
            return core
        return "".join(bare(c) if c.lower() not in _FRENCH_LETTERS and c != bare(c) else c for c in core)
    ranked = sorted(candidates, key=lambda w: (_differences(w, lower), -sure[w]))
    if len(ranked) > 1 and _differences(ranked[0], lower) == _differences(ranked[1], lower) and sure[ranked[0]] == sure[ranked[1]]:
        return core  # two spellings as close: leave it to the proofreader
    return _cased(core, ranked[0])
