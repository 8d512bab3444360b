"""Thin white lines across the print, joined again: an inkjet's clogged nozzles leave rows that
got no ink, a fax loses scan lines, a sheet-fed scanner's dead sensor element draws a white
column down the sheet. Each cuts every letter it crosses (an "l" becomes "i", a line of
text two half-lines Tesseract reads as noise). Such a band is a row (or column) a few pixels
thick where the strokes on both sides stop and go on again: almost every ink pixel just above
it has ink just below, and none in between. A letter's own gaps (an i's dot, an accent, an e's
eye) never line up along a whole row: the ascenders that cross the same row are solid. The gap
between text and its underline, a barcode's bars and a double rule are told apart (see
cut_bands). Each side of a band is carried halfway across it; what lay wholly inside it (an
e's bar, a stretch of a rule the band ran along) is lost: the bands are returned as a mask,
and a rule's pieces are joined across them (extract/ocr_drawings.py find_rules).

The nozzles lie along the printed lines, whatever the sheet's turn on the glass; the fax's and
the sensor's lines along the scanner's rows and columns: the page is looked at before it is
turned straight and again after (extract/ocr_image.py). Sizes are in pixels at the rendering
resolution.
"""

from __future__ import annotations

import cv2
import numpy as np

BAND = 1 / 65  # widest band joined, in inches (3 px at 200 dpi): a stroke's own gap is wider
CUT = 0.1  # ink pixels solid across a band, at most, for each one cut by it
FEW = 3  # ink pixels cut, at least, for a band
PIECES = 4  # strokes apart a band cuts, at least, to be plain
PLAIN = 3  # bands that cut a few letters' stems each, on a page whose weaker bands are taken


def rejoin(gray: np.ndarray, dpi: float) -> tuple[np.ndarray, np.ndarray | None]:
    """`gray` with its cut rows, then its cut columns, filled from the ink on either side, and
    where the bands lie (255 on 0) for what cannot be filled (a rule the band runs along); a
    page without one is returned as it is, with None."""
    # Ink by Otsu's threshold without a blur: a blur closes a one-pixel band Tesseract sees.
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    across = cv2.reduce(ink, 1, cv2.REDUCE_SUM, dtype=cv2.CV_32S).ravel() // 255
    down = cv2.reduce(ink, 0, cv2.REDUCE_SUM, dtype=cv2.CV_32S).ravel() // 255
    rows = cut_bands(ink, across, dpi)
    columns = cut_bands(ink.T, down, dpi)
    if not rows and not columns:
        return gray, None
    out, lost = gray.copy(), np.zeros_like(gray)
    _fill(out, gray, rows, lost)
    _fill(out.T, gray.T, columns, lost.T)
    return out, lost


def _fill(out: np.ndarray, gray: np.ndarray, bands: list[tuple[int, int]], lost: np.ndarray) -> None:
    """Each band of `gray` filled in `out` (views along the rows or the columns)."""
    for top, width in bands:
        # Each side's row carried halfway across (the middle row of an odd band takes the
        # darker): a stem goes on, a slanted stroke steps across, and a letter whose top or
        # foot the band took regains half of it, where a blend of both sides left it grey.
        above, below = gray[top - 1], gray[top + width]
        half = width // 2
        out[top:top + half] = np.minimum(out[top:top + half], above)
        out[top + width - half:top + width] = np.minimum(out[top + width - half:top + width], below)
        if width % 2:
            out[top + half] = np.minimum(out[top + half], np.minimum(above, below))
        lost[top:top + width] = 255


def cut_bands(ink: np.ndarray, profile: np.ndarray, dpi: float) -> list[tuple[int, int]]:
    """(first row, rows) of each band that cuts the page's strokes along its rows; `profile`
    is each row's count of ink pixels."""
    height = ink.shape[0]
    widest = max(1, int(round(dpi * BAND)))
    least = max(8, int(round(dpi / 10)))  # ink pixels cut along the band: a few letters' stems
    run = max(4, int(round(dpi / 6)))  # a rule's run, longer than any letter's stroke
    if height <= widest + 2:
        return []
    strong: list[tuple[int, int]] = []
    weak: list[tuple[int, int]] = []
    taken = np.zeros(height, dtype=bool)
    for width in range(1, widest + 1):
        # Cheap first: rows whose ink falls to under half of the rows on either side.
        inner = profile[1:height - width].copy()
        for k in range(1, width):
            inner = np.maximum(inner, profile[1 + k:height - width + k])
        outer = np.minimum(profile[:height - width - 1], profile[width + 1:])
        for top in (np.nonzero((2 * inner < outer) & (outer >= FEW))[0] + 1):
            if taken[top:top + width].any():
                continue
            above, below = ink[top - 1] > 0, ink[top + width] > 0
            across = above & below
            between = np.any(ink[top:top + width] > 0, axis=0)
            cuts = across & ~between
            cut = int(np.count_nonzero(cuts))
            if cut < FEW or np.count_nonzero(across & between) > CUT * cut:
                continue
            # Strokes go on across it, not into a rule on one side: the gap between a line of
            # text and its underline is no band (a dark band's two sides are both long).
            if np.count_nonzero(cuts & (_long(above, run) != _long(below, run))) > cut / 2:
                continue
            # Plain when it cuts many strokes, apart: the gap between a barcode's bars or a
            # double rule's lines is one piece.
            plain = cut >= least and _pieces(cuts) >= PIECES
            (strong if plain else weak).append((int(top), width))
            taken[top - 1:top + width + 1] = True
    # A band that cuts only a few stems (where it runs between two lines, through one word's
    # ascenders) is taken on a page the device has marked plainly elsewhere: alone, it could
    # be the gap under a short word's i-dots.
    return strong + weak if len(strong) >= PLAIN else []


def _pieces(row: np.ndarray) -> int:
    """Runs of True in `row`."""
    return int(np.count_nonzero(row[1:] & ~row[:-1])) + int(row[0])


def _long(row: np.ndarray, length: int) -> np.ndarray:
    """The pixels of `row` (booleans) in runs of ink at least `length` long."""
    line = np.ascontiguousarray(row, dtype=np.uint8)[None, :]
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1))
    return cv2.morphologyEx(line, cv2.MORPH_OPEN, kernel)[0] > 0
