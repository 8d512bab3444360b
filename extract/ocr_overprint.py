"""Marks set on a page after it was printed, in an ink lighter than its letters and turned
against its lines: a "received" stamp, its frame and its letters, struck askew over the
text. Left on the page, the stamp's frame is found as rules (and wiped with the letters it
crosses), its letters are read as words, and its ink bridges the gutter between a fiche and
its side column, so that two columns are read as one.

`unstamp` finds such a mark by its ink and by its frame, a line drawn askew, and gives its
pixels back to the paper; the letters and the rules it crosses keep their own ink. A page
without one is left as it is. Sizes are in pixels at the rendering resolution.
"""

from __future__ import annotations

import cv2
import numpy as np

from extract.ocr_drawings import labelled, percentile

# A mark's ink lies between LIGHTER and PALE of the way from the letters' cores to the
# paper: a mid grey (a stamp's ink, 110 on a page whose letters are black), lighter than
# the letters' cores and darker than their soft edges' outer half.
LIGHTER, PALE = 0.3, 0.75
ASKEW = 5.0  # degrees between a mark's strokes and the page's lines (deskewed to within 0.3)
ISOLATED = 0.65  # how much of a frame's line is drawn on paper (see _frame_lines), one line at least
FAINTER, ALIKE = 0.2, 3.0  # the mark's other pieces: how much they share a direction, how close to its


def unstamp(gray: np.ndarray, dpi: float) -> np.ndarray:
    """The straightened page (see extract/ocr_image.py prepare) without a mark of lighter ink
    struck askew over it; `gray` itself when there is none.

    Measured at half size:
    - The letters' cores are the darkest pixels of their strokes (the ink's local minima
      with a grey 60 levels lighter two pixels away, their 20th percentile): the page's
      level, whether its letters are black, grey (a carbon copy) or soft.
    - A mark's strokes are pixels between LIGHTER and PALE of the way from there to the
      paper, with no darker ink beside them (a letter's soft rim has its core beside it),
      two pixels thick at least (a letter's thin rim is not), not on a run along the page's
      rows or columns (a grey rule, a table's grey grid).
    - The mark is found by its frame (see _frame_lines): a page with none is left as it is,
      however askew a grey heading's letters or a dithered shading's grain. Its other pieces
      within half an inch of the frame (its letters, short pieces of frame), grouped a tenth
      of an inch apart, belong to it when their edges share the frame's direction (to within ALIKE
      degrees, FAINTER of their edges at least, counted modulo a right angle).
    - Where the mark lies (see _hulls) its strokes are given the paper's grey (see _erased).
    Bench (2,000 pages, 125 of them stamped): only the stamped pages and a folded corner's
    fold are touched; 4 to 5 ms a page without a mark. A stamp over a table's dense rows, none of its
    sides on clear paper, is not found yet."""
    small = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    inch = dpi / 2.0
    ink = small < 160
    # A stroke's darkest pixels, with paper (or a lighter grey) within two pixels: not the
    # inside of a shaded band.
    minima = ink & (small == cv2.erode(small, np.ones((3, 3), np.uint8))) \
        & (cv2.dilate(small, np.ones((5, 5), np.uint8)) > small.astype(np.int16) + 60)
    if np.count_nonzero(minima) < 100:
        return gray
    core = percentile(small[minima], 20)
    lighter, pale = core + LIGHTER * (255.0 - core), core + PALE * (255.0 - core)
    darker = (small <= lighter).astype(np.uint8)
    mid = ((small > lighter) & (small < pale) & (cv2.dilate(darker, np.ones((3, 3), np.uint8)) == 0)).astype(np.uint8)
    strokes = cv2.morphologyEx(mid, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    # A rule or a grid's line runs along the page: it is the page's own, and a mark crossing
    # it would otherwise be measured with it. A line askew by ASKEW runs on a row for less.
    strokes &= ~_along_page(strokes, inch)
    count, labels, stats = labelled(strokes)
    extent = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
    extent[0] = 0
    if extent.max() < 0.25 * inch:  # no piece of a frame's side: most pages stop here
        return gray
    reach = 0.1 * inch
    kept = (extent >= reach).astype(np.uint8)[labels]
    frame, angle = _frame_lines(strokes, small, pale, inch)
    if frame is None:
        return gray
    # The mark's other pieces near its frame (its letters, a short piece of frame) turn the
    # same way, less clearly than a straight line.
    near = cv2.dilate(frame, np.ones((int(inch), int(inch)), np.uint8))
    side = max(3, int(reach))
    groups, grouped, boxes = labelled(cv2.dilate(kept & near, np.ones((side, side), np.uint8)))
    gx = cv2.Sobel(small, cv2.CV_32F, 1, 0)
    gy = cv2.Sobel(small, cv2.CV_32F, 0, 1)
    mark = frame.copy()
    for group in range(1, groups):
        x, y, w, h, _ = boxes[group]
        inside = (grouped[y:y + h, x:x + w] == group) & (kept[y:y + h, x:x + w] > 0)
        turn, share = _direction(gx[y:y + h, x:x + w][inside], gy[y:y + h, x:x + w][inside])
        if share >= FAINTER and abs(turn - angle) <= ALIKE:
            mark[y:y + h, x:x + w][inside] = 1
    return _erased(gray, _hulls(mark, strokes, inch), core, lighter, pale, dpi)


def _frame_lines(strokes: np.ndarray, small: np.ndarray, pale: float, inch: float) -> tuple[np.ndarray | None, float]:
    """The straight lines of lighter ink ASKEW degrees or more off the page's axes, half an
    inch long at least (gaps of a tenth of an inch bridged: a stamp's frame is broken into
    dashes where it crosses lines of text and rules), and their direction; None when there
    is none. A letter's stroke, even a grey heading's, is shorter; a rule or a grid's line
    runs along the page.

    One line at least must be drawn on paper, along ISOLATED of its length both ways: with
    paper on both its sides four pixels away, and darker than both three pixels away by 40
    levels (a thin line, not the edge of something broad). Lines found through a line of
    soft grey letters at a shallow angle, or through a dithered shading's grain, have ink or
    grain beside them: on the bench's 2,000 pages without a stamp, at most 0.58 of their
    length has paper beside it, at most 0.42 is a thin line; on its stamped pages, each
    page's best frame line 0.71 to 1.0 and 0.84 to 1.0. The direction is the longest such
    line's; lines turned otherwise are left out."""
    lines = cv2.HoughLinesP(strokes, 1, np.pi / 360, threshold=int(0.25 * inch), minLineLength=int(0.5 * inch),
                            maxLineGap=int(0.1 * inch))
    found = []
    for x0, y0, x1, y1 in (lines[:, 0] if lines is not None else []):
        turn = (np.degrees(np.arctan2(y1 - y0, x1 - x0)) + 45.0) % 90.0 - 45.0
        if abs(turn) >= ASKEW:
            length = float(np.hypot(x1 - x0, y1 - y0))
            found.append((length, turn, (int(x0), int(y0)), (int(x1), int(y1))))
    seeds = [(length, turn) for length, turn, start, end in found if min(_drawn(small, start, end, pale)) >= ISOLATED]
    if not seeds:
        return None, 0.0
    angle = max(seeds)[1]
    frame = np.zeros_like(strokes)
    for _, turn, start, end in found:
        if abs(turn - angle) <= ALIKE:
            cv2.line(frame, start, end, 1, 2)
    return frame, angle


def _drawn(small: np.ndarray, start: tuple[int, int], end: tuple[int, int], pale: float) -> tuple[float, float]:
    """How much of a line has paper (lighter than `pale`) on both its sides four pixels away,
    and how much of it is darker than both its sides three pixels away by 40 levels."""
    (x0, y0), (x1, y1) = start, end
    count = int(np.hypot(x1 - x0, y1 - y0)) + 1
    across = np.array([y0 - y1, x1 - x0], np.float64) / max(1.0, np.hypot(x1 - x0, y1 - y0))
    xs, ys = np.linspace(x0, x1, count), np.linspace(y0, y1, count)
    height, width = small.shape

    def at(offset: float) -> np.ndarray:
        x = np.clip(np.rint(xs + offset * across[0]).astype(int), 0, width - 1)
        y = np.clip(np.rint(ys + offset * across[1]).astype(int), 0, height - 1)
        return small[y, x].astype(np.int16)

    on_paper = (at(4) > pale) & (at(-4) > pale)
    line = np.minimum(np.minimum(at(0), at(1)), at(-1))
    thin = (line < at(3) - 40) & (line < at(-3) - 40)
    return float(on_paper.mean()), float(thin.mean())


def _hulls(mark: np.ndarray, strokes: np.ndarray, inch: float) -> np.ndarray:
    """Where the marks lie, at half size: the convex hull of each mark's pieces, those within
    an inch of one another taken together (a frame's sides and the letters inside it), and of
    the strokes of lighter ink within a quarter of an inch of them (a corner, a letter or a
    piece of frame too short to measure), widened by a tenth of an inch."""
    side = max(3, int(inch))
    count, labels, stats = labelled(cv2.dilate(mark, np.ones((side, side), np.uint8)))
    near = (cv2.dilate(mark, np.ones((side // 2, side // 2), np.uint8)) > 0) & (strokes > 0) | (mark > 0)
    region = np.zeros_like(mark)
    for label in range(1, count):
        x, y, w, h, _ = stats[label]
        ys, xs = np.nonzero((labels[y:y + h, x:x + w] == label) & near[y:y + h, x:x + w])
        points = np.column_stack([xs + x, ys + y]).astype(np.int32)
        cv2.fillConvexPoly(region, cv2.convexHull(points), 1)
    return cv2.dilate(region, np.ones((side // 5, side // 5), np.uint8))


def _erased(gray: np.ndarray, region: np.ndarray, core: float, lighter: float, pale: float, dpi: float) -> np.ndarray:
    """`gray` without the mark's strokes inside the region (half size), given the grey around
    them: pixels lighter than halfway to `lighter` and darker than `pale`, in strokes three
    pixels thick at least at 200 dpi (a stamp's letters and frame are twice that, a letter's
    stroke and its soft rim thinner) and no broader than a twentieth of an inch (a shaded
    band or box), whose surroundings are the mark's grey; and the strokes' rims. The letters
    under the mark keep their ink, even a thin stroke whose core is no darker than the mark,
    and so do the grey rules it crosses."""
    region = cv2.resize(region, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_NEAREST)
    ys, xs = np.nonzero(region)
    top, bottom, left, right = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    out = gray.copy()
    window = out[top:bottom, left:right]
    thick = max(2, int(round(dpi / 70)))
    low = core + (lighter - core) / 2
    plateau = cv2.morphologyEx(((window > low) & (window < pale)).astype(np.uint8), cv2.MORPH_OPEN,
                               np.ones((thick, thick), np.uint8))
    plateau &= region[top:bottom, left:right]
    # Strokes, not a shaded band's or box's broad grey (wider than a twentieth of an inch).
    broad = max(3, int(dpi / 20)) | 1
    plateau &= ~cv2.morphologyEx(plateau, cv2.MORPH_OPEN, np.ones((broad, broad), np.uint8))
    grid = _along_page(plateau, dpi)  # a grey rule or grid the mark crosses stays, and its rims
    plateau &= ~grid
    # A plateau's pixel is the mark's where the grey around it (a median over five pixels) is
    # the mark's, lighter than the letters' ink: the mark's own darker grains go with it, a
    # grey title's strokes (darker than the mark, lighter than the text) stay.
    strokes = (plateau > 0) & (cv2.medianBlur(window, 5) > lighter)
    # And the strokes' soft rims, but for the pixels beside a letter's darker core.
    cores = cv2.dilate((window <= low).astype(np.uint8), np.ones((3, 3), np.uint8))
    rims = (cv2.dilate(strokes.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0) & (cores == 0) & (window > lighter)
    erase = ((strokes & (window > low)) | rims) & (cv2.dilate(grid, np.ones((3, 3), np.uint8)) == 0)
    # The mark's strokes closed over, then the median around (a closing alone takes the
    # paper's lightest grains: a shaded box would come out blotched with white).
    around = max(3, int(dpi / 18)) | 1  # eleven pixels at 200 dpi
    window[erase] = cv2.morphologyEx(window, cv2.MORPH_CLOSE, np.ones((around, around), np.uint8))[erase]
    window[erase] = cv2.medianBlur(window, around)[erase]
    return out


def _along_page(mask: np.ndarray, dpi: float) -> np.ndarray:
    """The pixels of a mask on runs along the page's rows or columns three tenths of an inch
    long at least: a rule, a grid's line (a line askew by ASKEW runs on a row for less)."""
    run = max(3, int(0.3 * dpi))
    return (cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((1, run), np.uint8))
            | cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((run, 1), np.uint8)))


def _direction(gx: np.ndarray, gy: np.ndarray) -> tuple[float, float]:
    """The direction edges (their gradients) share, in degrees off the page's axes (-45 to
    45, a right angle's turn being none), and how much they share it (0 to 1): the
    gradients' angles fourfold averaged by their strength."""
    strength = np.hypot(gx, gy)
    total = float(strength.sum())
    if total <= 0:
        return 0.0, 0.0
    mean = complex((strength * np.exp(4j * np.arctan2(gy, gx))).sum()) / total
    return float(np.degrees(np.angle(mean))) / 4.0, abs(mean)
