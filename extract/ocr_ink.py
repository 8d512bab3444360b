"""The letters' ink on a scanned page: its level (how dark the letters are) and how it varies
across the page. A worn printer drum or a toner cartridge running low leaves the ink faded in
bands along the paper's path, black in one column of the page and a light grey a few
centimetres further; a dirty element of a scanner's sensor does the same. A band's letters,
and a shaded band's grey under them, are then lighter than everywhere else, and no single
threshold reads both. `even_ink` measures the letters' level strip by strip and brings every
strip's ink back to the page's darkest; a page whose ink is even is left as it is.

Sizes are in pixels at the rendering resolution.
"""

from __future__ import annotations

import cv2
import numpy as np

from extract.ocr_drawings import labelled, percentile


def ink_level(gray: np.ndarray) -> float:
    """The grey of the letters set on the paper: the darkest 2 % of the pixels of thin dark
    strokes (a black top-hat: darker by 30 than the page closed over 9 pixels at half size)
    whose surroundings (a third of an inch) are paper. A shaded box or band is broad, and the
    gaps between the white letters of a band are not on paper: neither is taken for ink.
    0 when the page has no such pixels."""
    small = gray[::2, ::2]
    strokes = cv2.morphologyEx(small, cv2.MORPH_BLACKHAT, np.ones((9, 9), np.uint8))
    # The surroundings at an eighth of the size (the median's cost grows with its window).
    eighth = cv2.resize(gray, None, fx=0.125, fy=0.125, interpolation=cv2.INTER_AREA)
    around = cv2.resize(cv2.medianBlur(eighth, 7), (small.shape[1], small.shape[0]), interpolation=cv2.INTER_NEAREST)
    paper = percentile(around, 90)
    letters = small[(strokes > 30) & (around >= paper - 40)]
    return percentile(letters, 2) if letters.size >= 0.001 * small.size else 0.0


UNEVEN = 90  # grey levels between the darkest and the lightest strip's ink that make a page's ink uneven


def even_ink(gray: np.ndarray, dpi: float) -> np.ndarray:
    """The page (paper already white, see extract/ocr_image.py even_paper) with its letters'
    ink as dark in every column strip as in the darkest. A strip is an eighth of an inch wide
    and runs down the whole page, across every line of text, black ones among them where some
    words are set in grey; its ink is the darkest 5 % of its letters' pixels, smoothed by a
    running median over 0.6 inch; strips without letters take their neighbours', and past the
    page's outer letters the level goes back to no change. Each pixel is stretched between its
    strip's ink and the white paper. A page whose strips' ink varies by less than UNEVEN is
    left as it is: the bench's other pages measure up to 73 levels (a narrow column of grey
    words on a blurred scan 66, a dithered page's blurred letters 71 and 73), its worn drum 122
    and 124. Below that, Tesseract reads the faded letters anyway.

    Only columns: a fault fixed on the drum's or the scanner's line (a worn spot, a dirty
    sensor element) repeats all along the paper's path. Across the page, a strip an eighth
    of an inch high is a line of text, and a title set in grey cannot be told from a faded band."""
    levels = _strip_levels(gray, dpi)
    if levels is None or levels.max() - levels.min() < UNEVEN:
        return gray
    ink = np.interp(np.arange(gray.shape[1]), (np.arange(levels.size) + 0.5) * gray.shape[1] / levels.size,
                    levels - levels.min()).astype(np.float32)[None, :]
    stretched = (gray.astype(np.float32) - ink) * 255.0 / np.maximum(255.0 - ink, 16.0)
    return np.clip(np.rint(stretched), 0, 255).astype(np.uint8)


def _strip_levels(gray: np.ndarray, dpi: float) -> np.ndarray | None:
    """Each column strip's ink level across the page, smoothed (see even_ink); None when the
    page has too few letters to tell. Letters are marks darker than a light grey, of a
    letter's or a word's size (a speck, a rule, a fold's crease, a shaded band or a shadow is
    not one); a strip's level is the darkest 5 % of its letters' pixels, when it holds a few
    letters' worth of them at least (a page number alone in a margin makes no band). Strips
    between letters take their neighbours' level."""
    small = gray[::2, ::2]
    inch = dpi / 2.0
    _, labels, stats = labelled((small < 200).astype(np.uint8))
    h, w, area = stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_AREA]
    letter = (h >= 0.04 * inch) & (h <= 0.3 * inch) & (w <= 0.5 * inch) & (area >= 6)
    letter[0] = False
    inked = letter[labels]
    step = max(4, int(inch / 8))  # an eighth of an inch
    strips = small.shape[1] // step
    levels = np.full(strips, np.nan, np.float32)
    for i in range(strips):
        pixels = small[:, i * step:(i + 1) * step][inked[:, i * step:(i + 1) * step]]
        if pixels.size >= 0.01 * inch * inch:  # ten faded letters' ink, about
            levels[i] = percentile(pixels, 5)
    known = np.flatnonzero(~np.isnan(levels))
    if known.size < 8:
        return None
    reach = 2  # a window of five strips: 0.6 inch
    smoothed = np.array([np.median(levels[known[(known >= k - reach) & (known <= k + reach)]]) for k in known])
    # Past the outer letters nothing tells the ink: the levels are held over a window's
    # half, then brought down to the page's darkest (no change) over another.
    floor = float(smoothed.min())
    first, last = int(known[0]), int(known[-1])
    xs = np.concatenate([[first - 2 * reach, first - reach], known, [last + reach, last + 2 * reach]])
    ys = np.concatenate([[floor, smoothed[0]], smoothed, [smoothed[-1], floor]])
    return np.interp(np.arange(strips), xs, ys).astype(np.float32)
