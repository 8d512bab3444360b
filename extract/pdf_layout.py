"""PDF page geometry: word boxes, lines and blocks.

A page's words are put in reading order by extract/pdf_xycut.py; here they become lines
(vertical overlap), bullets and list items, and the blocks of each region.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from extract.blocks import Block, BlockKind
from extract.records import Provenance
from extract.hyphenation import join_lines
from extract.inline import normalize_space

BULLETS = "•▪■◦●○‣⁃–-➔⇒➡►▶➜✓✔□❖➢➤◆◇◾◽"
ARROWS = "➔⇒➡►▶➜"  # note glyphs: list items of their own kind, never part of a bullet list
_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_FOOTNOTE_START = re.compile(r"^(?:[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\*|\d{1,2}\s)")


@dataclass
class Box:
    """A word (or a table placeholder) with its geometry and font."""

    x0: float
    x1: float
    top: float
    bottom: float
    text: str = ""
    size: float = 0.0
    bold: bool = False
    italic: bool = False
    table: int | None = None  # index of a table placeholder
    container: int | None = None  # index of a box or band placeholder (see pdf_boxes)
    reach: float | None = None  # a bullet glyph: where the text it bullets starts (see bind_bullets)
    conf: float | None = None  # a word read by OCR: Tesseract's confidence (0-100)

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass
class Region:
    """A run of boxes read as one column segment."""

    boxes: list[Box]
    left: float
    role: str | None = None  # None: main flow; "aside": side column
    right: float | None = None  # right edge of the column the region belongs to


@dataclass
class Line:
    boxes: list[Box]
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    text: str = ""


@dataclass
class LayoutSettings:
    """Thresholds as multiples of the body font size."""

    body_size: float = 10.0
    page_height: float = 0.0  # 0: unknown (footnotes are then recognised anywhere on the page)
    band_gap: float = 0.6  # whitespace between bands (× body size)
    gutter: float = 1.4  # whitespace between columns (× body size)
    narrow_gutter: float = 0.8  # between columns side by side over many lines (see pdf_xycut)
    gutter_hint: tuple[float, float] | None = None  # a narrow gutter the document's pages share
    aside_ratio: float = 0.75  # a column narrower than this × the other is a side column
    shaded: list[tuple[float, float, float, float]] = field(default_factory=list)  # filled boxes on the page
    vocabulary: frozenset[str] = frozenset()  # the document's words, for line-end hyphens
    verify_below: float = 80.0  # OCR words of lower confidence are doubts (see provenance_of)


def make_lines(boxes: list[Box]) -> list[Line]:
    """Group word boxes into lines (vertical overlap), words left to right."""
    lines: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: (b.top, b.x0)):
        if lines:
            current = lines[-1]
            top = min(b.top for b in current)
            bottom = max(b.bottom for b in current)
            overlap = min(bottom, box.bottom) - max(top, box.top)
            if overlap > 0.4 * min(box.bottom - box.top, bottom - top):
                current.append(box)
                continue
        lines.append([box])
    out = []
    for words in lines:
        words.sort(key=lambda b: b.x0)
        # A bullet glyph is often drawn in another font size: the line's size is its text's.
        sizes = [b.size for b in words if b.text.strip() and not (len(b.text) == 1 and is_bullet_char(b.text))]
        sizes = sizes or [b.size for b in words]
        size = statistics.median(sizes) if sizes else 0
        out.append(Line(
            boxes=words, x0=words[0].x0, x1=max(b.x1 for b in words), top=min(b.top for b in words),
            bottom=max(b.bottom for b in words), size=size,
            bold=all(b.bold for b in words if b.text.strip() and b.size >= 0.8 * size),
            text=_line_text(words, size),
        ))
    return out


def _line_text(words: list[Box], size: float) -> str:
    """Words joined by spaces; small raised digits become superscripts glued to their word."""
    parts: list[str] = []
    baseline = statistics.median([w.bottom for w in words if w.size >= 0.8 * size] or [words[0].bottom])
    previous: Box | None = None
    for word in words:
        text = word.text
        raised = word.size < 0.8 * size and word.bottom < baseline - 0.15 * size
        if raised and text.isdigit():
            text = text.translate(_SUPERSCRIPTS)
        # PDF words touching are one word cut by the font's kerning; two OCR words are two words
        # (Tesseract saw the space), even when a blurred glyph's box overlaps its neighbour's.
        glued = previous is not None and (raised or (word.x0 - previous.x1 < 0.05 * size and word.conf is None))
        if parts and glued:
            parts[-1] += text
        else:
            parts.append(text)
        previous = word
    return normalize_space(" ".join(parts))


_CID = re.compile(r"^\(cid:\d+\)$")


def is_bullet_char(char: str) -> bool:
    """A bullet glyph, including the private-use code points of Symbol and Wingdings bullets
    (U+F0B7, U+F0A7...) that Word and LibreOffice write."""
    return char in BULLETS or "\ue000" <= char <= "\uf8ff"


def _bullet_of(line: Line) -> tuple[str, str, float] | None:
    """(glyph, text after it, x where the text starts) when a line starts with a bullet glyph."""
    first = line.boxes[0]
    if _CID.match(first.text) and len(line.boxes) > 1:
        # A glyph with no Unicode mapping, alone at the start of a line: a drawn bullet.
        return "•", line.text.split(" ", 1)[1] if " " in line.text else "", line.boxes[1].x0
    if first.text and is_bullet_char(first.text[0]):
        glyph = first.text[0] if first.text[0] in BULLETS else "•"
        if len(first.text) == 1:
            if len(line.boxes) == 1:
                return None
            rest = line.text.split(" ", 1)[1] if " " in line.text else ""
            if first.text in "-–" and not rest:
                return None
            return glyph, rest, line.boxes[1].x0
        if first.text[0] in "-–":
            return None  # "-2" or "–" glued to a word is not a bullet
        return glyph, line.text[1:].strip(), first.x0
    return None


@dataclass
class _Draft:
    kind: BlockKind
    lines: list[Line]
    bullet: str | None = None
    text_x0: float = 0.0
    bullet_x0: float = 0.0
    first_text: str = ""


def region_blocks(region: Region, page: int, settings: LayoutSettings) -> list[tuple[Block, float]]:
    """Blocks of one region, each with the x of its bullet (for list depth)."""
    body_size = settings.body_size
    drafts: list[_Draft] = []
    lines = make_lines(region.boxes)
    right = region.right if region.right is not None else max((l.x1 for l in lines), default=0)
    left = min([region.left] + [l.x0 for l in lines])
    for line in lines:
        bullet = _bullet_of(line)
        current = drafts[-1] if drafts else None
        if (bullet and bullet[0] in "-–" and current and current.kind is BlockKind.LIST_ITEM
                and abs(line.x0 - current.text_x0) < 0.5 * line.size < abs(line.x0 - current.bullet_x0)):
            bullet = None  # a dash wrapped under the item's text ("– 211") continues it
        if bullet:
            drafts.append(_Draft(BlockKind.LIST_ITEM, [line], bullet[0], bullet[2], line.x0, bullet[1]))
            continue
        if current and _continues(current, line, body_size, left, right):
            current.lines.append(line)
            continue
        drafts.append(_Draft(BlockKind.PARAGRAPH, [line], text_x0=line.x0, first_text=line.text))
    out = []
    for draft in drafts:
        texts = [draft.first_text] + [l.text for l in draft.lines[1:]]
        text = normalize_space(join_lines(texts, settings.vocabulary))
        if not text:
            continue
        lines = draft.lines
        size = statistics.median([l.size for l in lines])
        bold = all(l.bold for l in lines)
        x0, top = min(l.x0 for l in lines), min(l.top for l in lines)
        x1, bottom = max(l.x1 for l in lines), max(l.bottom for l in lines)
        kind, level, role = draft.kind, 0, region.role
        if kind is BlockKind.PARAGRAPH and size >= 1.2 * body_size and len(text.split()) <= 25:
            kind, level = BlockKind.HEADING, 1 if size >= 1.45 * body_size else 2
        if kind is not BlockKind.HEADING and size < 0.88 * body_size and _FOOTNOTE_START.match(text) \
                and (not text[:1].isdigit() or top > 0.6 * settings.page_height):
            # A plain number opens a footnote only at the foot of the page ("23 FÉV. 2021" in a
            # small caption is a date); a superscript or an asterisk anywhere.
            role = "footnote"
            text = re.sub(r"^(\d{1,2})\s", lambda m: m.group(1).translate(_SUPERSCRIPTS) + " ", text)
        provenance, doubts = provenance_of(page, (x0, top, x1, bottom), [b for l in lines for b in l.boxes], settings)
        block = Block(kind, text, provenance, level=level, bullet=draft.bullet, lines=tuple(texts),
                      font_size=round(size, 2), bold=bold, role=role, doubts=doubts)
        out.append((block, draft.bullet_x0))
    return out


def provenance_of(page: int, bbox: tuple[float, float, float, float], boxes: list[Box],
                  settings: LayoutSettings) -> tuple[Provenance, tuple[str, ...]]:
    """Where a block was read, and, for words read by OCR, its mean confidence and its doubtful
    words (confidence under `settings.verify_below`)."""
    read = [b for b in boxes if b.conf is not None]
    if not read:
        return Provenance(page=page, bbox=bbox), ()
    confidence = round(sum(b.conf for b in read) / len(read), 1)
    doubts = tuple(b.text for b in read if b.conf < settings.verify_below and any(c.isalnum() for c in b.text))
    return Provenance(page=page, bbox=bbox, ocr=True, confidence=confidence), doubts


def _continues(draft: _Draft, line: Line, body_size: float, left: float, right: float) -> bool:
    last = draft.lines[-1]
    if line.top - last.bottom > 0.7 * max(line.size, body_size * 0.5):
        return False
    if re.search(r"[.!?:]$", last.text) and last.x1 < right - 0.35 * (right - left):
        return False  # a short line closing a sentence ends its paragraph
    if abs(line.size - last.size) > 0.6 or line.bold != last.bold:
        return False
    if draft.kind is BlockKind.LIST_ITEM:
        # Wrapped lines hang under the text; a note ("➔ ...") may come back under its glyph.
        start = min(draft.text_x0, draft.bullet_x0) if draft.bullet in ARROWS else draft.text_x0
        return line.x0 >= start - 0.5 * line.size
    return True
