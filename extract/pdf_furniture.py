"""Running headers and footers, and what a scanning office adds to every sheet.

A page's furniture is a line in its top or bottom margin, set apart from the body, that comes
back at about the same height on many pages with about the same text, its numbers aside
("Page 3" and "Page 4"; "LV-2021-536464" and "LV-2021-178896" on a batch's labels).

"About", because a scan moves and misreads what a typesetter placed exactly: a label stuck by
hand, a fax header or an imprinter's line sits a few points higher or lower from sheet to
sheet, and OCR reads "LV-2O21" on one sheet and "LV-2021" on the next. Two lines match when
their middles lie within a line's height of each other and their texts, digits folded, are
close (rapidfuzz ratio; each digit folded to "#", so "LV-2021-007383" and a misread
"2021-007383" stay close). A line is furniture when it matches lines on enough pages
(FURNITURE_SHARE of them, two at least).

Margins are measured on the words OCR read with some confidence (see _sure). What lies beside
furniture or between it and the page's edge goes with it (a label's barcode, read as "D OUR"
above its number). Where furniture lies on the other pages, a line OCR read with little
confidence is that furniture misread (see _misread). Then the margins are looked at again
without it: a running header under a batch label only becomes the page's first line once the
label is gone. Each layer must come back on its own.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from extract.inline import normalize_space
from extract.pdf_layout import Box, make_lines

MARGIN = 0.15  # running headers and footers live in the top and bottom 15 % of a page (wide margins included)
FURNITURE_SHARE = 0.4  # of the pages, for a line to be furniture
SIMILAR = 75  # rapidfuzz ratio of two furniture lines' folded texts (OCR misreads a character in five)
_UNSURE = 50.0  # an OCR word under this confidence is left out of the margins' lines
_DOUBTFUL = 70.0  # OCR words read at this confidence on average make a line misread
_LAYERS = 3  # a label over a running header over the body: peeled one after the other


def margin_lines(height: float, words: list[Box]) -> list:
    """The top and bottom lines of a page (at most two each) that sit in its margins, set apart
    from the body by more than a line's spacing: a box that happens to open many pages is body."""
    lines = make_lines(words)
    if len(lines) <= 2:
        return [line for line in lines if line.top < MARGIN * height or line.bottom > (1 - MARGIN) * height]

    def apart(a, b) -> bool:
        return b.top - a.bottom >= 0.9 * max(a.bottom - a.top, b.bottom - b.top)

    top = next((lines[:k] for k in (1, 2) if apart(lines[k - 1], lines[k])), [])
    bottom = next((lines[-k:] for k in (1, 2) if apart(lines[-k - 1], lines[-k])), [])
    return ([line for line in top if line.top < MARGIN * height]
            + [line for line in bottom if line.bottom > (1 - MARGIN) * height and line not in top])


def _folded(line) -> str:
    return re.sub(r"\d", "#", normalize_space(line.text).lower())


def _sure(words: list[Box]) -> list[Box]:
    """The words margins are measured on: not those OCR read with little confidence (a label's
    barcode read "ra" and "VUE" at 6 and 18 around its number read at 91: they made the
    number's line as tall as the label, so it no longer stood apart from the body)."""
    return [box for box in words if box.conf is None or box.conf >= _UNSURE]


def _recurring(margins: list[list]) -> list[list]:
    """Of each page's margin lines, those that match lines on enough other pages: at about the
    same height (middles within the taller line's height) and with about the same text (folded
    texts' ratio at SIMILAR or more). Each line's middle, height and folded text are taken once,
    not once for every pair of lines compared."""
    needed = max(2, int(FURNITURE_SHARE * len(margins) + 0.5))
    shapes = [[((line.top + line.bottom) / 2, line.bottom - line.top, _folded(line)) for line in lines]
              for lines in margins]

    def same(a, b) -> bool:
        return abs(a[0] - b[0]) <= max(a[1], b[1]) and fuzz.ratio(a[2], b[2], score_cutoff=SIMILAR) >= SIMILAR

    out = []
    for page, lines in enumerate(margins):
        kept = []
        for line, shape in zip(lines, shapes[page]):
            pages = 1 + sum(1 for k, others in enumerate(shapes)
                            if k != page and any(same(shape, other) for other in others))
            if pages >= needed:
                kept.append(line)
        out.append(kept)
    return out


def _misread(height: float, words: list[Box], places: list[tuple[float, float]]) -> list:
    """The margin lines of a page that lie where furniture lies on other pages and that OCR read
    with little confidence (their words' mean under _DOUBTFUL): that furniture, misread (a
    label's number and the header beside it read "vie de Lis ln 2020 vu" on one sheet)."""
    margin = [box for box in words if box.conf is not None
              and (box.top < MARGIN * height or box.bottom > (1 - MARGIN) * height)]
    return [line for line in make_lines(margin)
            if sum(box.conf for box in line.boxes) / len(line.boxes) < _DOUBTFUL
            and any(abs((line.top + line.bottom) - (top + bottom)) / 2 <= bottom - top for top, bottom in places)]


def _beyond(height: float, words: list[Box], line) -> set[int]:
    """The words of a furniture line, and those beside it or between it and the page's edge."""
    upper = line.bottom < height / 2
    return {id(box) for box in words
            if ((box.top + box.bottom) / 2 <= line.bottom if upper else (box.top + box.bottom) / 2 >= line.top)
            and (box.top < MARGIN * height if upper else box.bottom > (1 - MARGIN) * height)} | {id(b) for b in line.boxes}


def strip_furniture(pages: list[tuple[float, list[Box]]]) -> list[list[Box]]:
    """Each page's words (`pages`: page height and words) without its furniture (see the module)."""
    words = [list(page_words) for _, page_words in pages]
    if len(pages) < 2:
        return words
    for _ in range(_LAYERS):
        margins = [margin_lines(height, _sure(page_words)) for (height, _), page_words in zip(pages, words)]
        found = _recurring(margins)
        if not any(found):
            break
        places = [(line.top, line.bottom) for lines in found for line in lines]
        for k, ((height, _), lines) in enumerate(zip(pages, found)):
            drop: set[int] = set()
            for line in lines + _misread(height, words[k], places):
                drop |= _beyond(height, words[k], line)
            words[k] = [box for box in words[k] if id(box) not in drop]
    return words
