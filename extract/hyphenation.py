"""Line-end hyphens: a layout break ("d'habita-" + "tion") or a real compound ("Chutes-" + "Chaudière")?

Decided with a French word list (pyspellchecker's dictionary, loaded once and
only when a lowercase case needs it), never with a list of names.
"""

from __future__ import annotations

import re
from functools import lru_cache

_ELISION = re.compile(r"^.*?[’']")  # "d'habita" -> "habita"
_WORD_END = re.compile(r"([^\W\d_]+)-$")


@lru_cache(maxsize=1)
def _french_words() -> frozenset[str]:
    from spellchecker import SpellChecker  # imported lazily: most lines need no look-up

    return frozenset(SpellChecker(language="fr", distance=1).word_frequency.dictionary)


def is_word(word: str) -> bool:
    return word.lower() in _french_words()


def join_hyphenated(head: str, tail: str) -> str:
    """Join a line ending in a hyphen (head) with the next line (tail)."""
    m = _WORD_END.search(head)
    first = tail.split(" ", 1)[0] if tail else ""
    if not m or not first or not first[0].isalpha() or first[0].isupper():
        # Digits ("2017-" "2023"), a capital ("Rive-" "Sud", "St-" "Nicolas"): a real hyphen.
        return head + tail
    if "'" in first or "’" in first:
        return head + tail  # "main-" + "d'œuvre": a layout break never leaves an elision at a line start
    left = _ELISION.sub("", m.group(1)).lower()
    right = re.match(r"[^\W\d_]+", first)
    right = right.group().lower() if right else ""
    if is_word(f"{left}-{right}"):
        return head + tail  # a listed compound: "porte-parole", "bien-être"
    if is_word(left + right):
        return head[:-1] + tail  # "habita" + "tion"
    if is_word(left) and is_word(right) and len(right) > 2:
        return head + tail  # two words: "travail-étude", "vivre-ensemble"
    return head[:-1] + tail  # a fragment: the layout broke the word


def join_lines(lines: list[str]) -> str:
    """Join the visual lines of a block, deciding each line-end hyphen."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if not out:
            out = line
        elif out.endswith("-") and not out.endswith(" -"):
            out = join_hyphenated(out, line)
        else:
            out += " " + line
    return out
