"""How the sheet lay on the scanner's glass, taken back before a page is read: the scanner's
bed around a sheet smaller than it (unbed), a feeder's streak down the whole sheet (unstreak),
the creases of a sheet folded for its envelope (uncrease). Each leaves the page as it is when
it does not find its habit, which it looks for cheaply first (under 2 ms a page at 200 dpi).
A page bent near a book's spine is straightened in extract/ocr_dewarp.py.

Sizes are in pixels at the rendering resolution.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import cv2
import numpy as np

from extract.ocr_drawings import labelled, percentile


STREAKED = 0.6  # share of a column's rows darker than both its neighbours that makes it a streak


def unstreak(gray: np.ndarray, dpi: float) -> np.ndarray:
    """A document feeder's streak taken off: dust on its glass draws a thin line down the whole
    sheet, along the image's columns exactly, whatever the sheet's turn. A column is a streak's
    when it is darker than the columns a fiftieth of an inch either side, by 10 levels, on most
    of the page's rows (every fourth looked at) and on most of its top and bottom twentieths,
    where no document prints: a table's upright rule stops before them. Each streak's columns
    take the lighter grey of the columns beside it, but where print darker than the streak's
    own grey lies under it. A page without one is returned as it is."""
    height, width = gray.shape
    step = max(2, int(round(dpi / 50)))
    if width <= 2 * step + 2:
        return gray
    sample = gray[::4].astype(np.int16)
    darker = (np.minimum(sample[:, :-2 * step], sample[:, 2 * step:]) - sample[:, step:-step]) > 10
    edge = max(1, darker.shape[0] // 20)
    streak = ((darker.mean(axis=0) >= STREAKED) & (darker[:edge].mean(axis=0) >= STREAKED)
              & (darker[-edge:].mean(axis=0) >= STREAKED))
    columns = np.nonzero(streak)[0] + step
    if not columns.size:
        return gray
    out = gray.copy()
    runs = np.split(columns, np.nonzero(np.diff(columns) > 1)[0] + 1)
    for run in runs:
        # The anchors stand one column off the run: JPEG leaves a faint halo beside a line.
        left, right = max(0, int(run[0]) - 2), min(width - 1, int(run[-1]) + 2)
        # The lighter of the two: a stroke across the streak is dark on both sides and goes on,
        # an upright stroke beside it is not drawn over (a blend of both thickened it).
        between = np.maximum(gray[:, left], gray[:, right])
        for x in range(left + 1, right):
            # Print darker than the streak's own grey is the letter under it: it stays.
            under = gray[:, x] < np.median(gray[:, x]) - 25
            out[:, x] = np.where(under, gray[:, x], between)
    return out


def unbed(gray: np.ndarray, dpi: float) -> np.ndarray:
    """The scanner's bed around a sheet smaller than it, or a lid left open, made paper: near
    black (under a quarter of the paper's grey) and reaching the image's edge, where no
    document prints, unlike a dark band or a punched hole inside the sheet, or a band printed
    to the sheet's edge (its white letters are holes in it, the bed has none). Looked for on a
    quarter-size copy (a letter's strokes are grey there), then painted the paper's grey with
    a margin of a fiftieth of an inch (the sheet's edge, JPEG's halo). A book's spine shadow,
    at half the paper's grey, is left to even_paper. A page without one is returned as it is."""
    paper = percentile(gray[::16, ::16], 90)
    rims = (gray[:4], gray[-4:], gray[:, :4], gray[:, -4:])
    if not any(np.count_nonzero(rim < paper / 4) >= 16 for rim in rims):
        return gray  # nothing near black along the image's edges: the common case, in 0.5 ms
    small = cv2.resize(gray, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    dark = (small < paper / 4).astype(np.uint8)
    count, labels, stats = labelled(dark)
    height, width = small.shape
    edge = {k for k in range(1, count) if stats[k, 0] == 0 or stats[k, 1] == 0
            or stats[k, 0] + stats[k, 2] == width or stats[k, 1] + stats[k, 3] == height}
    edge -= _lettered(dark, labels, dpi / 4)
    if not edge:
        return gray
    edge = sorted(edge)
    bed = np.isin(labels, edge).astype(np.uint8)
    bed = cv2.resize(bed, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_NEAREST)
    margin = max(3, int(dpi / 50)) * 2 + 1
    bed = cv2.dilate(bed, cv2.getStructuringElement(cv2.MORPH_RECT, (margin, margin)))
    out = gray.copy()
    out[bed > 0] = np.uint8(min(255.0, paper))
    return out


def _lettered(dark: np.ndarray, labels: np.ndarray, dpi: float) -> set[int]:
    """The dark components (labels) with three holes the size of letters or more in them."""
    count, holes, stats = labelled((1 - dark).astype(np.uint8))
    small = np.zeros(count, bool)
    small[1:] = (stats[1:, 4] <= (dpi / 4) ** 2) & (stats[1:, 4] >= 2)
    if not small.any():
        return set()
    letters = np.where(small[holes], holes, 0).astype(np.int32)
    ring = cv2.dilate(letters.astype(np.float32), np.ones((3, 3), np.uint8)).astype(np.int32)
    touching = (ring > 0) & (labels > 0)
    pairs = np.unique(np.stack([labels[touching], ring[touching]]), axis=1)
    found, per = np.unique(pairs[0], return_counts=True)
    return {int(k) for k, n in zip(found, per) if n >= 3}


DEEP = 10  # levels: a crease darkens the paper by this much at least
SLANT = 0.06  # a crease runs within 3.4° of the image's rows (or columns)


def uncrease(gray: np.ndarray, dpi: float) -> np.ndarray:
    """The creases of a sheet folded (a letter for its envelope) taken back: a soft dark line
    across the whole sheet, margin to margin, that darkens paper and ink alike. A table's row
    took it for a rule, which cut the row in two. Looked for on a half-size copy whose letters
    and rules are closed away (a closing over a twentieth of an inch), along rows and
    then along columns: the paper's grey in upright strips an inch wide, and in the sheet's
    outermost fifth of an inch on either side. A crease is a dip of DEEP levels at least below
    the paper on both sides of it (a shading's edge has paper on one side only), no taller
    than a twelfth of an inch plus its slant, found in every strip at about the same depth and
    in both outermost bands, where no document prints. Where one is, each pixel is brightened
    by the paper's grey over the crease's, as measured in those bands (see _creases),
    interpolated between the strips."""
    half = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    kernel = max(3, int(dpi / 40)) | 1

    @functools.cache
    def closed(axis: int) -> np.ndarray:
        """The half-size page with its letters and rules closed away, along `axis`'s rows (only
        made once the outermost bands show a crease: most pages have none)."""
        if axis == 1:
            return np.ascontiguousarray(closed(0).T)
        return cv2.morphologyEx(half, cv2.MORPH_CLOSE, np.ones((kernel, kernel), np.uint8))

    gain = None
    for axis in (0, 1):
        found = _creases(functools.partial(closed, axis), half if axis == 0 else half.T, dpi / 2)
        if found is None:
            continue
        size = (gray.shape[1], gray.shape[0]) if axis == 0 else (gray.shape[0], gray.shape[1])
        full = cv2.resize(found.T, size, interpolation=cv2.INTER_LINEAR)
        full = full if axis == 0 else full.T
        gain = full if gain is None else gain * full
    if gain is None:
        return gray
    return np.clip(gray.astype(np.float32) * gain, 0, 255).astype(np.uint8)


def _creases(closed: Callable[[], np.ndarray], page: np.ndarray, dpi: float) -> np.ndarray | None:
    """The gain that takes back the creases running along `page`'s rows, per upright strip
    (strips × rows); None without a crease. `closed()` gives the page with its letters and rules
    closed away; `dpi` is theirs.

    A crease is first found where only paper lies, in the sheet's outermost bands: a dip in
    each, narrow, at rows that a line within the slant joins. Then the strips between confirm
    it: most of them dip where that line crosses them, by half the bands' depth at least."""
    length, across = page.shape
    step = max(8, int(dpi))
    count = across // step
    if count < 3:
        return None
    reach = max(4, int(dpi / 12))
    side = np.ones((1, reach + 1), np.uint8)

    def dips(levels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """How far each row lies below the paper on both sides of it, and that paper's grey."""
        paper = np.minimum(cv2.dilate(levels, side, anchor=(reach, 0)), cv2.dilate(levels, side, anchor=(0, 0)))
        return paper - levels, paper

    rim = max(2, int(dpi / 5))
    # No document prints there: the page itself, not its closing, keeps a crease's soft shape.
    bands = [dips(band.mean(axis=1).astype(np.float32)[None, :]) for band in (page[:, :rim], page[:, -rim:])]
    (left, _), (right, _) = bands
    left, right = left[0], right[0]
    drift = int(np.ceil(across * SLANT))
    pairs = []
    for y in _narrow_dips(left, reach):
        near = right[max(0, y - drift):y + drift + 1]
        if near.size and near.max() >= DEEP:
            pairs.append((y, max(0, y - drift) + int(near.argmax())))
    if not pairs:
        return None
    levels = cv2.resize(closed()[:, :count * step], (count, length), interpolation=cv2.INTER_AREA).T.astype(np.float32)
    dip, _ = dips(levels)
    rows = np.arange(length)
    gain = np.ones((count, length), np.float32)
    tolerance = int(np.ceil(step * SLANT)) + 2
    for y_left, y_right in pairs:
        crossings = [y_left + (y_right - y_left) * (k + 0.5) / count for k in range(count)]
        depths = [dip[k, max(0, int(y) - tolerance):int(y) + tolerance + 1].max() for k, y in enumerate(crossings)]
        if np.median(depths) < 0.5 * min(left[y_left], right[y_right]):
            continue  # the bands dip, the page between does not: marks in both margins
        # The crease's own profile, in the outermost bands of the page itself (a closing fills
        # a crease's narrow bottom in part); each strip takes it where the line crosses it,
        # the two bands' weighed as the strip lies between them: a shading keeps its grey.
        window = np.arange(max(0, min(y_left, y_right) - 2 * reach), min(length, max(y_left, y_right) + 2 * reach))
        profiles = []
        for band, at in ((page[:, :rim], y_left), (page[:, -rim:], y_right)):
            lightest = np.percentile(band[window], 90, axis=1).astype(np.float32)
            below, flat = dips(lightest[None, :])
            near = np.abs(window - at) <= reach
            profiles.append((np.where((below[0] > 0) & near, flat[0] / np.maximum(lightest, 1.0), 1.0), at))
        for k, y in enumerate(crossings):
            share = (k + 0.5) / count
            gain[k] *= sum(weight * np.interp(rows - y + at, window, profile, left=1.0, right=1.0)
                           for (profile, at), weight in zip(profiles, (1 - share, share)))
    return None if (gain == 1.0).all() else gain


def _narrow_dips(dip: np.ndarray, reach: int) -> list[int]:
    """The rows where a band's profile dips by DEEP at least, at the deepest of each dip, when
    the dip is narrow (no taller than a sixth of an inch at half its depth) and soft, as a
    fold's shadow is: its bottom (nine tenths of its depth) half as tall as its quarter depth
    at most, where a printed band's sides are steep."""
    out = []
    deep = dip >= DEEP
    starts = np.nonzero(deep & ~np.r_[False, deep[:-1]])[0]
    for start in starts:
        end = start + int(np.argmin(deep[start:])) if not deep[start:].all() else dip.size
        y = start + int(dip[start:end].argmax())
        (top, bottom), bottom_width, quarter_width = (_extent(dip, y, share) for share in (0.5, 0.9, 0.25))
        if 0 < top and bottom < dip.size - 1 and bottom - top <= 2 * reach and bottom_width <= 0.5 * quarter_width:
            out.append(y)
    return out


def _extent(dip: np.ndarray, y: int, share: float):
    """The rows around `y` where `dip` stays at `share` of its depth there: (first, last) for a
    half, the count of rows otherwise."""
    inside = dip >= share * dip[y]
    top, bottom = y, y
    while top > 0 and inside[top - 1]:
        top -= 1
    while bottom + 1 < dip.size and inside[bottom + 1]:
        bottom += 1
    return (top, bottom) if share == 0.5 else bottom - top + 1
