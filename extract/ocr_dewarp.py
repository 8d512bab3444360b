"""Pages that did not lie flat on the glass.

A bound book's page pressed on a scanner bends near its spine: its lines rise or fall there while
the rest of the page is straight, so no single turn makes them horizontal. The lines' words then
fall into other lines and a table's rules into pieces. The bend is measured as a vertical offset
per column (the page is cut into upright strips a quarter of an inch wide, and each strip's row
profile is matched to its neighbour's), then undone by moving each column back by its offset.

The model is a cylinder whose axis is upright: the lines' offset depends on the column alone. It
also takes up what a turn left over (a straight line through the page is an offset that grows
evenly with the column). A page whose offsets stay within a twenty-fifth of an inch is left as
it is. Measuring costs about 1.5 ms a page at 200 dpi; undoing a bend, about 30 more.
"""

from __future__ import annotations

import cv2
import numpy as np

STRIP = 0.25  # inches: each upright strip's width
REACH = 1 / 12  # inches: the largest offset between two neighbouring strips (a line is a sixth)
FLAT = 1 / 25  # inches: offsets within this are a flat page
MATCH = 0.5  # two strips' profiles agree when their correlation reaches this
SOLID = 0.6  # a strip's row more inked than this is solid ink, not a line of text
SPREAD = 1 / 3  # a strip's inked rows spread over this share of the page's text height, at least
INKED = 0.15  # inches of a strip's height, at least, in inked rows, for its profile to count


def _strip_shifts(profiles: np.ndarray, reach: int, inked: float) -> np.ndarray:
    """How far (rows, fractional) each strip's profile lies below the one on its left; NaN
    where either has too little ink or they do not match."""
    height, count = profiles.shape
    centred = profiles - profiles.mean(axis=0)
    left, right = centred[reach:height - reach, :-1], centred
    scores = np.stack([(left * right[reach + s:height - reach + s, 1:]).sum(axis=0)
                       for s in range(-reach, reach + 1)])
    norms = np.sqrt(np.square(left).sum(axis=0) * np.square(right[reach:height - reach, 1:]).sum(axis=0))
    best = scores.argmax(axis=0)
    columns = np.arange(count - 1)
    peak = scores[best, columns] / np.maximum(norms, 1e-9)
    # The peak between rows: the vertex of the parabola through the best shift and its neighbours.
    inner = np.clip(best, 1, 2 * reach - 1)
    before, middle, after = scores[inner - 1, columns], scores[inner, columns], scores[inner + 1, columns]
    curve = before - 2 * middle + after
    fraction = np.where(curve < 0, 0.5 * (before - after) / np.where(curve < 0, curve, -1.0), 0.0)
    shifts = (best - reach).astype(np.float64) + np.where(best == inner, np.clip(fraction, -0.5, 0.5), 0.0)
    inked_rows = profiles > 0.05
    rows = inked_rows.sum(axis=0)
    # Lines down the page, not one mark: a staple's bar or a dog-ear's edge, aslant, also
    # matches its neighbour a few rows off. A strip's profile only counts when its inked rows
    # spread over a third of the page's text height at least.
    first = inked_rows.argmax(axis=0)
    last = height - 1 - inked_rows[::-1].argmax(axis=0)
    spread = np.where(rows > 0, last - first, 0)
    wide = spread >= SPREAD * spread.max()
    enough = (rows[:-1] >= inked) & (rows[1:] >= inked) & wide[:-1] & wide[1:]
    return np.where(enough & (peak >= MATCH), shifts, np.nan)


def bend(ink: np.ndarray, dpi: float) -> np.ndarray | None:
    """The lines' vertical offset at each column of the page (pixels, positive lower, against
    the page's median column), or None when the page lies flat."""
    height, width = ink.shape
    step = max(4, int(round(STRIP * dpi)))
    count = width // step
    if count < 4:
        return None
    # The profiles are measured at half height from 150 dpi (a line is then still 15 rows and
    # more; the parabola places its match within a pixel), at a quarter of the cost.
    fold = 2 if dpi >= 150 else 1
    rows_dpi = dpi / fold
    profiles = cv2.resize(ink[:, :count * step], (count, height // fold), interpolation=cv2.INTER_AREA)
    profiles = profiles.astype(np.float32) / 255
    # Solid ink over a fiftieth of an inch and more (a scanner lid's band, a black border, a
    # punched hole) tells no line's place and would outweigh the lines: its rows, and as many
    # either side, count as paper. A rule's few rows stay: they are the surest line there is.
    tall = np.ones((2 * int(rows_dpi / 50) + 1, 1), np.uint8)
    solid = cv2.dilate(cv2.morphologyEx((profiles > SOLID).astype(np.uint8), cv2.MORPH_OPEN, tall), tall)
    profiles[solid > 0] = 0.0
    profiles = cv2.GaussianBlur(profiles, (1, 0), sigmaX=0.1, sigmaY=max(1.0, rows_dpi / 150))
    shifts = _strip_shifts(profiles, max(2, int(round(REACH * rows_dpi))), INKED * rows_dpi) * fold
    known = ~np.isnan(shifts)
    if known.sum() < 3:
        return None
    places = np.arange(shifts.size)
    shifts = np.interp(places, places[known], shifts[known])
    # One strip's outlier (a match one line off) is taken out by a median of three.
    shifts = np.median(np.stack([np.r_[shifts[:1], shifts[:-1]], shifts, np.r_[shifts[1:], shifts[-1:]]]), axis=0)
    offsets = np.r_[0.0, np.cumsum(shifts)]
    offsets -= np.median(offsets)
    if np.ptp(offsets) < FLAT * dpi:
        return None
    # Offsets within a two-hundredth of an inch move no word to another line: they are taken off
    # every offset, so that the page's flat part is not resampled (a resampling blurs, a cut
    # between moved and unmoved columns would step), and a bend is undone but for them.
    slack = dpi / 200
    offsets = np.sign(offsets) * np.maximum(0.0, np.abs(offsets) - slack)
    centres = (np.arange(count) + 0.5) * step
    return np.interp(np.arange(width), centres, offsets).astype(np.float32)


def unbend(gray: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Move each column of `gray` up by its offset (paper comes in at the edges). Only the
    columns from the first to the last moved one are resampled, bicubically: whole-pixel
    steps cut letters (a 150 dpi curved bilan lost 5 points), a linear resampling blurs the
    lone digits of a table's number column (a curved plan lost 11). The flat part stays as it
    was scanned."""
    bent = np.nonzero(offsets)[0]
    if not bent.size:
        return gray
    start, end = int(bent[0]), int(bent[-1]) + 1
    height = gray.shape[0]
    map_x = np.broadcast_to(np.arange(end - start, dtype=np.float32), (height, end - start))
    map_y = np.arange(height, dtype=np.float32)[:, None] + offsets[None, start:end]
    out = gray.copy()
    out[:, start:end] = cv2.remap(np.ascontiguousarray(gray[:, start:end]), np.ascontiguousarray(map_x), map_y,
                                  cv2.INTER_CUBIC, borderValue=255)
    return out
