"""Dust on the glass read as marks: Tesseract reads a speck beside a word as a stop, a quote, a
dash or a bullet. The ink decides: each mark is judged on the pieces of ink its box touches,
against where type sets that mark (see specks); extract/ocr_hocr.py calls it word by word.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np


BULLET = 0.25  # a bullet's least width and height, over the font size (bullets, solid or rings, measure 0.28-0.36)
# A line's first mark is a bullet when its ink spans OPENING of the size one way or the other:
# in every scan of the bench bullets span 0.24 to 0.45 (a fax's, thinned, the least), dust 0.08 to 0.18.
OPENING = 0.2
WORD_GAP = 0.2  # a word space is 0.3 of the size and more; letters of a word stand 0.1 apart at most
# Where each mark's ink sits, as type sets it: on the baseline ("low"), two dots one above the
# other ("pair"), high in the line ("high"), a bar wider than tall ("bar"), or a
# bullet's disc or cross at least BULLET of the size ("bullet").
_PLACES = {**dict.fromkeys(".,…", "low"), **dict.fromkeys(":;", "pair"), **dict.fromkeys("'’‘`´\"“”", "high"),
           **dict.fromkeys("-–—_~", "bar"), **dict.fromkeys("•·+*°", "bullet")}


def _mark_ink(image: np.ndarray, box: tuple[int, int, int, int], size: float) -> list[tuple[int, int, int, int]]:
    """The small pieces of ink (no larger than half the size: no letter) that a character's box
    touches, each measured whole, in page pixels (x0, top, x1, bottom): Tesseract's box of a
    mark may span the letter beside it, or cover only part of a ring bullet."""
    import numpy as np

    from extract.ocr_drawings import labelled

    reach = int(size)
    height, width = image.shape[:2]
    x0, top, x1, bottom = (int(v) for v in box)
    left, up = max(0, x0 - reach), max(0, top - reach)
    # Ink down to a light grey: a mark blurred, or rebuilt from a dithered page's dots, keeps
    # its extent (at mid-grey a hyphen falls apart in specks); dust is dark and sharp.
    crop = np.ascontiguousarray((image[up:min(height, bottom + reach + 1), left:min(width, x1 + reach + 1)] < 192)
                                .astype(np.uint8))
    if crop.size == 0:
        return []
    count, _, stats = labelled(crop)
    largest = 0.5 * size
    return [(left + x, up + y, left + x + w, up + y + h) for x, y, w, h, _ in stats[1:count]
            if w <= largest and h <= largest and left + x <= x1 and left + x + w > x0 and up + y <= bottom and up + y + h > top]


def _extent(pieces: list) -> tuple[int, int, int, int]:
    return (min(p[0] for p in pieces), min(p[1] for p in pieces), max(p[2] for p in pieces), max(p[3] for p in pieces))


def _bullet_sized(pieces: list, size: float) -> bool:
    """Whether pieces of ink together span a bullet (a ring's thin rim binarises in arcs)."""
    if not pieces:
        return False
    x0, top, x1, bottom = _extent(pieces)
    return min(x1 - x0, bottom - top) >= BULLET * size


def _opening_sized(pieces: list, size: float) -> bool:
    """Whether the pieces of ink of a line's first mark together span a bullet, a fax's thinned
    one included (see OPENING)."""
    x0, top, x1, bottom = _extent(pieces)
    return max(x1 - x0, bottom - top) >= OPENING * size


def without_specks(image: np.ndarray, box: tuple[int, int, int, int], size: float
                   ) -> tuple[np.ndarray, tuple[int, int, int, int], tuple[int, int]]:
    """A line's first mark with the dust beside it painted out: Tesseract's box of a bullet
    takes in a speck beside it, and a bullet and a speck together are as wide as a note's
    arrow. Returns a patch of the page around the mark, the box of the mark's own ink in it,
    and the patch's place on the page; the page itself is left as it is. Specks (pieces
    spanning less than OPENING of the size) are painted out only when other ink is left."""
    x0, top, x1, bottom = box
    margin = 6
    height, width = image.shape[:2]
    left, up = max(0, x0 - margin), max(0, top - margin)
    view = image[up:min(height, bottom + margin + 1), left:min(width, x1 + margin + 1)]
    as_read = view, (x0 - left, top - up, x1 - left, bottom - up), (left, up)
    specks_ = [p for p in _mark_ink(image, box, size) if not _opening_sized([p], size)]
    if not specks_:
        return as_read
    patch = view.copy()
    for px0, ptop, px1, pbottom in specks_:
        patch[max(0, ptop - up):max(0, pbottom - up), max(0, px0 - left):max(0, px1 - left)] = 255
    inside = patch[top - up:bottom - up + 1, x0 - left:x1 - left + 1] < 160
    if not inside.any():
        return as_read
    rows, columns = inside.nonzero()
    return patch, (x0 - left + int(columns.min()), top - up + int(rows.min()),
                   x0 - left + int(columns.max()) + 1, top - up + int(rows.max()) + 1), (left, up)


def _long(image: np.ndarray, piece: tuple[int, int, int, int]) -> bool:
    """Whether a piece of ink is a bar, lying flat: its ink's spread along the line is 1.5 times
    its spread across it (grey-weighted moments, which a blur widens alike both ways: a blurred
    hyphen stays long, a speck stays round)."""
    import numpy as np

    x0, top, x1, bottom = piece
    weights = 255.0 - image[top:bottom, x0:x1].astype(np.float64)
    total = weights.sum()
    if total <= 0:
        return False
    ys, xs = np.mgrid[top:bottom, x0:x1]
    across = (weights * (ys - (weights * ys).sum() / total) ** 2).sum() / total
    along = (weights * (xs - (weights * xs).sum() / total) ** 2).sum() / total
    return along >= 2.25 * max(across, 1e-6)


def _placed(place: str, pieces: list, base: float, size: float, image: np.ndarray) -> bool:
    """Whether a mark's pieces of ink sit where type sets that mark (see _PLACES). A piece of a
    bullet's size is a bullet, whatever it was read as (opening_mark decides what it is)."""
    if _bullet_sized(pieces, size):
        return True

    def fits(p, place: str) -> bool:
        wide, tall = p[2] - p[0], p[3] - p[1]
        if place == "low":
            return p[3] >= base - 0.25 * size and base - 0.45 * size <= p[1] <= base + 0.1 * size
        if place == "high":
            return p[1] <= base - 0.5 * size and tall >= 0.15 * size  # a bold quote is a wedge
        if place == "bar":
            return wide >= 0.12 * size and (wide >= 1.5 * tall or _long(image, p))
        if place == "pair":  # a colon read for a stop or a hyphen (see hyphens_read_as_colons)
            return fits(p, "low") or fits(p, "bar")
        return False

    if place in ("bar", "pair") and fits(_extent(pieces), "bar"):
        return True  # a bar in pieces
    if place == "pair" and any(a is not b and min(a[2], b[2]) > max(a[0], b[0]) and b[1] >= a[3]
                               for a in pieces for b in pieces):
        return True
    return any(fits(p, place) for p in pieces)


def specks(image: np.ndarray, chars: list, text: str, base, size: float, opening: bool = False) -> tuple[list, str]:
    """Dust on the glass read as marks taken off a word's ends or out of a word of marks: a
    mark whose ink is only specks set where type never sets that mark (a stop above or under
    the baseline, a colon of one dot, a quote low in the line or smaller than a quote, a dash
    that is a round dot, a bullet smaller than a bullet). `base(x)` is the baseline at column x
    (the word's letters' foot when it has letters: Tesseract's line baseline may be a line
    off). A line's `opening` word of marks only may be one bullet Tesseract read as two ("-*"):
    kept whole when its marks together, and none alone, make one. The mark opening a line, a
    bullet's place, stays when its ink spans a bullet or a dash (OPENING; opening_mark decides
    which), else it is a speck. A mark with no small ink of its own near its box
    (Tesseract's guess from a letter's edge) is left as read, as is every letter."""
    if not chars or "".join(c for c, _ in chars) != text or not any(c in _PLACES for c in text):
        return chars, text
    inks = None  # each character's pieces of ink, when measured for the whole word
    if opening and all(c in _PLACES for c, _ in chars):
        inks = [_mark_ink(image, box, size) for _, box in chars]
        if (not any(_bullet_sized(ink, size) for ink in inks)
                and _bullet_sized(list({p for ink in inks for p in ink}), size)):
            return chars, text  # one bullet read as two marks
    out = []
    for k, (char, box) in enumerate(chars):
        place = _PLACES.get(char)
        inside = any(c.isalnum() for c, _ in chars[:k]) and any(c.isalnum() for c, _ in chars[k + 1:])
        if inside and place == "bar":
            pieces = _mark_ink(image, box, size)
            if pieces and not _placed("bar", pieces, 0.0, size, image):
                # A speck read as a hyphen: in a word's gap it glued two words ("Direction-des").
                before = max(b[2] for c, b in chars[:k] if c.isalnum())
                after = min(b[0] for c, b in chars[k + 1:] if c.isalnum())
                if after - before >= WORD_GAP * size:
                    out.append((" ", box))
                continue
        if place is None or inside:
            # Between two letters a speck read as a stop may have glued two words ("et.de"):
            # typeset_marks parts them by the word list.
            out.append((char, box))
            continue
        pieces = inks[k] if inks is not None else _mark_ink(image, box, size)
        if opening and k == 0 and place in ("bullet", "low"):
            # A line's first mark stands in a bullet's place, whatever it was read as ("+", "°",
            # "."): a bullet's ink spans a bullet, a bar's a dash (opening_mark decides which
            # bullet); a speck's spans neither.
            if not pieces or _opening_sized(pieces, size) or _placed("bar", pieces, 0.0, size, image):
                out.append((char, box))
            continue
        if not pieces or _placed(place, pieces, base((box[0] + box[2]) / 2), size, image):
            out.append((char, box))
    return out, "".join(c for c, _ in out)
