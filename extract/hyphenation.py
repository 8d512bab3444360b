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

_WORD_END = re.compile(r"([^\W\d_]+)-$")
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


def join_hyphenated(head: str, tail: str, vocabulary: frozenset[str] = frozenset()) -> str:
    """Join a line ending in a hyphen (head) with the next line (tail).

    `vocabulary` holds the document's own words (lower case): a form the document
    writes elsewhere in one piece ("ECPAR", "Bellechasse") or with its hyphen
    ("Chutes-Chaudière") decides first.
    """
    m = _WORD_END.search(head)
    first = tail.split(" ", 1)[0] if tail else ""
    if m and first and vocabulary:
        left = m.group(1).lower()
        right = re.match(r"[^\W_]+", first)
        right = right.group().lower() if right else ""
        if right and f"{left}-{right}" in vocabulary:
            return head + tail
        if right and left + right in vocabulary:
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
    if is_word(left) and is_word(right) and len(right) > 2:
        return head + tail  # two words: "travail-étude", "vivre-ensemble"
    return head[:-1] + tail  # a fragment: the layout broke the word


def vocabulary_of(words) -> frozenset[str]:
    """The document's words, lower case, without surrounding punctuation (for join_hyphenated)."""
    out = set()
    for word in words:
        token = re.sub(r"^[^\w]+|[^\w]+$", "", word).lower()
        if token and not word.rstrip().endswith("-"):  # a word cut at a line end is no spelling
            out.add(token)
            out.update(re.findall(r"[^\W_]+(?:-[^\W_]+)+", token))
            out.update(re.findall(r"[^\W_]+", token))
    return frozenset(out)


def _broken_word(head: str, tail: str, vocabulary: frozenset[str]) -> bool:
    """A word cut with no hyphen (a column too narrow for it): "amélioratio" + "n"."""
    left = re.search(r"([^\W\d_]+)$", head)
    right = re.match(r"([^\W\d_]+)", tail)
    if not left or not right:
        return False
    a, b = left.group(1).lower(), right.group(1).lower()
    joined = a + b
    if not (joined in vocabulary or is_word(joined)):
        return False
    return not (is_word(a) or a in vocabulary) or not (is_word(b) or b in vocabulary)


def join_lines(lines: list[str], vocabulary: frozenset[str] = frozenset(), cells: bool = False) -> str:
    """Join the visual lines of a block, deciding each line-end hyphen. In table cells
    (`cells`), a word cut without a hyphen by a narrow column is glued back."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if not out:
            out = line
        elif out.endswith("-") and not out.endswith(" -"):
            out = join_hyphenated(out, line, vocabulary)
        elif _URL_END.search(out):
            out += line  # a web address wrapped by the layout
        elif cells and _broken_word(out, line, vocabulary):
            out += line
        elif line[0] in ".,)":
            out += line  # punctuation pushed to the next line
        else:
            out += " " + line
    return out
