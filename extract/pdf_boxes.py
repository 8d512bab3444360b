"""Boxes and bands drawn on a PDF page: containers of the reading order.

Designers put a fiche's "Responsable municipal / Partenaires" in a shaded or framed box, and an
axis title in a coloured band. Every filled rectangle that holds words is such a container
(a frame drawn by a typesetter is a filled outline, so it counts too). Its words are read
together, as one unit of the page's reading order: a box becomes an "aside" stream of its own,
wherever it sits (above, below or beside the text it belongs to); a band, wide and at most a
few lines high, becomes one heading whose parts (a tag "AXE 2", a title) may be in any order
and any size.
"""

from __future__ import annotations

from dataclasses import dataclass

from extract.pdf_layout import Box, is_bullet_char, make_lines

Rect = tuple[float, float, float, float]
_BAND_LINES = 3  # a band holds a tag and a title, at most on three lines
_BAND_WIDTH = 0.45  # of the page width


@dataclass
class Container:
    bbox: Rect
    band: bool
    words: list[Box]


def _centre_inside(box: Box, rect: Rect, slack: float = 1.0) -> bool:
    cx, cy = (box.x0 + box.x1) / 2, (box.top + box.bottom) / 2
    return rect[0] - slack <= cx <= rect[2] + slack and rect[1] - slack <= cy <= rect[3] + slack


def _contains(outer: Rect, inner: Rect, slack: float = 2.0) -> bool:
    return (outer[0] - slack <= inner[0] and inner[2] <= outer[2] + slack
            and outer[1] - slack <= inner[1] and inner[3] <= outer[3] + slack)


def _innermost(rects: list[Rect]) -> list[Rect]:
    """Rectangles that hold no other one; a frame and the shade inside it, drawn with almost the
    same outline, count once."""
    unique: list[Rect] = []
    for rect in sorted(set(rects), key=lambda r: (r[2] - r[0]) * (r[3] - r[1])):
        if not any(_contains(rect, kept) and _contains(kept, rect, 4.0) for kept in unique):
            unique.append(rect)
    return [r for r in unique if not any(other is not r and _contains(r, other) for other in unique)]


def take_containers(words: list[Box], rects: list[Rect], tables: list[Rect], page_width: float,
                    page_height: float, body_size: float) -> tuple[list[Box], list[Container]]:
    """The page's words outside any container, and the containers with their words."""
    page_area = page_width * page_height
    candidates = [r for r in rects
                  if (r[2] - r[0]) * (r[3] - r[1]) < 0.5 * page_area
                  and not any(_contains(t, r) for t in tables)]
    containers: list[Container] = []
    free = words
    for rect in _innermost(candidates):
        inside = [w for w in free if _centre_inside(w, rect)]
        if not inside:
            continue
        taken = {id(w) for w in inside}
        free = [w for w in free if id(w) not in taken]
        containers.append(Container(rect, _is_band(inside, rect, page_width, body_size), inside))
    return free, containers


def _is_band(words: list[Box], rect: Rect, page_width: float, body_size: float) -> bool:
    """Wide, a few lines, no list, and set as a title (bold or larger than the body text)."""
    if rect[2] - rect[0] < _BAND_WIDTH * page_width:
        return False
    lines = make_lines(words)
    if len(lines) > _BAND_LINES or any(is_bullet_char(line.text[:1]) for line in lines):
        return False
    return all(w.bold or w.size >= 1.1 * body_size for w in words)

