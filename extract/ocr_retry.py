"""A second look at what a page's first OCR pass read badly or not at all.

Tesseract reads running text well and lone marks badly: an action number alone in its table
cell ("7" read "Z", "1" read "1k", "7.c" read "TE") or dropped. After every page of a document
is read, the short words alone on their line (see _lone) and the clusters of ink no word
covers are cut out, enlarged twice, set side by side on one line with white space between
them, and read again in a single Tesseract call for the whole document (a call costs its
start-up, about 0.1 s, once). A lone word takes the second reading when it is more confident;
ink nobody had read becomes a word when the second reading is confident and looks like text
(a number, an acronym, French words: specks read as "ele" do not), or when it is a number in a
column of numbers read with assurance (a lone "l" there is a "1"). Two cut-outs side by side
read as one word ("1" and "7" as "17") are parted again by the places of its characters.
"""

from __future__ import annotations

import statistics
from collections import Counter

import cv2
import numpy as np

from extract.hyphenation import _french_words
from extract.ocr_drawings import labelled
from extract.ocr_hocr import Read, recognise
from extract.ocr_specks import OPENING
from extract.ocr_text import DIGIT_SHAPES

ENLARGE = 2
_GAP = 24  # white pixels between two cut-outs (at the enlarged size)
_MOST = 60  # cut-outs per page, at most: a page of specks is not read twice
_WIDEST = 32000  # Tesseract reads no image wider than 32767 pixels
_TRUST = 60.0  # a word found only by the second look needs this confidence
# ... or this one for a number in a column of numbers read with assurance (a table's number
# column: a lone "1", thin on a fax, is read at 45-60 when a 7 is read at 95).
_NUMBER_TRUST = 40.0


def _unread_ink(page, size: float) -> np.ndarray:
    """The page's ink that no word read covers."""
    ink = cv2.threshold(page.image.ocr_input, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]
    for read in page.reads:
        _cover(ink, read.letters, size)
    return ink


def _cover(ink: np.ndarray, box: tuple[int, int, int, int], size: float) -> None:
    """Take a word's letters, and a little around them, out of the unread ink."""
    pad = max(2, int(size * 0.15))
    x0, top, x1, bottom = box
    ink[max(0, top - pad):bottom + pad, max(0, x0 - pad):x1 + pad] = 0


def find_bullets(page, size: float, ink: np.ndarray) -> None:
    """Bullets Tesseract passed over: a solid dot or square, a third of a letter high, set just
    before the first word of a line at its middle, is that line's bullet (then no longer unread).
    It spans OPENING of the size at least, as the mark Tesseract reads at a line's start (0.23
    to 0.32 here on the bench's pale, faxed, reduced, blurred and carbon-copied bilans): a
    speck of dust two to four pixels across (0.15), however round and well placed, is none."""
    count, _, stats = labelled(ink)
    firsts: dict[int, Read] = {}
    for read in page.reads:
        if read.line not in firsts or read.letters[0] < firsts[read.line].letters[0]:
            firsts[read.line] = read
    for x, y, w, h, area in stats[1:count]:
        if not (OPENING * size <= min(w, h) and max(w, h) <= 0.5 * size and area >= 0.45 * w * h and abs(w - h) <= 0.35 * max(w, h)):
            continue
        middle = y + h / 2
        for read in firsts.values():
            gap = read.letters[0] - (x + w)
            if 0.1 * read.size <= gap <= 2 * read.size and read.letters[1] <= middle <= read.letters[3]:
                page.reads.append(Read(float(x), read.top, float(x + w), read.bottom, "•", read.conf, read.size, read.line,
                                       (int(x), int(y), int(x + w), int(y + h))))
                _cover(ink, page.reads[-1].letters, size)
                break


def _uncovered(page, size: float, ink: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Clusters of ink that no word read covers, about a line high (not specks, not drawings)."""
    joined = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, int(size * 0.6)), 1)))
    count, _, stats = labelled(joined)
    out = []
    for x, y, w, h, area in stats[1:count]:
        if not (0.35 * size <= h <= 1.6 * size and w >= 0.25 * size and area >= 0.1 * size * size):
            continue
        # Ink right beside a word read is of that word (an accent, a speck), not a word missed.
        beside = any(r.letters[1] < y + h and y < r.letters[3] and r.letters[0] - 0.5 * size < x + w
                     and x < r.letters[2] + 0.5 * size for r in page.reads)
        if not beside:
            out.append((int(x), int(y), int(x + w), int(y + h)))
    return out


def _lone(reads: list[Read]) -> list[int]:
    """The short words (4 characters at most) alone on their line (a line ends at a column's
    gap, see ocr_hocr): alone in a table cell. A bullet or an arrow (told from its shape) is
    not read again."""
    count = Counter(read.line for read in reads)
    return [k for k, read in enumerate(reads)
            if len(read.text) <= 4 and count[read.line] == 1 and any(c.isalnum() for c in read.text)]


def second_look(pages, dpi: float) -> None:
    """Read again, in one call, the lone short words and the unread ink of every page (see the
    module); corrects `page.reads` in place."""
    cuts = []  # (page, index of the read or None, pixel box)
    sizes: dict[int, float] = {}  # each page's usual font size (pixels), by id
    for page in pages:
        if not page.reads:
            continue
        size = sizes[id(page)] = statistics.median(read.size for read in page.reads)
        ink = _unread_ink(page, size)
        find_bullets(page, size, ink)
        mine = [(page, k, page.reads[k].letters) for k in _lone(page.reads)]
        mine += [(page, None, box) for box in _uncovered(page, size, ink)]
        cuts += mine[:_MOST]
    if not cuts:
        return
    found: dict[int, list[Read]] = {}
    for strip, slots, first in _strips(cuts):
        for read in recognise(strip, dpi * ENLARGE, psm=7, page=False):
            for slot, part in _by_slot(read, slots):
                found.setdefault(first + slot, []).append(part)
    doubtful = []  # numbers read with some doubt: kept in a column of numbers
    for slot, (page, index, (x0, top, x1, bottom)) in enumerate(cuts):
        reads = sorted(found.get(slot, []), key=lambda r: r.letters[0])
        if not reads:
            continue
        text = " ".join(r.text for r in reads)
        conf = min(r.conf for r in reads)
        if index is not None:
            old = page.reads[index]
            if conf > old.conf and text != old.text and any(c.isalnum() for c in text):
                page.reads[index] = old._replace(text=text, conf=conf)
        elif conf >= _TRUST and _plausible(text):
            page.reads.append(Read(x0, top, x1, bottom, text, conf, sizes[id(page)], -1, (x0, top, x1, bottom)))
        elif _shape(number := _as_number(text)) and conf >= _NUMBER_TRUST:
            doubtful.append((page, Read(x0, top, x1, bottom, number, conf, sizes[id(page)], -1,
                                        (x0, top, x1, bottom))))
    for page, read in doubtful:
        if any(_same_column(read.letters, other.letters) and _shape(other.text.rstrip(".")) == _shape(read.text)
               and other.conf >= _TRUST for other in page.reads):
            page.reads.append(read)


def _as_number(text: str) -> str:
    """`text` as the number it may be, its letters read for digits they look like ("l" for 1)
    when every character is a digit or such a letter; `text` as it is otherwise. Only kept in a
    column of numbers read with assurance (see second_look): a thin "1" read "l" on a bent book
    page (55 %), a "0" read "O"."""
    digits = text.translate(DIGIT_SHAPES)
    return digits if digits.isdigit() else text


def _shape(text: str) -> str | None:
    """What kind of table value a word is: "number" (digits), "code" (two to six capitals, a
    unit's code); None for anything else."""
    if text.isdigit():
        return "number"
    if 2 <= len(text) <= 6 and text.isalpha() and text.isupper():
        return "code"
    return None


def _same_column(box: tuple[int, int, int, int], other: tuple[int, int, int, int]) -> bool:
    """Whether two boxes share most of their width (one column), on different lines."""
    overlap = min(box[2], other[2]) - max(box[0], other[0])
    return overlap >= 0.5 * min(box[2] - box[0], other[2] - other[0]) and (other[3] <= box[1] or box[3] <= other[1])


def _slot_of(x0: float, x1: float, slots: list[tuple[int, int]]) -> int | None:
    middle = (x0 + x1) / 2
    return next((n for n, (left, right) in enumerate(slots) if left <= middle <= right), None)


def _by_slot(read: Read, slots: list[tuple[int, int]]) -> list[tuple[int, Read]]:
    """A word read on the strip, with the slot (cut-out) it belongs to. Tesseract may read the
    cut-outs of two lone digits, side by side on the strip, as one number ("1" and "7" of two
    table rows read "17"): such a word is split by its characters' places, each part to its slot."""
    slot = _slot_of(read.letters[0], read.letters[2], slots)
    places = [(_slot_of(box[0], box[2], slots), char, box) for char, box in read.chars]
    if len({n for n, _, _ in places}) <= 1 or any(n is None for n, _, _ in places):
        return [(slot, read)] if slot is not None else []
    parts = []
    for n in dict.fromkeys(n for n, _, _ in places):
        mine = [(char, box) for m, char, box in places if m == n]
        box = (min(b[0] for _, b in mine), min(b[1] for _, b in mine), max(b[2] for _, b in mine), max(b[3] for _, b in mine))
        parts.append((n, read._replace(x0=box[0], x1=box[2], text="".join(c for c, _ in mine), letters=box, chars=tuple(mine))))
    return parts


def _plausible(text: str) -> bool:
    """Whether ink nobody had read, read now, is text rather than specks read as letters ("ele",
    "is"): numbers, acronyms, names or French words."""
    tokens = [t.strip(".,;:!?()«»\"'’-") for t in text.split()]
    tokens = [t for t in tokens if t]
    if not tokens:
        return False
    known = _french_words()
    return all(any(c.isdigit() for c in t) or (t.isupper() and len(t) >= 2) or (len(t) >= 2 and t.lower() in known)
               or (len(t) >= 3 and t[0].isupper() and t[1:].islower())  # a name
               for t in tokens)


def _strips(cuts) -> list[tuple[np.ndarray, list[tuple[int, int]], int]]:
    """The cut-outs enlarged, set side by side in as few strips as Tesseract takes (it reads no
    image wider than 32767 pixels: a page of many doubtful words makes a longer one); each
    strip with its cut-outs' columns and the index of its first cut-out."""
    pieces = []
    for page, _, (x0, top, x1, bottom) in cuts:
        margin = 4
        piece = page.image.ocr_input[max(0, top - margin):bottom + margin, max(0, x0 - margin):x1 + margin]
        pieces.append(cv2.resize(piece, None, fx=ENLARGE, fy=ENLARGE, interpolation=cv2.INTER_CUBIC))
    out, first = [], 0
    for k in range(1, len(pieces) + 1):
        if k == len(pieces) or _width(pieces[first:k + 1]) > _WIDEST:
            out.append((*_strip(pieces[first:k]), first))
            first = k
    return out


def _gap(pieces: list[np.ndarray]) -> tuple[int, int]:
    """A strip's height and the white between its cut-outs (half its height, at least _GAP)."""
    height = max(p.shape[0] for p in pieces) + 2 * _GAP
    return height, max(_GAP, height // 2)


def _width(pieces: list[np.ndarray]) -> int:
    return sum(p.shape[1] for p in pieces) + _gap(pieces)[1] * (len(pieces) + 1)


def _strip(pieces: list[np.ndarray]) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Cut-outs set side by side on one line, bottoms aligned (Tesseract reads a lone digit
    better within a line than alone); each one's columns in the strip."""
    height, gap = _gap(pieces)
    strip = np.full((height, _width(pieces)), 255, dtype=np.uint8)
    slots, x = [], gap
    for piece in pieces:
        y = height - _GAP - piece.shape[0]
        strip[y:y + piece.shape[0], x:x + piece.shape[1]] = piece
        slots.append((x - gap // 2, x + piece.shape[1] + gap // 2))
        x += piece.shape[1] + gap
    return strip, slots
