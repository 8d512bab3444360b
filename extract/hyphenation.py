"""Line-end hyphens: a layout break ("d'habita-" + "tion") or a real compound ("Chutes-" + "Chaudière")?

Decided with a French word list (pyspellchecker's dictionary, loaded once and
only when a lowercase case needs it), never with a list of names.
"""

from __future__ import annotations

import os
import re
import sys
from functools import lru_cache
from pathlib import Path

# A typesetter's hyphen may be U+2010 or U+2011 instead of "-"; a soft hyphen (U+00AD) drawn at
# a line end is a break the typesetter made inside a word, and is invisible anywhere else.
_HYPHEN_GLYPHS = str.maketrans({"\u2010": "-", "\u2011": "-"})
SOFT_HYPHEN = "\u00ad"


def plain_hyphens(text: str) -> str:
    """U+2010 and U+2011 as "-"; soft hyphens are kept for join_lines to decide."""
    return text.translate(_HYPHEN_GLYPHS)


_WORD_END = re.compile(r"([^\W\d_]+)-$")
_COMPOUND_END = re.compile(r"([^\W_]+(?:-[^\W_]+)*)-$")
_URL_END = re.compile(r"(?:^|\s)(?:https?://|www\.)\S*[/_.=?&-]$")


def _word_list_path() -> Path:
    """Where the word list is kept beside the installed packages, one file per version."""
    from importlib.metadata import version

    return Path(sys.prefix) / "share" / "levis-bilans" / f"mots-fr-pyspellchecker-{version('pyspellchecker')}.txt"


@lru_cache(maxsize=1)
def _french_words() -> frozenset[str]:
    """pyspellchecker's French words. Its compressed JSON takes ~0.2 s to load, so the first
    use writes them as plain text beside the environment (~0.02 s to read afterwards)."""
    path = _word_list_path()
    try:
        return frozenset(path.read_text(encoding="utf-8").split("\n"))
    except OSError:
        pass
    from spellchecker import SpellChecker  # imported lazily: most lines need no look-up

    words = frozenset(SpellChecker(language="fr", distance=1).word_frequency.dictionary)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_text("\n".join(sorted(words)), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        pass  # a read-only environment: the list is simply loaded each time
    return words


def is_word(word: str) -> bool:
    return word.lower() in _french_words()


def _forms(word: str) -> set[str]:
    """A word and its singular or plural ("interculturelles" is written "Interculturelle")."""
    forms = {word, word + "s"}
    if word[-1:] in ("s", "x"):
        forms.add(word[:-1])
    return forms


def join_hyphenated(head: str, tail: str, vocabulary: frozenset[str] = frozenset()) -> str:
    """Join a line ending in a hyphen (head) with the next line (tail).

    `vocabulary` holds the document's own words (lower case): a form the document
    writes elsewhere in one piece ("ECPAR", "Bellechasse") or with its hyphen
    ("Chutes-Chaudière") decides first.
    """
    m = _WORD_END.search(head)
    first = tail.split(" ", 1)[0] if tail else ""
    whole = _COMPOUND_END.search(head)
    if whole and first and vocabulary:
        # The whole compound the break falls in ("Chutes-de-" + "la-Chaudière-Ouest").
        right = re.match(r"[^\W_]+(?:-[^\W_]+)*", first)
        if right and "-" in whole.group(1) + right.group() and \
                _forms(f"{whole.group(1)}-{right.group()}".lower()) & vocabulary:
            return head + tail
    if m and first and vocabulary:
        left = m.group(1).lower()
        right = re.match(r"[^\W_]+", first)
        right = right.group().lower() if right else ""
        if right and _forms(f"{left}-{right}") & vocabulary:
            return head + tail
        if right and _forms(left + right) & vocabulary:
            return head[:-1] + tail
    if not m or not first or not first[0].isalpha() or first[0].isupper():
        # Digits ("2017-" "2023"), a capital ("Rive-" "Sud", "St-" "Nicolas"): a real hyphen.
        return head + tail
    if "'" in first or "’" in first:
        return head + tail  # "main-" + "d'œuvre": a layout break never leaves an elision at a line start
    # m's word is letters only, so an elision ("d'après-") is never part of it; the break's first
    # character is a letter (checked above), so the tail's word always matches.
    left = m.group(1).lower()
    right = re.match(r"[^\W\d_]+", first).group().lower()
    if is_word(f"{left}-{right}"):
        return head + tail  # a listed compound: "porte-parole", "bien-être"
    if is_word(left + right):
        return head[:-1] + tail  # "habita" + "tion"
    if is_word(left) and is_word(right) and len(left) > 2 and len(right) > 2:
        return head + tail  # two words: "travail-étude", "vivre-ensemble"
    if whole and "-" in whole.group(1) and "-" in first and is_word(left) and is_word(right):
        return head + tail  # a compound broken at one of its hyphens: "Chutes-de-" + "la-Chaudière"
    return head[:-1] + tail  # a fragment: the layout broke the word


def vocabulary_of(words) -> frozenset[str]:
    """The document's words, lower case, without surrounding punctuation (for join_hyphenated)."""
    out = set()
    for word in words:
        token = re.sub(r"^[^\w]+|[^\w]+$", "", word).lower()
        if token and not word.rstrip().endswith(("-", SOFT_HYPHEN)):  # a word cut at a line end is no spelling
            out.add(token)
            out.update(re.findall(r"[^\W_]+(?:-[^\W_]+)+", token))
            out.update(re.findall(r"[^\W_]+", token))
    return frozenset(out)


def _broken_word(head: str, tail: str, vocabulary: frozenset[str]) -> bool:
    """A word cut with no hyphen (a column too narrow for it): "amélioratio" + "n"."""
    left = re.search(r"([^\W\d_]+)$", head)
    right = re.match(r"([^\W\d_]+)", tail)
    if not left or not right or tail[right.end():right.end() + 1] in ("'", "’"):
        return False  # an elision ("s'épanouir") starts a word
    a, b = left.group(1).lower(), right.group(1).lower()
    joined = a + b
    if not (_forms(joined) & vocabulary or is_word(joined)):
        return False
    # The halves are judged by the dictionary alone: where a typesetter cuts words with no mark,
    # its fragments ("respon" + "sable") are words of the document too.
    return not is_word(a) or not is_word(b)


def join_lines(lines: list[str], vocabulary: frozenset[str] = frozenset(), cells: bool = False) -> str:
    """Join the visual lines of a block, deciding each line-end hyphen. A word cut without a
    hyphen is glued back (in table cells even before a capital: a narrow column cuts anywhere)."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if not out:
            out = line
        elif out.endswith(SOFT_HYPHEN):
            out = out[:-1] + line  # the typesetter broke a word here: no decision to make
        elif out.endswith("-") and not out.endswith(" -"):
            out = join_hyphenated(out, line, vocabulary)
        elif _URL_END.search(out):
            out += line  # a web address wrapped by the layout
        elif _broken_word(out, line, vocabulary) and (cells or line[:1].islower()):
            # A word cut with no visible hyphen: a narrow table column, or a typesetter whose
            # soft hyphen draws nothing.
            out += line
        elif line[0] in ".,)":
            out += line  # punctuation pushed to the next line
        else:
            out += " " + line
    return out.replace(SOFT_HYPHEN, "")
