"""A scanner's habits taken back on a page image before it is read: a one-bit page (dithered,
a fax) given its greys (descreen), a worn sensor's lone pixels filled (desalt), dark toner's
spread thinned (thin), dust standing alone taken off (despeckle), a reader's pen strokes
taken off where they stray from the print (unscribble), a soft page's letters sharpened
(refocus). Each measures its habit first and
leaves a page without it as it is. How the sheet lay on the glass is taken back in
extract/ocr_glass.py and extract/ocr_dewarp.py.

Sizes are in pixels at the rendering resolution.
"""

from __future__ import annotations

import cv2
import numpy as np

from extract.ocr_drawings import labelled


def descreen(gray: np.ndarray, dpi: float) -> np.ndarray:
    """A page scanned to one bit per pixel given greys again, as a grey scan would have them;
    a grey scan is returned as it is.

    - Dithered (error diffusion): its greys (a grey heading, a light paper, a letter's soft
      edge) are patterns of lone dots: where they are, ink changes to paper at almost every
      pixel, across as well as down, while a letter's stroke, even a thin one, runs on in one
      direction at least. A blur over about a third of a point gives the greys back.
    - Thresholded (a fax): its letters' edges step by a pixel where the threshold cut them.
      Tesseract reads them better softened by a blur of 0.7 px at 200 dpi (fine-mode faxes,
      three turns: bilan 83.5 to 91.1 %, plan 95.8 to 99.1 %; 0.85 and 1 px gave a point less).
    - Thresholded with its rows doubled (a standard-mode fax): see undouble, then the same
      softening across (1 px at 200 dpi: three standard faxes, bilan 56.5 to 74.6 %, plan 67.3
      to 90.3 %)."""
    if np.count_nonzero((gray > 24) & (gray < 232)) > 0.01 * gray.size:
        return gray  # a grey scan
    if _dithered(gray, dpi):
        return cv2.GaussianBlur(gray, (0, 0), sigmaX=dpi / 150.0)
    doubled = undouble(gray)
    if doubled is not None:
        return cv2.GaussianBlur(doubled, (0, 0), sigmaX=dpi / 200.0, sigmaY=dpi / 400.0)
    return cv2.GaussianBlur(gray, (0, 0), sigmaX=0.7 * dpi / 200.0)


def _dithered(gray: np.ndarray, dpi: float) -> bool:
    """Whether a one-bit page's greys are dithered into patterns of lone dots (see descreen)."""
    count, _, stats = labelled((gray < 128).astype(np.uint8))
    areas = stats[1:, cv2.CC_STAT_AREA]
    if count > 1 and np.count_nonzero(areas <= 2) >= 0.5 * areas.size:
        return True  # light paper dithered: lone dots all over the page
    ink = (gray < 128).astype(np.int16)
    across = np.abs(np.diff(ink, axis=1))[:-1, :]
    down = np.abs(np.diff(ink, axis=0))[:, :-1]
    tile = max(16, int(dpi / 3))
    height, width = across.shape
    rows, columns = height // tile, width // tile
    if rows == 0 or columns == 0:
        return False

    def per_tile(values: np.ndarray) -> np.ndarray:
        return values[:rows * tile, :columns * tile].reshape(rows, tile, columns, tile).sum(axis=(1, 3))

    inked = per_tile(ink[:-1, :-1])
    busy = inked >= 0.05 * tile * tile
    ratio = np.minimum(per_tile(across), per_tile(down)) / np.maximum(inked, 1)
    return np.count_nonzero(busy & (ratio > 1.2)) >= 2


DOUBLED = 0.9  # share of the inked rows equal to the next one that makes a page's rows doubled


def undouble(gray: np.ndarray) -> np.ndarray | None:
    """A page whose rows come in equal pairs (a fax sent in standard mode: 100 lines per inch
    down for 200 dots across, each line printed twice to make the page square) with its rows
    between the lines it was sent with given back: the lines, one in two, interpolated down
    the page; None for a page whose rows are not in pairs (at most 2 % of the inked rows on
    the bench's other scans, all of them on a standard fax)."""
    inked = (gray < 128).any(axis=1)
    height, width = gray.shape
    for phase in (0, 1):
        first, second = gray[phase:height - 1:2], gray[phase + 1::2]
        rows = inked[phase:height - 1:2][:len(second)]
        same = (first[:len(second)] == second).all(axis=1) & rows
        if rows.sum() >= 20 and np.count_nonzero(same) >= DOUBLED * rows.sum():
            # line k stands for rows phase + 2k and phase + 2k + 1
            lines = cv2.resize(gray[phase::2], (width, height - phase), interpolation=cv2.INTER_LINEAR)
            return np.vstack([gray[:phase], lines]) if phase else lines
    return None


def despeckle(gray: np.ndarray, ink: np.ndarray, dpi: float) -> np.ndarray:
    """Dust on the glass taken off: a speck of ink no wider than a full stop that stands alone,
    with no other ink within about a millimetre, none just before it on its line and no text
    after it (a small bullet opens a line of text; a stop or a comma ends a word, even at the
    end of a line; an i's dot, a colon's dots, leaders or the pieces of a faint ring bullet
    have ink beside them). Anything else is left: a speck among words stays."""
    count, labels, stats = labelled(ink)
    largest = np.pi * (0.012 * dpi) ** 2  # a disc of 0.3 mm radius: a full stop's size
    small = np.flatnonzero(stats[1:, cv2.CC_STAT_AREA] <= largest) + 1
    if small.size == 0:
        return gray
    is_small = np.zeros(count, dtype=bool)
    is_small[small] = True
    height, width = gray.shape
    near = int(round(0.04 * dpi))
    alone = []
    for label in small:  # no ink of a larger mark within `near` of it
        x, y, w, h = stats[label, :4]
        window = labels[max(0, y - near):min(height, y + h + near), max(0, x - near):min(width, x + w + near)]
        if not np.any((window > 0) & ~is_small[window]):
            alone.append(label)
    alone = np.array(alone, dtype=small.dtype)
    if alone.size:
        # Specks near one another make a mark together: a colon, leader dots, a ring's pieces.
        centres = stats[small, :2] + stats[small, 2:4] / 2.0
        reach = near + stats[small, 2:4].max(axis=1)
        ordered = np.argsort(centres[:, 0])
        xs = centres[ordered, 0]
        index = {label: k for k, label in enumerate(small)}
        kept = []
        for label in alone:
            k = index[label]
            lo, hi = np.searchsorted(xs, centres[k, 0] - 2 * reach[k]), np.searchsorted(xs, centres[k, 0] + 2 * reach[k])
            if not any(m != k and np.hypot(*(centres[m] - centres[k])) <= reach[k] + reach[m] - near
                       for m in ordered[lo:hi]):
                kept.append(label)
        alone = np.array(kept, dtype=small.dtype)
    ahead, behind = int(0.25 * dpi), int(0.1 * dpi)
    others = (ink > 0) & ~is_small[labels] if alone.size else None
    clean = None
    for label in alone:
        x, y, w, h = stats[label, :4]
        line = others[max(0, y - 3 * h):min(height, y + h)]
        if line[:, x + w:min(width, x + w + ahead)].any() or line[:, max(0, x - behind):x].any():
            continue  # a bullet opening a line of text, or a stop or a comma ending one
        clean = gray.copy() if clean is None else clean
        clean[y:y + h, x:x + w][labels[y:y + h, x:x + w] == label] = 255
    return gray if clean is None else clean


def ink_share(ink: np.ndarray, dpi: float) -> float:
    """How much of the letters' width is ink: along every other row, the mean run of ink over
    the mean run of ink plus the mean gap inside words (both up to a twentieth of an inch:
    strokes and counters, not rules or word spaces). A stroke and the paper beside it repeat
    at the letters' pitch, which toner spread does not change: spread thickens the strokes and
    narrows the gaps by as much. Printed regular text gives 0.41-0.50 (a blur included)."""
    rows = ink[::2] > 0
    edges = np.diff(np.pad(rows, ((0, 0), (1, 1))).astype(np.int8), axis=1)
    ys, starts = np.nonzero(edges == 1)
    _, ends = np.nonzero(edges == -1)
    longest = 0.05 * dpi
    black = ends - starts
    gaps = (starts[1:] - ends[:-1])[ys[1:] == ys[:-1]]
    black, gaps = black[black <= longest], gaps[gaps <= longest]
    if black.size < 1000 or gaps.size < 1000:
        return 0.0
    return float(black.mean() / (black.mean() + gaps.mean()))


HEAVY = 0.53  # ink share above which toner spread is taken back (see thin)


def thin(gray: np.ndarray, ink: np.ndarray, dpi: float) -> np.ndarray:
    """Dark toner taken back: when the letters' ink share (see ink_share) is well above printed
    text's, every stroke grew by about a pixel each side and the counters closed; the grey
    page's ink is thinned by a pixel (paper grown over it: a 2×2 grey dilation; 3×3 broke a
    thin font's strokes). Tesseract then reads "1" where it read "L", and sizes (from the
    letters' height) and bold (from the strokes) are measured nearer the strokes the type had."""
    if ink_share(ink, dpi) <= HEAVY:
        return gray
    return cv2.dilate(gray, np.ones((2, 2), np.uint8))


SALTED = 0.001  # share of the ink's pixels that are lone light pixels on a worn sensor's page


def desalt(gray: np.ndarray) -> np.ndarray:
    """A worn sensor's page (dead and hot pixels: lone white pixels in the letters' strokes and
    rules, lone black ones on the paper) with each lone pixel set to the level of its neighbour
    nearest to it in grey. Only lone pixels change: a 3×3 median would also take thin strokes,
    full stops and accents (over three worn-sensor scans it took the bilan from 90.2 to 85.4 %,
    where filling the lone pixels took it to 95.4 %). A lone light pixel is lighter than all
    eight neighbours by 40 levels, inside ink; the bench's worn sensor has 0.24 to 0.43 % of
    its ink's pixels so, every other scan once descreened 0.01 % at most (0.05 % on a page of
    dark toner, whose closed counters leave lone light pixels). A page with fewer than SALTED
    is left as it is."""
    g = gray.astype(np.int16)
    ring = np.ones((3, 3), np.uint8)
    ring[1, 1] = 0
    lightest = cv2.dilate(gray, ring)
    lone = g > lightest.astype(np.int16) + 40
    inked = np.count_nonzero(gray < 128)
    if inked == 0 or np.count_nonzero(lone) < SALTED * inked:
        return gray  # too few lone light pixels anywhere, let alone inside ink
    ink = cv2.blur((gray < 128).astype(np.float32), (3, 3)) > 0.5
    if np.count_nonzero(lone & ink) < SALTED * inked:
        return gray
    darkest = cv2.erode(gray, ring)
    out = gray.copy()
    out[lone] = lightest[lone]
    dark = g < darkest.astype(np.int16) - 40
    out[dark] = darkest[dark]
    return out


def unscribble(clean: np.ndarray, dpi: float) -> np.ndarray:
    """The page Tesseract reads without a reader's pen strokes, where they stray from the print.

    A pen's mark is larger than a fifth of an inch both ways yet sparse (ink on under an eighth
    of its box): a scribble, a loop, a line drawn by hand; no printed glyph is both (a letter is
    smaller, a logo or a drop cap denser), and the page's rules and frames are already erased.
    Its pixels are taken off where no print is near (a tenth of an inch along a line, a
    fortieth across: a letter's ascent above its neighbours'): in the margins and between the
    lines (three pen-annotated scans of each: bilan 55.0 to 59.5 %, plan 57.0 to 66.1 %; a
    twentieth across kept more of the pen, 56.9 and 63.9 %). Where it crosses a line, the
    letters it touches stay with it (all but those it joins into a run longer than a tenth of an
    inch). Returns `clean` itself when there is no such mark."""
    side = dpi / 5
    # Most pages have no pen: a look at half size first (a quarter of the work), looser than
    # the test below, finds none there.
    small = (cv2.resize(clean, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA) < 160).astype(np.uint8)
    stats = labelled(small)[2][1:]
    if not np.any((stats[:, 2] > 0.4 * side) & (stats[:, 3] > 0.4 * side) & (stats[:, 4] < stats[:, 2] * stats[:, 3] / 4)):
        return clean
    ink = (clean < 128).astype(np.uint8)
    _, labels, stats = labelled(ink)
    width, height, area = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT], stats[1:, cv2.CC_STAT_AREA]
    pen = np.flatnonzero((width > side) & (height > side) & (area < width * height / 8)) + 1
    if pen.size == 0:
        return clean
    strokes = np.isin(labels, pen)
    reach = max(1, int(dpi / 10))
    near_print = cv2.dilate(((ink > 0) & ~strokes).astype(np.uint8),
                            cv2.getStructuringElement(cv2.MORPH_RECT, (2 * reach + 1, reach // 2 + 1)))
    stray = cv2.dilate((strokes & (near_print == 0)).astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    out = clean.copy()
    out[stray & (near_print == 0)] = 255
    return out



# A page is soft when its letters' edges measure a blur of SOFT pixels (at 200 dpi) or more: the
# bench's sharp scans measure 0.52 to 0.61; at 150 dpi, faded, photocopied or blurred by a pixel
# at 300 dpi, up to 0.88 (sharpened, the blurred bilan lost 2.6 points); a carbon copy's pages
# 1.0 to 1.5 (at 150 dpi 1.1 to 1.37); a 150 dpi page photographed at an angle 0.83 to 1.03.
SOFT = 0.95


def softness(gray: np.ndarray, dpi: float) -> float:
    """How blurred the letters' edges are, as a Gaussian's sigma in pixels at 200 dpi: a step
    from the ink to the paper blurred by sigma climbs at most contrast / (sigma √(2π)) a pixel.
    Measured along every eighth row: the steepest 5 % of the steps between neighbours that
    climb a tenth of the contrast at least (the ink's grey is the darkest 5 % of its pixels)."""
    rows = gray[::8].astype(np.int16)
    dark = rows[rows < 128]
    if dark.size < 100:
        return 0.0
    contrast = 255.0 - float(np.percentile(dark, 5))
    steps = np.abs(np.diff(rows, axis=1))
    edges = steps[steps > 0.1 * contrast]
    if edges.size < 100:
        return 0.0
    return contrast / (float(np.percentile(edges, 95)) * np.sqrt(2 * np.pi)) * 200.0 / dpi


def refocus(clean: np.ndarray, gray: np.ndarray, dpi: float) -> np.ndarray:
    """The image Tesseract reads, its letters sharpened when the page is soft (see softness and
    SOFT): an unsharp mask (a blur of 1.5 px at 200 dpi taken off once). On a carbon copy
    Tesseract's page layout lost whole lines of a table (an axis's heading, the numbers of its
    rows). A page given its greys back from one bit (see descreen) is soft by our own blur, and
    not sharpened: its screen's dots would come back (an ordered halftone's plan fell from 95.5
    to 75.4 %). Carbon copies, four scans: plan 56-68 % -> 84-92 %, bilan 52-82 % -> 80-85 %."""
    if softness(gray, dpi) < SOFT:
        return clean
    image = clean.astype(np.float32)
    blurred = cv2.GaussianBlur(image, (0, 0), sigmaX=1.5 * dpi / 200.0)
    return np.clip(2.0 * image - blurred, 0, 255).astype(np.uint8)
