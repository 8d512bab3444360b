"""Page images for OCR: rendering, deskew, and what the scan's pixels draw besides text.

A scanned page has no vector objects: its table rules and shaded boxes are pixels. This
module finds them (OpenCV morphology), so the PDF reader gets the same rules and filled
rectangles it gets from a born-digital PDF, and prepares the image Tesseract reads: turned
straight, rules erased (a rule touching a word makes Tesseract read "|" or "L_"), white text
on a dark band inverted. Denoising (median, non-local means) and speck removal were
measured and left out: they cost accents and full stops more than they save (README).

Sizes are in pixels at the rendering resolution; `points` converts to PDF points.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

# Pages are read side by side, one core each (see extract/ocr.py): OpenCV's own thread pool
# would only compete with them, and its threads outlive a call in the process that forks workers.
cv2.setNumThreads(0)

MAX_SKEW = 4.0  # degrees searched either way (scans are straightened to within ±3°)
STRAIGHT = 0.15  # a page measured within this is left as it is (3 px over a 200 dpi line; turning blurs)


@dataclass
class PageImage:
    """A page ready for Tesseract, and the drawn objects found on it (pixel boxes)."""

    gray: np.ndarray  # the straightened page
    ocr_input: np.ndarray  # what Tesseract reads
    dpi: float
    skew: float = 0.0  # degrees the scan was turned back by
    rules: list[tuple[int, int, int, int]] = field(default_factory=list)  # x0, top, x1, bottom
    fills: list[tuple[tuple[int, int, int, int], float]] = field(default_factory=list)  # box, grey level 0-1
    ink: np.ndarray | None = None  # the binarised page (1 = ink), for stroke widths
    frames: list[tuple[int, int, int, int]] = field(default_factory=list)  # boxes drawn as an outline

    def points(self, value: float) -> float:
        return value * 72.0 / self.dpi


def render(pdf_page, dpi: float) -> np.ndarray:
    """A pypdfium2 page as an 8-bit grey image at `dpi`."""
    bitmap = pdf_page.render(scale=dpi / 72.0, grayscale=True)
    image = np.array(bitmap.to_numpy(), copy=True)
    if image.ndim == 3:
        image = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.shape[2] == 3 else image[:, :, 0]
    return image


def _binary(gray: np.ndarray) -> np.ndarray:
    """Ink as 255 on 0 (Otsu's threshold, after a light blur that takes out sensor noise)."""
    blurred = cv2.GaussianBlur(gray, (3, 3), 0)
    _, ink = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return ink


def _sharpness(points: tuple[np.ndarray, ...], angle: float) -> float:
    """How sharply the ink's rows peak once turned by `angle`: text lines and rules are
    horizontal exactly when their row profile is most uneven. `points` are the inked pixels'
    columns, rows and grey weights, and the image's centre: each pixel's row after the turn (as
    OpenCV turns an image) is computed, no image is turned."""
    xs, ys, weights, cx, cy = points
    radians = np.deg2rad(angle)
    # floor(v + ½), not rint: rint sends halves to the even row, folding two rows into one.
    rows = np.floor((ys - cy) * np.cos(radians) - (xs - cx) * np.sin(radians) + 0.5).astype(np.int64)
    profile = np.bincount(rows - rows.min(), weights=weights)
    return float(np.square(np.diff(profile)).sum())


def _points(ink: np.ndarray) -> tuple[np.ndarray, ...]:
    ys, xs = np.nonzero(ink)
    height, width = ink.shape
    return xs.astype(np.float32), ys.astype(np.float32), ink[ys, xs].astype(np.float64), width / 2, height / 2


def skew_angle(ink: np.ndarray, dpi: float) -> float:
    """The angle (degrees, counter-clockwise positive as OpenCV turns) that makes the page's
    lines horizontal: the row-profile sharpness, searched by half degrees on a 50 dpi copy, then
    by tenths on a 100 dpi one, the peak between tenths interpolated."""
    scale = min(1.0, 100.0 / dpi)
    small = cv2.resize(ink, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else ink
    if not small.any():
        return 0.0
    coarse = cv2.resize(small, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)  # 50 dpi: the half degree
    rough, fine = _points(coarse), _points(small)
    best = max(np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, 0.5), key=lambda a: _sharpness(rough, a))
    angles = np.arange(best - 0.6, best + 0.6 + 1e-9, 0.1)
    values = [_sharpness(fine, a) for a in angles]
    k = min(max(1, int(np.argmax(values))), len(values) - 2)
    before, peak, after = values[k - 1], values[k], values[k + 1]
    curve = before - 2 * peak + after
    # The peak between tenths: the vertex of the parabola through the best tenth and its two
    # neighbours (as precise as a search by fortieths, in three evaluations instead of nine).
    shift = 0.1 * (before - after) / (2 * curve) if curve < 0 else 0.0
    return float(round(angles[k] + max(-0.1, min(0.1, shift)), 3))


def _turn(image: np.ndarray, angle: float, fill: int) -> np.ndarray:
    height, width = image.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(image, matrix, (width, height), flags=cv2.INTER_CUBIC, borderValue=fill)


ARROWS = "➔⇒➡→"


def arrow_shape(ink: np.ndarray, box: tuple[int, int, int, int]) -> str:
    """Which arrow a note opens with, from its shaft (the columns a tenth to two fifths into
    the mark): two strokes make "⇒"; one stroke over 45 % of the mark's height, the heavy
    "➡"; a thinner one, "➔"."""
    x0, top, x1, bottom = (max(0, int(v)) for v in box)
    mark = ink[top:bottom, x0:x1] > 0
    rows, columns = np.nonzero(mark)
    if rows.size == 0:
        return "➔"
    mark = mark[rows.min():rows.max() + 1, columns.min():columns.max() + 1]
    height, width = mark.shape
    shaft = mark[:, int(0.1 * width):max(int(0.1 * width) + 1, int(0.4 * width))].astype(np.int8)
    edges = np.diff(np.pad(shaft, ((1, 1), (0, 0))), axis=0)
    strokes = float(np.median((edges == 1).sum(axis=0)))
    if strokes >= 2:
        return "⇒"
    return "➡" if float(np.median(shaft.sum(axis=0))) > 0.45 * height else "➔"


def _components(mask: np.ndarray):
    """(x0, top, x1, bottom, area) of each connected component of a mask."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
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


def _faint_ink(gray: np.ndarray) -> np.ndarray:
    """Anything clearly darker than the paper, light grey hairlines included (a table's grid is
    often a 0.5 pt grey line, lighter than Otsu's threshold for text)."""
    blurred = cv2.GaussianBlur(gray, (3, 3), 0)
    paper = float(np.percentile(blurred, 95))
    return (blurred < paper - 45).astype(np.uint8) * 255


def find_rules(ink: np.ndarray, dpi: float) -> tuple[list[tuple[int, int, int, int]], np.ndarray]:
    """Thin straight rules (table grids, underlines of rows): runs of ink at least a third of
    an inch long and at most 2 pt thick. Returns their boxes and their mask."""
    length = max(8, int(dpi / 3))
    thickness = max(2, int(round(dpi * 2.5 / 72)))
    mask = np.zeros_like(ink)
    boxes = []
    for kernel, horizontal in ((cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)), True),
                               (cv2.getStructuringElement(cv2.MORPH_RECT, (1, length)), False)):
        runs = cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)
        for x0, top, x1, bottom, _ in outlines(runs):
            across = (bottom - top) if horizontal else (x1 - x0)
            if across <= thickness and _stands_alone(ink, (x0, top, x1, bottom), horizontal, max(2, round(dpi / 100))):
                boxes.append((x0, top, x1, bottom))
                mask[top:bottom, x0:x1] |= runs[top:bottom, x0:x1]
    return boxes, mask


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

    The page's background is its median over windows wider than a letter, at half size: text
    (dark strokes on light, or white letters on a dark band) is a minority in such a window and
    vanishes, a shading stays. Whatever is darker than the paper by more than its grain, and
    large enough to hold a line of text, is a shaded area."""
    half = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    window = max(5, int(dpi / 20) | 1)  # 10 pt at full size
    background = cv2.medianBlur(half, window)
    sample = background[::4, ::4]  # the paper's level and grain, from one pixel in 16
    paper = float(np.percentile(sample, 90))
    near = sample[sample >= paper - 12].astype(np.float32)
    grain = float(np.median(np.abs(near - np.median(near)))) * 1.4826 if near.size else 0.0
    mask = (background < paper - max(6.0, 4.0 * grain)).astype(np.uint8) * 255
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (window, window)))
    fills = []
    point = dpi / 72 / 2  # pixels of the half-size image per point
    for x0, top, x1, bottom, area in _components(mask):
        # A shaded box or band holds a line of text at least: 14 pt high, 30 pt square in area.
        if area < (30 * point) ** 2 or area < 0.8 * (x1 - x0) * (bottom - top) or min(x1 - x0, bottom - top) < 14 * point:
            continue
        for part_top, part_bottom in _grey_bands(background[top:bottom, x0:x1]):
            if part_bottom - part_top >= 10 * point:
                level = float(np.median(background[top + part_top:top + part_bottom, x0:x1]))
                fills.append(((2 * x0, 2 * (top + part_top), 2 * x1, 2 * (top + part_bottom)), round(level / 255.0, 2)))
    return sorted(fills)


def _grey_bands(region: np.ndarray) -> list[tuple[int, int]]:
    """The rows of a shaded area cut where its grey steps (a header row, an axis band and a
    shaded row of a table touch, each its own shading): (top, bottom) of each band."""
    rows = np.median(region, axis=1)
    cuts = [0] + [k for k in range(1, len(rows)) if abs(float(rows[k]) - float(rows[k - 1])) > 24] + [len(rows)]
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]


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
        edges = [v for v in below if abs(v[0] - x0) <= slack or abs(v[2] - x1) <= slack]
        across = [v for v in verticals if v[1] <= top + slack and v[3] >= bottom - slack
                  and (abs(v[0] - x0) <= slack or abs(v[2] - x1) <= slack)]
        if len(below) >= 2 and edges:
            added += [(x0, top, x1, top + 1), (x0, bottom - 1, x1, bottom), (x0, top, x0 + 1, bottom), (x1 - 1, top, x1, bottom)]
            added += [(v[0], top, v[2], v[1]) for v in below]
        elif across:
            # A shaded row inside the grid (rows told apart by their shading, not by rules).
            added += [(x0, top, x1, top + 1), (x0, bottom - 1, x1, bottom)]
    return added


def prepare(gray: np.ndarray, dpi: float, deskew: bool = True) -> PageImage:
    """Straighten a page, find its rules and fills, and make the image Tesseract reads."""
    ink = _binary(gray)
    angle = skew_angle(ink, dpi) if deskew else 0.0
    if abs(angle) >= STRAIGHT:
        gray = _turn(gray, angle, 255)
        ink = _binary(gray)
    else:
        angle = 0.0
    fills = find_fills(gray, dpi)
    faint = _faint_ink(gray)
    for (x0, top, x1, bottom), _ in fills:  # the gaps between a band's white letters are no rules
        faint[top:bottom, x0:x1] = 0
    rules, rule_mask = find_rules(faint, dpi)
    frames, rules = find_frames(rules, dpi)
    rules += header_rows(rules, fills, dpi)
    clean = gray.copy()
    for (x0, top, x1, bottom), level in fills:
        # Each shading becomes white paper again, its text black: white text on a dark band is
        # inverted (Tesseract reads dark on light), dark text on a light shading darkened.
        region = clean[top:bottom, x0:x1].astype(np.float32)
        shade = max(1.0, level * 255.0)
        if level < 0.5:
            region = 255.0 - (region - shade) * 255.0 / max(1.0, 255.0 - shade)
        else:
            region = region * 255.0 / shade
        clean[top:bottom, x0:x1] = np.clip(region, 0, 255).astype(np.uint8)
    grown = cv2.dilate(rule_mask, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    clean[grown > 0] = 255
    return PageImage(gray=gray, ocr_input=clean, dpi=dpi, skew=angle, rules=rules, fills=fills, ink=ink, frames=frames)
