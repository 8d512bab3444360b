"""Page images for OCR: rendering, deskew, and what the scan's pixels draw besides text.

A scanned page has no vector objects: its table rules and shaded boxes are pixels, found by
extract/ocr_drawings.py, so the PDF reader gets the same rules and filled rectangles it gets
from a born-digital PDF. This module prepares the image Tesseract reads: paper made
white and ink black (a photocopy's grey, unevenly lit paper, faint toner), turned straight,
rules erased (a rule touching a word makes Tesseract read "|" or "L_"), white text on a band
inverted (whatever the band's grey). A book's spine shadow is evened with the paper, ink
faded in bands evened too (extract/ocr_ink.py); a one-bit page (dithered, a fax) is given its
greys back, a worn sensor's lone pixels filled, dark toner's spread thinned, dust standing
alone and a pen's strokes away from the print taken off (extract/ocr_cleanup.py); general
denoising (median, non-local means) and a blind speck filter were measured and left out:
they cost accents, full stops and small bullets more than they save (README).

Sizes are in pixels at the rendering resolution; `points` converts to PDF points.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from extract.ocr_cleanup import desalt, descreen, despeckle, refocus, thin, unscribble
from extract.ocr_glass import unbed, uncrease, unstreak
from extract.ocr_dewarp import bend, unbend
from extract.ocr_dropout import rejoin
from extract.ocr_drawings import (
    counted_percentile, faint_ink, find_fills, find_frames, find_rules, header_rows, labelled,
)
from extract.ocr_ink import even_ink, ink_level
from extract.ocr_overprint import unstamp

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
    stored = _stored_scan(pdf_page, dpi)
    if stored is not None:
        return stored
    bitmap = pdf_page.render(scale=dpi / 72.0, grayscale=True)
    image = np.array(bitmap.to_numpy(), copy=True)
    if image.ndim == 3:
        image = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.shape[2] == 3 else image[:, :, 0]
    return image


def _stored_scan(pdf_page, dpi: float) -> np.ndarray | None:
    """The page's scan as stored, when rendering it would give back the same pixels: a page
    holding one grey image (1 or 8 bits, no transparency), drawn upright over the whole page,
    unturned, with as many pixels as the rendering asks. A scanner's page is that; pdfium then
    only copies the image onto the page after decoding it, at three times the decoding's cost
    (40 ms a 200 dpi page against 6). Anything else (a colour scan, another resolution, a page
    with text or drawings besides) is rendered."""
    import math

    import pypdfium2.raw as pdfium_c

    if pdf_page.get_rotation() != 0:
        return None
    objects = list(pdf_page.get_objects(max_depth=0))
    if len(objects) != 1 or objects[0].type != pdfium_c.FPDF_PAGEOBJ_IMAGE:
        return None
    scan = objects[0]
    scale = dpi / 72.0
    a, b, c, d, _, _ = scan.get_matrix().get()
    if b or c or a <= 0 or d <= 0 or pdfium_c.FPDFPageObj_HasTransparency(scan):
        return None
    if any(abs(mine - page) > 1e-3 for mine, page in zip(scan.get_bounds(), pdf_page.get_bbox())):
        return None
    if scan.get_px_size() != (math.ceil(pdf_page.get_width() * scale), math.ceil(pdf_page.get_height() * scale)):
        return None
    metadata = scan.get_metadata()
    if metadata.colorspace != pdfium_c.FPDF_COLORSPACE_DEVICEGRAY or metadata.bits_per_pixel not in (1, 8):
        return None
    bitmap = scan.get_bitmap(render=False)
    if bitmap.format != pdfium_c.FPDFBitmap_Gray:
        return None
    image = np.array(bitmap.to_numpy(), copy=True)
    return image if image.ndim == 2 else None


def even_paper(gray: np.ndarray, dpi: float) -> np.ndarray:
    """The page with white paper and dark ink, whatever the scanner made of them: a photocopy's
    grey paper lit unevenly (lighter on one side), a faint toner's grey letters.

    The paper's level is measured in squares of about an inch (see _paper_of) and a plane is
    fitted to it, squares that are not paper (inside a shaded box) left out as outliers (a
    curved surface bends into a column of shaded boxes: their grey then drifts across them);
    ink is the level of the letters (see extract/ocr_ink.py ink_level). Each pixel is then
    stretched between the two. A page already even and contrasted is returned as it is (the
    stretch would only move noise), so every later threshold sees one range of levels."""
    height, width = gray.shape
    side = max(16, int(dpi))
    ys, xs, levels = [], [], []
    for top in range(0, height - side // 2, side):
        for x0 in range(0, width - side // 2, side):
            square = gray[top:top + side:2, x0:x0 + side:2]
            ys.append((top + side / 2) / height - 0.5)
            xs.append((x0 + side / 2) / width - 0.5)
            levels.append(_paper_of(square))
    ys, xs, levels = np.array(ys), np.array(xs), np.array(levels)
    terms = np.stack([np.ones_like(xs), xs, ys], axis=1)
    keep = np.ones(len(levels), dtype=bool)
    for _ in range(6):
        # Refit without the squares below the surface (shadings, pictures): an upper envelope,
        # with the paper's own spread, measured above it (a shading only lies below the paper).
        if keep.sum() < terms.shape[1] + 2:
            return gray
        coefficients, *_ = np.linalg.lstsq(terms[keep], levels[keep], rcond=None)
        residual = levels - terms @ coefficients
        above = residual[keep & (residual >= 0)]
        spread = max(1.5, 1.4826 * float(np.median(above))) if above.size else 2.0
        keep = residual > -1.5 * spread
    fitted = terms @ coefficients
    ink = ink_level(gray)
    columns, rows = _edge_shadow(gray, dpi)
    if fitted.max() - fitted.min() <= 12 and fitted.min() >= 235 and ink <= 64 and not columns.any() and not rows.any():
        return gray
    v = np.linspace(-0.5, 0.5, height, dtype=np.float32)[:, None]
    u = np.linspace(-0.5, 0.5, width, dtype=np.float32)[None, :]
    c = coefficients.astype(np.float32)
    paper = c[0] + c[1] * u + c[2] * v - columns[None, :] - rows[:, None]
    stretched = (gray.astype(np.float32) - ink) * 255.0 / np.maximum(paper - ink, 16.0)
    return np.clip(stretched, 0, 255).astype(np.uint8)


def _edge_shadow(gray: np.ndarray, dpi: float) -> tuple[np.ndarray, np.ndarray]:
    """How much darker than the page's middle the paper grows towards each edge: a book's spine
    pressed on the glass, a lid left open. Per strip of columns (and of rows), the paper's grey
    is measured as in _paper_of, with the strip's own cut between ink and paper: one cut for
    the whole page takes a photocopy's soft letter edges for paper, darker where the text is
    dense, and its unevenly lit paper for a shadow (it cost the photocopied bilan 11 points).
    A shadow is a run of darker paper that starts at the edge itself and fades inwards, so a
    shaded box or a column of them, which stand off the edge behind a margin of white paper,
    is never one. Returns the deficit per column and per row (0 where there is no shadow), to
    add back to the paper's level."""
    step = max(4, int(dpi / 25))  # strips of about a millimetre
    out = []
    for image in (gray, gray.T):
        levels = np.array([_paper_of(image[::8, x:x + step:2]) for x in range(0, image.shape[1], step)], np.float32)
        middle = levels[len(levels) // 5: len(levels) - len(levels) // 5]
        reference = float(np.median(middle)) if middle.size else float(levels.max())
        deficit = np.maximum(0.0, reference - levels)
        shadow = np.zeros_like(deficit)
        for order in (slice(None), slice(None, None, -1)):
            run = deficit[order]
            n = 0
            while n < len(run) // 3 and run[n] > 8.0:
                n += 1
            if n >= 2:  # a fall-off, not one dark strip at the border
                part = shadow[order]
                part[:n] = run[:n]
                # fade the last strips to nothing, so no step is left where the shadow ends
                part[n:n + 2] = run[n:n + 2]
        per_pixel = np.repeat(shadow, step)[:image.shape[1]]
        out.append(cv2.GaussianBlur(per_pixel[None, :], (0, 0), sigmaX=step)[0] if per_pixel.any() else per_pixel)
    return out[0], out[1]


def _paper_of(square: np.ndarray) -> float:
    """The paper's grey in a square of the page: the median of its lighter class (Otsu), which
    the noise leaves in place where a high percentile moves with the noise's strength."""
    square = np.ascontiguousarray(square)
    cut, _ = cv2.threshold(square, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    # The median from the square's 8-bit counts, not a sort (the plan's 1728 squares: 65 ms).
    counts = np.bincount(square.ravel(), minlength=256)
    light = counts[int(cut) + 1:]
    return float(counted_percentile(light, 50, int(cut) + 1) if light.any() else counted_percentile(counts, 50))


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
    # Climb by tenths from the best half degree to the peak (at most 0.6 away): the profile's
    # sharpness rises to one peak there, so four or five evaluations find what thirteen did.
    angles = np.arange(best - 0.6, best + 0.6 + 1e-9, 0.1)
    values: dict[int, float] = {}

    def value(k: int) -> float:
        if k not in values:
            values[k] = _sharpness(fine, angles[k])
        return values[k]

    k = len(angles) // 2
    while True:
        step = 1 if k + 1 < len(angles) and value(k + 1) > value(k) else -1 if k > 0 and value(k - 1) > value(k) else 0
        if step == 0:
            break
        k += step
    k = min(max(1, k), len(angles) - 2)
    before, peak, after = value(k - 1), value(k), value(k + 1)
    curve = before - 2 * peak + after
    # The peak between tenths: the vertex of the parabola through the best tenth and its two
    # neighbours (as precise as a search by fortieths, in three evaluations instead of nine).
    shift = 0.1 * (before - after) / (2 * curve) if curve < 0 else 0.0
    return float(round(angles[k] + max(-0.1, min(0.1, shift)), 3))


def _turn(image: np.ndarray, angle: float, fill: int) -> np.ndarray:
    height, width = image.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(image, matrix, (width, height), flags=cv2.INTER_CUBIC, borderValue=fill)


def _lost(*masks: np.ndarray | None) -> np.ndarray | None:
    """Where bands took the print (extract/ocr_dropout.py), from each mask found."""
    found = [mask for mask in masks if mask is not None]
    return None if not found else found[0] if len(found) == 1 else np.maximum(*found)


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


def _light_letters(region: np.ndarray, shade: float) -> bool:
    """Whether the text on a shading is lighter than it (white letters on a band) or darker:
    whichever ink strays further from the shade, and more often. A dark band scanned faint is
    lighter than mid-grey and still carries white letters. Only marks the size of letters
    count (narrower and shorter than the shading is high): a shading drawn aslant (a
    highlighter's stroke) leaves long slivers of white paper inside its upright box."""
    limit = region.shape[0]
    return _letters(region > shade + 40, limit) > _letters(region < shade - 40, limit)


def _letters(mask: np.ndarray, limit: int) -> int:
    """How many pixels of `mask` belong to marks narrower and shorter than `limit`."""
    stats = labelled(mask.astype(np.uint8))[2]
    small = (stats[1:, cv2.CC_STAT_WIDTH] < limit) & (stats[1:, cv2.CC_STAT_HEIGHT] < limit)
    return int(stats[1:, cv2.CC_STAT_AREA][small].sum())


def prepare(gray: np.ndarray, dpi: float, deskew: bool = True) -> PageImage:
    """Even its paper, straighten a page, find its rules and fills, and make the image
    Tesseract reads."""
    descreened = descreen(gray, dpi)
    one_bit = descreened is not gray
    gray = even_ink(even_paper(desalt(uncrease(unstreak(unbed(descreened, dpi), dpi), dpi)), dpi), dpi)
    gray, lost = rejoin(gray, dpi)  # a fax's lost lines, a sensor's dead column
    ink = _binary(gray)
    if not one_bit:  # a one-bit page's weight is our blur's, not its toner's
        thinner = thin(gray, ink, dpi)
        if thinner is not gray:
            gray, ink = thinner, _binary(thinner)
    angle = skew_angle(ink, dpi) if deskew else 0.0
    if abs(angle) >= STRAIGHT:
        gray = _turn(gray, angle, 255)
        gray, printed = rejoin(gray, dpi)  # an inkjet's clogged nozzles, along the printed lines
        ink = _binary(gray)
        lost = _lost(printed, None if lost is None else _turn(lost, angle, 0))
    else:
        angle = 0.0
    offsets = bend(ink, dpi) if deskew else None
    if offsets is not None:  # a page that did not lie flat: its lines bend near the spine
        gray = unbend(gray, offsets)
        ink = _binary(gray)
        lost = None if lost is None else unbend(lost, offsets)
    cleaned = despeckle(gray, ink, dpi)
    if cleaned is not gray:
        gray, ink = cleaned, _binary(cleaned)
    unstamped = unstamp(gray, dpi)
    if unstamped is not gray:
        gray, ink = unstamped, _binary(unstamped)
    fills = find_fills(gray, dpi)
    light = [_light_letters(gray[top:bottom, x0:x1], max(1.0, level * 255.0)) for (x0, top, x1, bottom), level in fills]
    faint = faint_ink(gray, dpi, [(box, level, white) for (box, level), white in zip(fills, light)])
    rules, rule_mask = find_rules(faint, dpi, lost)
    frames, rules = find_frames(rules, dpi)
    rules += header_rows(rules, fills, dpi)
    clean = gray.copy()
    for ((x0, top, x1, bottom), level), white in zip(fills, light):
        # Each shading becomes white paper again, its text black: white text on a dark band is
        # inverted (Tesseract reads dark on light), dark text on a light shading darkened.
        region = clean[top:bottom, x0:x1].astype(np.float32)
        shade = max(1.0, level * 255.0)
        if white:
            region = 255.0 - (region - shade) * 255.0 / max(1.0, 255.0 - shade)
        else:
            region = region * 255.0 / shade
        clean[top:bottom, x0:x1] = np.clip(region, 0, 255).astype(np.uint8)
    grown = cv2.dilate(rule_mask, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    clean[grown > 0] = 255
    clean = unscribble(clean, dpi)
    if not one_bit:
        clean = refocus(clean, gray, dpi)
    return PageImage(gray=gray, ocr_input=clean, dpi=dpi, skew=angle, rules=rules, fills=fills, ink=ink, frames=frames)
