"""Characters to words, as pdfplumber's `extract_words` makes them, at about twice its speed.

pdfplumber's word extractor is generic (any direction, any attributes) and pays for it on
every character. This is the same algorithm, specialised to what the PDF reader asks for:
runs of characters of the same font and size (in content-stream order), lines clustered by
`top` within `y_tolerance`, characters sorted by `x0` in a line, a new word at a blank, at a
gap wider than `x_tolerance`, or on a step back or to another line. Rotated text is rare and
goes to pdfplumber itself. tests/extract/test_pdf_words.py checks the two agree on every
fixture PDF.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import groupby
from operator import itemgetter

from pdfplumber.utils.text import LIGATURES, extract_words

from extract.hyphenation import plain_hyphens
from extract.pdf_layout import Box

_RUN = itemgetter("upright", "fontname", "size")
_X0 = itemgetter("x0")


@lru_cache(maxsize=256)
def font_style(fontname: str) -> tuple[bool, bool]:
    """(bold, italic) from a font's name."""
    return (bool(re.search(r"bold|black|heavy|semibold|demi", fontname, re.IGNORECASE)),
            bool(re.search(r"italic|oblique", fontname, re.IGNORECASE)))


def _box(chars: list[dict]) -> Box:
    text = plain_hyphens("".join(LIGATURES.get(c["text"], c["text"] or "") for c in chars))
    first = chars[0]
    bold, italic = font_style(first["fontname"])
    return Box(min(c["x0"] for c in chars), max(c["x1"] for c in chars), min(c["top"] for c in chars),
               max(c["bottom"] for c in chars), text, float(first["size"]), bold, italic)


def _line_clusters(chars: list[dict], tolerance: float) -> list[list[dict]]:
    """pdfplumber's cluster_objects on `top`: sorted distinct values chained within tolerance;
    characters keep their order inside a cluster."""
    tops = sorted({c["top"] for c in chars})
    cluster: dict[float, int] = {}
    index, last = 0, tops[0]
    for top in tops:
        if top > last + tolerance:
            index += 1
        cluster[top] = index
        last = top
    ordered = sorted(chars, key=lambda c: cluster[c["top"]])
    return [list(line) for _, line in groupby(ordered, key=lambda c: cluster[c["top"]])]


def words(chars: list[dict], x_tolerance: float = 1.5, y_tolerance: float = 2) -> list[Box]:
    """The words of a page's characters, blank words left out."""
    out: list[Box] = []
    for (upright, _, _), run in groupby(chars, key=_RUN):
        run = list(run)
        if not upright:
            out += [_from_plumber(w) for w in extract_words(run, x_tolerance=x_tolerance, y_tolerance=y_tolerance,
                                                           extra_attrs=["fontname", "size"])]
            continue
        for line in _line_clusters(run, y_tolerance):
            word: list[dict] = []
            for char in sorted(line, key=_X0):
                if char["text"].isspace():
                    if word:
                        out.append(_box(word))
                    word = []
                    continue
                if word:
                    previous = word[-1]
                    if (char["x0"] < previous["x0"] or char["x0"] > previous["x1"] + x_tolerance
                            or abs(char["top"] - previous["top"]) > y_tolerance):
                        out.append(_box(word))
                        word = []
                word.append(char)
            if word:
                out.append(_box(word))
    return [w for w in out if w.text.strip()]


def _from_plumber(word: dict) -> Box:
    bold, italic = font_style(word["fontname"])
    return Box(word["x0"], word["x1"], word["top"], word["bottom"], plain_hyphens(word["text"]), float(word["size"]), bold, italic)
