"""Boxes and bands drawn on a PDF page: containers of the reading order.

Designers put a fiche's "Responsable municipal / Partenaires" in a shaded or framed box, and an
axis title in a coloured band. Every filled rectangle that holds words is such a container
(a frame drawn by a typesetter is a filled outline, so it counts too). Its words are read
together, as one unit of the page's reading order: a box becomes an "aside" stream of its own,
wherever it sits (above, below or beside the text it belongs to); a band, wide and at most a
few lines high, becomes one heading whose parts (a tag "AXE 2", a title) may be in any order
and any size. A shading that cuts a line of text, or lies over one line of body text, is
emphasis (a highlighter, a shaded run): its words stay in their paragraph.
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
        if not inside or _cuts_a_line(inside, free, rect) or _one_plain_line(inside, body_size):
            continue
        taken = {id(w) for w in inside}
        free = [w for w in free if id(w) not in taken]
        containers.append(Container(rect, _is_band(inside, rect, page_width, body_size), inside))
    return free, containers


def _cuts_a_line(inside: list[Box], words: list[Box], rect: Rect) -> bool:
    """Whether the rectangle shades words inside a line of text rather than holding lines of
    its own: a word outside it, on the line of a word inside, runs across its edge or follows
    that word within a word space (half the line's height). A highlighter's band, a run's
    shading in a word processor, a marker over a few words: emphasis in the flow, not a box
    (a box's text keeps a margin inside it, and the text beside it keeps a gutter)."""
    taken = {id(w) for w in inside}
    for word in words:
        if id(word) in taken or word.bottom < rect[1] or word.top > rect[3]:
            continue
        for mate in inside:
            height = max(word.bottom - word.top, mate.bottom - mate.top, word.size, mate.size)
            overlap = min(word.bottom, mate.bottom) - max(word.top, mate.top)
            if overlap < 0.5 * min(word.bottom - word.top, mate.bottom - mate.top):
                continue
            straddles = word.x0 < rect[2] and word.x1 > rect[0]
            if straddles or max(word.x0 - mate.x1, mate.x0 - word.x1) < 0.5 * height:
                return True
    return False


def _one_plain_line(words: list[Box], body_size: float) -> bool:
    """A shading over one line of body text (neither bold nor larger): a highlighter's stroke
    over the end of a paragraph, a run shaded for emphasis. Read in its paragraph, not as a box
    (a box holds a label and its list; a band, a title)."""
    return len(make_lines(words)) == 1 and not all(w.bold for w in words) \
        and all(w.size < 1.1 * body_size for w in words)


def _is_band(words: list[Box], rect: Rect, page_width: float, body_size: float) -> bool:
    """Wide, a few lines, no list, and set as a title (bold or larger than the body text)."""
    if rect[2] - rect[0] < _BAND_WIDTH * page_width:
        return False
    lines = make_lines(words)
    if len(lines) > _BAND_LINES or any(is_bullet_char(line.text[:1]) for line in lines):
        return False
    return all(w.bold or w.size >= 1.1 * body_size for w in words)

