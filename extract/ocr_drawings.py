"""What a scanned page's pixels draw besides text: table rules, shaded boxes and bands, boxes
drawn as an outline (OpenCV morphology). The PDF reader gets them as it gets a born-digital
PDF's lines and filled rectangles (see extract/ocr.py). Sizes are in pixels at the rendering
resolution."""

from __future__ import annotations

import cv2
import numpy as np


def percentile(values: np.ndarray, q: float) -> float:
    """numpy's percentile (linear interpolation) of 8-bit values, from their histogram: a
    count over 256 bins instead of a partition of millions of pixels."""
    values = np.ascontiguousarray(values).reshape(-1, 1)
    return counted_percentile(cv2.calcHist([values], [0], None, [256], [0, 256]).ravel().astype(np.int64), q)


def counted_percentile(counts: np.ndarray, q: float, first: int = 0) -> float:
    """numpy's percentile of 8-bit values given by their counts (counts[0] the count of value
    `first`), from the counts' running sum."""
    running = np.cumsum(counts)
    position = (running[-1] - 1) * q / 100.0
    low = int(np.searchsorted(running, int(np.floor(position)), side="right"))
    high = int(np.searchsorted(running, int(np.ceil(position)), side="right"))
    return first + low + (high - low) * (position - np.floor(position))


def labelled(mask: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    """The 8-connected components of a mask: their count, the label image and their stats, as
    cv2.connectedComponentsWithStats gives them, by Grana's block-based decision tree (the
    same labels, in half the time of OpenCV's default on a page of text)."""
    count, labels, stats, _ = cv2.connectedComponentsWithStatsWithAlgorithm(mask, 8, cv2.CV_32S, cv2.CCL_GRANA)
    return count, labels, stats


def _components(mask: np.ndarray):
    """(x0, top, x1, bottom, area) of each connected component of a mask."""
    count, _, stats = labelled(mask)
    for x, y, w, h, area in stats[1:count]:
        yield int(x), int(y), int(x + w), int(y + h), int(area)


def outlines(mask: np.ndarray):
    """(x0, top, x1, bottom, area) of each blob of a sparse mask, from its outer outline (thirty
    times faster than labelling every pixel of a page): its area counts its holes (the pixels
    inside the outline plus half the outline, as Pick counts them). A blob inside another's
    hole (a dot in a frame) is a blob of its own; a hole is not."""
    contours, hierarchy = cv2.findContours(mask, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    for contour, (_, _, _, parent) in zip(contours, hierarchy[0] if hierarchy is not None else []):
        if parent == -1:
            x, y, w, h = cv2.boundingRect(contour)
            area = cv2.contourArea(contour) + cv2.arcLength(contour, True) / 2 + 1
            yield int(x), int(y), int(x + w), int(y + h), float(area)


def faint_ink(gray: np.ndarray, dpi: float, shadings=()) -> np.ndarray:
    """Anything clearly darker than the paper (45 levels: a table's grid is often a 0.5 pt grey
    line, lighter than Otsu's threshold for text) and darker than what is around it (20 levels).

    Around is what a closing by 5 pt leaves: strokes and rules (2 pt at most) go, paper and
    shadings stay. A highlighter's stroke (0.8 of the paper) is then no ink, and a rule drawn
    across it stays whole, whether the stroke is found as a shading or not (a reader's strokes
    overlap in shapes no box fits); a light grey rule on a light shaded row is still ink.
    `shadings` are (box, grey level 0-1, white letters) of the page's shadings:
    - a band of white letters holds no ink (the gaps between its letters are no rules), and
      beside it ink is measured against the paper (its dark grey would hide the rules along
      its edges);
    - any other shading drawn aslant leaves slivers of its grey beside its upright box: within
      a twentieth of an inch of the box, its own grey is no ink."""
    blurred = cv2.GaussianBlur(gray, (3, 3), 0)
    paper = percentile(blurred, 95)
    # Measured on every second pixel (a quarter of the work; what is around varies slowly),
    # the threshold brought back pixel for pixel (averaged instead, both ways, a dithered
    # bilan read 5 points lower). Only a shading light enough for dark text counts (a punched
    # hole or a black blot is no paper beside the rule that touches it).
    half = blurred[::2, ::2]
    side = max(3, int(5 * dpi / 72 / 2) | 1)
    around = cv2.morphologyEx(half, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (side, side)))
    paper_level = int(round(paper))
    around[around < paper_level / 2] = 255
    threshold = np.minimum(cv2.subtract(around, 20), np.uint8(max(0, paper_level - 45)))
    threshold = cv2.resize(threshold, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_NEAREST)
    ink = blurred < threshold
    reach = max(2, int(dpi / 20))
    height, width = gray.shape
    for (x0, top, x1, bottom), level, light in shadings:
        near = slice(max(0, top - reach), min(height, bottom + reach)), slice(max(0, x0 - reach), min(width, x1 + reach))
        if light:
            ink[near] = blurred[near] < paper - 45
            ink[top:bottom, x0:x1] = False
        else:
            ink[near][np.abs(blurred[near].astype(np.float32) - level * 255.0) <= 15] = False
    return ink.astype(np.uint8) * 255


def find_rules(ink: np.ndarray, dpi: float,
               lost: np.ndarray | None = None) -> tuple[list[tuple[int, int, int, int]], np.ndarray]:
    """Thin straight rules (table grids, underlines of rows): runs of ink at least a third of
    an inch long and at most 2 pt thick. Returns their boxes and their mask.

    A rule may come in pieces: a one-bit scan (a fax) of a page turned by a degree draws a
    thin rule as a staircase, which straightening leaves as pieces a few pixels short of each
    other and a row apart (a standard-mode fax's are 90 to 140 px long at 200 dpi, and a piece
    shorter than the third of an inch was no rule at all); a faint scan's grid breaks where
    its grey thins. Pieces of a sixth of an inch at least are sought, and those in line with
    each other, an eighth of an inch apart at most (the bench's standard fax left gaps of up
    to 10 px at 200 dpi, a faint grid up to 38), joined (see _in_line) before their length is
    judged. Text makes no such pieces: dot leaders are dots, and no letter's stroke
    runs a sixth of an inch. Where a band took the print (`lost`, extract/ocr_dropout.py) a
    rule it ran along is lost for as long as their slant makes them meet: pieces are joined
    across it whatever its length."""
    length = max(8, int(dpi / 3))
    thickness = max(2, int(round(dpi * 2.5 / 72)))
    gap = max(2, round(dpi / 100))  # the paper looked for beside a rule (see _stands_alone)
    mask = np.zeros_like(ink)
    boxes = []
    for horizontal in (True, False):
        shape = (length // 2, 1) if horizontal else (1, length // 2)
        runs = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, shape))
        # The whole runs too (a granulometry: opening the pieces by the full length is opening
        # the ink by it): a rule a shorter run of something else touches is one of them.
        full = (length, 1) if horizontal else (1, length)
        whole = cv2.morphologyEx(runs, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, full))
        # A piece's thickness is its area over its length: a rule leaning a little (a page
        # photographed at an angle, its verticals converging) is a long slanted band, whose
        # box is as wide as its drift.
        pieces = [box[:4] for found in (runs, whole) for box in outlines(found)
                  if box[4] <= thickness * ((box[2] - box[0]) if horizontal else (box[3] - box[1]))]
        for box in _in_line(pieces, horizontal, gap=max(2, int(dpi / 8)), thickness=thickness, lost=lost):
            along = (box[2] - box[0]) if horizontal else (box[3] - box[1])
            if along >= length and _stands_alone(ink, box, horizontal, gap) \
                    and not _in_letters(ink, runs, box, horizontal, thickness):
                boxes.append(box)
                x0, top, x1, bottom = box
                mask[top:bottom, x0:x1] |= runs[top:bottom, x0:x1]
    return boxes, mask


def _in_line(pieces: list[tuple[int, int, int, int]], horizontal: bool, gap: int,
             thickness: int, lost: np.ndarray | None = None) -> list[tuple[int, int, int, int]]:
    """Pieces of rules joined where they continue each other: the next starts at most `gap`
    pixels after the last ends, and the two overlap across or touch (a staircase's step); the
    joined box stays at most `thickness` thick (two parallel rules are not one). Where `lost`
    covers the way between but for `gap` pixels, the next may start further, and the box be
    twice as thick."""
    if not horizontal:
        flipped = _in_line([(top, x0, bottom, x1) for x0, top, x1, bottom in pieces], True, gap, thickness,
                           None if lost is None else lost.T)
        return [(top, x0, bottom, x1) for x0, top, x1, bottom in flipped]
    chains: list[list[int]] = []
    for x0, top, x1, bottom in sorted(pieces):
        for chain in chains:
            if top > chain[3] or bottom < chain[1]:
                continue
            span = max(bottom, chain[3]) - min(top, chain[1])
            # Across a band, a rule's ends are thickened by the band's filling.
            if (x0 - chain[2] <= gap and span <= thickness) or (
                    span <= 2 * thickness
                    and _lost_between(lost, chain[2], x0, min(top, chain[1]), max(bottom, chain[3]), gap)):
                chain[:] = [chain[0], min(top, chain[1]), max(x1, chain[2]), max(bottom, chain[3])]
                break
        else:
            chains.append([x0, top, x1, bottom])
    return [tuple(chain) for chain in chains]


def _lost_between(lost: np.ndarray | None, start: int, end: int, top: int, bottom: int, gap: int) -> bool:
    """Whether bands cover the columns from `start` to `end` across the rows a rule holds
    (one more either side), but for `gap` of them."""
    if lost is None or end <= start:
        return False
    covered = lost[max(0, top - 1):bottom + 1, start:end].any(axis=0)
    return covered.size - int(np.count_nonzero(covered)) <= gap


def _in_letters(ink: np.ndarray, runs: np.ndarray, box: tuple[int, int, int, int], horizontal: bool,
                thickness: int) -> bool:
    """Whether along most of a rule's length its run lies in ink that runs on across it deeper
    than a rule is thick: a blurred line of bold letters (a carbon copy) joins their tops and
    bottoms into runs as long as a rule, and wiping them off as one wiped the letters off. A
    rule is crossed by the upright rules, the odd letter that touches it or a shading along
    part of it, no more."""
    x0, top, x1, bottom = box
    deep = thickness + 3
    if not horizontal:
        ink, runs, (x0, top, x1, bottom) = ink.T, runs.T, (top, x0, bottom, x1)
    start = max(0, top - deep)
    around = np.ascontiguousarray(ink[start:bottom + deep, x0:x1])
    deeper = cv2.morphologyEx(around, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, deep)))
    own = runs[top:bottom, x0:x1] > 0
    deeper = own & (deeper[top - start:bottom - start] > 0)
    return 2 * np.count_nonzero(deeper.any(axis=0)) > np.count_nonzero(own.any(axis=0))


def _stands_alone(ink: np.ndarray, box: tuple[int, int, int, int], horizontal: bool, gap: int) -> bool:
    """A rule has clear paper along both its sides; a run of letters touching along a line of
    text ("prévues" read at a low threshold) has ink above and below."""
    x0, top, x1, bottom = box
    height, width = ink.shape
    halo = gap  # the rule's own blurred edge, left out
    if horizontal:
        sides = [ink[max(0, top - halo - gap):max(0, top - halo), x0:x1], ink[bottom + halo:min(height, bottom + halo + gap), x0:x1]]
    else:
        sides = [ink[top:bottom, max(0, x0 - halo - gap):max(0, x0 - halo)], ink[top:bottom, x1 + halo:min(width, x1 + halo + gap)]]
    return all(np.count_nonzero(side) < 0.3 * side.size for side in sides if side.size)


def find_fills(gray: np.ndarray, dpi: float) -> list[tuple[tuple[int, int, int, int], float]]:
    """Shaded rectangles (boxes, bands, header rows), with their grey level (0 black, 1 white).

    The page's background is its median over windows wider than a letter (7 pt: a wider one
    loses a table's shaded rows), at half size: text
    (dark strokes on light, or white letters on a dark band) is a minority in such a window and
    vanishes, a shading stays. Whatever is darker than the paper by more than its grain, and
    large enough to hold a line of text, is a shaded area."""
    half = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    window = max(5, int(dpi / 20) | 1)  # 7 pt at full size
    background = cv2.medianBlur(half, window)
    sample = background[::4, ::4]  # the paper's level and grain, from one pixel in 16
    paper = percentile(sample, 90)
    near = sample[sample >= paper - 12].astype(np.float32)
    grain = float(np.median(np.abs(near - np.median(near)))) * 1.4826 if near.size else 0.0
    # Dark shadings first, on their own: light specks of the scan around them (JPEG blocks
    # beside letters) then never join a band into one ragged shape; light ones after.
    light = (background < paper - max(6.0, 4.0 * grain)).astype(np.uint8) * 255
    dark = (background < paper - max(40.0, 4.0 * grain)).astype(np.uint8) * 255
    # A dark shading's sides, softened by the scan, are lighter than the dark threshold: its
    # width is the light mask's (else a side stays, read as "[" before the band's "AXE 3").
    fills = [(_edges(box, light), level) for box, level in _shadings(_opened(dark, dpi), background, dpi, paper)]
    rest = light.copy()
    for (x0, top, x1, bottom), _ in fills:
        rest[max(0, top // 2 - 2):bottom // 2 + 2, max(0, x0 // 2 - 2):x1 // 2 + 2] = 0
    fills += _shadings(_opened(rest, dpi), background, dpi)
    return sorted(fills)


def _opened(mask: np.ndarray, dpi: float) -> np.ndarray:
    """The mask opened by a square just under the shortest shading (14 pt): what text left in it
    (thick letters of dark toner) goes, every shading stays."""
    side = max(5, int(13 * dpi / 72 / 2) | 1)
    return cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (side, side)))


def _edges(box: tuple[int, int, int, int], mask: np.ndarray, reach: int = 4) -> tuple[int, int, int, int]:
    """A shading's box (full-size pixels) widened to the columns, within `reach` pixels of the
    half-size `mask`, that the mask covers over most of its height. Its top and foot stay:
    the grid's rules are matched to them (see header_rows)."""
    x0, top, x1, bottom = (v // 2 for v in box)
    a, b = max(0, x0 - reach), min(mask.shape[1], x1 + reach)
    columns = np.count_nonzero(mask[top:bottom, a:b], axis=0) >= 0.5 * (bottom - top)
    if not columns.any():
        return box
    left, right = a + int(np.argmax(columns)), a + len(columns) - int(np.argmax(columns[::-1]))
    return 2 * min(left, x0), box[1], 2 * max(right, x1), box[3]


def _shadings(mask: np.ndarray, background: np.ndarray, dpi: float,
              paper: float | None = None) -> list[tuple[tuple[int, int, int, int], float]]:
    """The shadings a mask of the half-size page holds, in full-size pixels, with their grey.

    With the `paper`'s level, a shape too ragged for a shading is cut once more, halfway
    between its darkest grey and the paper: a highlighter's stroke (0.8 of the paper) touching
    a dark band made one shape with it, and the band is found alone."""
    fills = []
    point = dpi / 72 / 2  # pixels of the half-size image per point
    for x0, top, x1, bottom, area in _components(mask):
        # A shaded box or band holds a line of text at least: 14 pt high, 30 pt square in area.
        if area < (30 * point) ** 2 or min(x1 - x0, bottom - top) < 14 * point:
            continue
        if area < 0.8 * (x1 - x0) * (bottom - top):
            if paper is not None:
                region, shape = background[top:bottom, x0:x1], mask[top:bottom, x0:x1] > 0
                cut = (percentile(region[shape], 10) + paper) / 2
                core = np.zeros_like(mask)
                core[top:bottom, x0:x1] = ((region < cut) & shape).astype(np.uint8) * 255
                fills += _shadings(_opened(core, dpi), background, dpi)
            continue
        for part_top, part_bottom in _grey_bands(background[top:bottom, x0:x1], 10 * point):
            part = background[top + part_top:top + part_bottom, x0:x1]
            level = float(np.median(part))
            # One grey over most of it: a shading; letters of dark toner dense enough to darken
            # the median make a patch of every grey between ink and paper.
            if part_bottom - part_top >= 10 * point and np.count_nonzero(np.abs(part.astype(np.int16) - level) <= 12) >= 0.6 * part.size:
                fills.append(((2 * x0, 2 * (top + part_top), 2 * x1, 2 * (top + part_bottom)), round(level / 255.0, 2)))
    return fills


def _grey_bands(region: np.ndarray, shortest: float = 0.0) -> list[tuple[int, int]]:
    """The rows of a shaded area cut where its grey steps (a header row, an axis band and a
    shaded row of a table touch, each its own shading): (top, bottom) of each band."""
    rows = np.median(region, axis=1)
    cuts = [0] + [k for k in range(1, len(rows)) if abs(float(rows[k]) - float(rows[k - 1])) > 24] + [len(rows)]
    bands = [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]

    def grey(band: tuple[int, int]) -> float:
        return float(np.median(rows[band[0]:band[1]]))

    # A line of bold text blurred by the scan steps the rows' grey too, inside one shading: a
    # band shorter than a line between two bands of one grey is theirs, and bands of one grey
    # side by side are one band.
    k = 1
    while k + 1 < len(bands):
        if bands[k][1] - bands[k][0] < shortest and abs(grey(bands[k - 1]) - grey(bands[k + 1])) < 12:
            bands[k - 1:k + 2] = [(bands[k - 1][0], bands[k + 1][1])]
        else:
            k += 1
    merged: list[tuple[int, int]] = []
    for band in bands:
        if merged and abs(grey(merged[-1]) - grey(band)) < 12:
            merged[-1] = (merged[-1][0], band[1])
        else:
            merged.append(band)
    return merged


def find_frames(rules: list[tuple[int, int, int, int]], dpi: float):
    """Boxes drawn as an outline: two vertical and two horizontal rules meeting at four corners,
    no rule inside. A born-digital PDF draws such a frame as a filled outline, a container of
    the reading order (extract/pdf_boxes.py), not as a table of one cell; taken out of the rules,
    two frames side by side in two columns are no longer joined into one grid. Returns the
    frames and the rules left."""
    slack = max(3, int(dpi * 0.03))
    vertical = [r for r in rules if r[3] - r[1] > r[2] - r[0]]
    horizontal = [r for r in rules if r[3] - r[1] <= r[2] - r[0]]
    frames, used = [], set()
    for left in vertical:
        for right in vertical:
            if right[0] - left[2] < 4 * slack or abs(right[1] - left[1]) > slack or abs(right[3] - left[3]) > slack:
                continue
            x0, x1, top, bottom = left[0], right[2], min(left[1], right[1]), max(left[3], right[3])

            def spans(rule) -> bool:
                return abs(rule[0] - x0) <= slack and abs(rule[2] - x1) <= slack

            lids = [h for h in horizontal if spans(h) and abs((h[1] + h[3]) / 2 - top) <= slack]
            floors = [h for h in horizontal if spans(h) and abs((h[1] + h[3]) / 2 - bottom) <= slack]
            inner = [r for r in rules if r not in (left, right) and r not in lids + floors
                     and r[0] > x0 - slack and r[2] < x1 + slack and r[1] > top - slack and r[3] < bottom + slack]
            if lids and floors and not inner:
                frames.append((x0, top, x1, bottom))
                used.update([left, right, lids[0], floors[0]])
    return frames, [r for r in rules if r not in used]


def header_rows(rules: list[tuple[int, int, int, int]], fills: list, dpi: float) -> list[tuple[int, int, int, int]]:
    """The rules a shaded row of a ruled table would have. A band sitting on the grid, as wide
    as it, is its header row: its outline is added, and the grid's vertical rules that start at
    its foot go on through it (drawn in the band's colour, they do not show on the scan). A
    shading the grid's side rules run across is a row: its top and foot are added."""
    slack = max(3, int(dpi / 24))
    verticals = [r for r in rules if r[3] - r[1] > r[2] - r[0]]
    added = []
    for (x0, top, x1, bottom), _ in fills:
        below = [v for v in verticals if abs(v[1] - bottom) <= slack and x0 - slack <= v[0] and v[2] <= x1 + slack]
        # The grid's sides at the band's edges, starting at its foot or running on through it
        # (dark toner joins the band's edge to the grid's side rule).
        edges = [v for v in verticals if (abs(v[0] - x0) <= slack or abs(v[2] - x1) <= slack)
                 and v[1] <= bottom + slack and v[3] >= bottom + slack]
        across = [v for v in verticals if v[1] <= top + slack and v[3] >= bottom - slack
                  and (abs(v[0] - x0) <= slack or abs(v[2] - x1) <= slack)]
        if len(below) >= 2 and edges:
            added += [(x0, top, x1, top + 1), (x0, bottom - 1, x1, bottom), (x0, top, x0 + 1, bottom), (x1 - 1, top, x1, bottom)]
            added += [(v[0], top, v[2], v[1]) for v in below]
        elif across:
            # A shaded row inside the grid (rows told apart by their shading, not by rules).
            added += [(x0, top, x1, top + 1), (x0, bottom - 1, x1, bottom)]
    return added
