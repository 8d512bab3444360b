"""PDF reader (pdfplumber): published layouts -> the common block stream.

pdfplumber's quirks stay here: words with their fonts, ruled tables (closed at
page breaks so that a row cut by the page is still found), shaded boxes.
Layout analysis is in pdf_layout, boxes and bands in pdf_boxes, what spans pages and
columns (broken rows and paragraphs, lists) in pdf_flow, running headers and footers in
pdf_furniture; this module puts each page's pieces in reading order.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from extract.blocks import Block, BlockDocument, BlockKind
from extract.records import Source
from extract.errors import DocumentError
from extract.hyphenation import vocabulary_of
from extract.inline import normalize_space
from extract.pdf_layout import Box, LayoutSettings, is_bullet_char, make_lines, provenance_of, region_blocks
from extract.pdf_furniture import strip_furniture
from extract.pdf_columns import bind_bullets, shared_gutter
from extract.pdf_xycut import xycut
from extract.pdf_boxes import Container, take_containers
from extract.pdf_flow import assign_lists, carry_asides, merge_broken_paragraphs, merge_broken_rows
from extract.pdf_tables import Table, table_blocks
from extract.ocr import OcrSettings
from extract.pdf_pages import read_pages
from extract.pdf_pdfium import ENGINE

def read_pdf(path: Path, password: str | None = None, ocr: OcrSettings | None = None) -> BlockDocument:
    """Read a PDF into a block document, in reading order: pages by pdfminer, the pages it
    cannot read or finds no text on by pdfium (see pdf_pdfium), pages without text by OCR."""
    ocr = ocr or OcrSettings()
    data = path.read_bytes()
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise DocumentError(path, "ce fichier n'est pas un PDF (l'extension ne correspond pas au contenu).")
    blocks: list[Block] = []
    pages, scanned, by_pdfium, notes = read_pages(path, password, ocr)
    if not pages:
        raise DocumentError(path, "le PDF ne contient aucune page.")
    sizes = [w.size for _, _, words, _, _ in pages for w in words for _ in w.text]
    if not sizes and not any(t for *_, t, _ in pages):
        if ocr.mode == "off" and scanned:
            raise DocumentError(path, "aucun texte dans ce PDF (document numérisé ?) ; relancez sans --no-ocr "
                                      "(ou « ocr: enabled: true » dans config.yaml) pour le lire par OCR.")
        raise DocumentError(path, "aucun texte lisible dans ce PDF" + (", même par OCR" if scanned else "")
                            + " (pages vides, ou texte dessiné sans caractères) ; vérifiez le fichier ou demandez-en "
                              "la version d'origine.")
    body = Counter(round(s, 1) for s in sizes).most_common(1)[0][0] if sizes else 10.0
    bodies = strip_furniture([(size[1], words) for _, size, words, _, _ in pages])
    vocabulary = vocabulary_of(w.text for _, _, words, _, _ in pages for w in words)
    laid = []
    for (number, size, _, tables, shaded), words in zip(pages, bodies):
        bind_bullets(words, body)
        words, containers = take_containers(words, shaded, [t.bbox for t in tables], *size, body)
        laid.append((number, words, tables, containers,
                     LayoutSettings(body_size=body, page_height=size[1], shaded=shaded, vocabulary=vocabulary,
                                    verify_below=ocr.verify_below)))
    hint = shared_gutter([words for _, words, *_ in laid], LayoutSettings(body_size=body)) if len(laid) > 2 else None
    for number, words, tables, containers, settings in laid:
        settings.gutter_hint = hint
        blocks += _page_blocks(number, words, tables, containers, settings)
    merge_broken_rows(blocks)
    carry_asides(blocks)
    merge_broken_paragraphs(blocks)
    assign_lists(blocks)
    for block in blocks:
        if block.provenance.page in by_pdfium:
            block.provenance = block.provenance.model_copy(update={"engine": ENGINE})
    return BlockDocument(source=Source.of(path, data, "pdf"), blocks=blocks, warnings=notes)


def _page_blocks(page: int, words: list[Box], tables: list[Table], containers: list[Container],
                 settings: LayoutSettings) -> list[Block]:
    # Tables, boxes and bands take part in the reading order as one placeholder box each.
    boxes = (words + [Box(t.bbox[0], t.bbox[2], t.bbox[1], t.bbox[3], table=i) for i, t in enumerate(tables)]
             + [_placeholder(c, i) for i, c in enumerate(containers)])
    if not boxes:
        return []
    out: list[Block] = []
    regions = xycut(boxes, min(b.x0 for b in boxes), settings)
    for previous, region in zip(regions, regions[1:]):
        if _continues_aside(previous, region, settings.body_size):
            region.role = "aside"
    for region in regions:
        if any(_labels_aside(region, other, settings.body_size) for other in regions):
            region.role = "aside"
    for region in regions:
        text: list[Box] = []
        placeholders = sorted((b for b in region.boxes if b.table is not None or b.container is not None),
                              key=lambda b: b.top)
        words_left = sorted((b for b in region.boxes if b.table is None and b.container is None),
                            key=lambda b: (b.top + b.bottom) / 2)
        for k, placeholder in enumerate(placeholders):
            cut = _cut(placeholder, placeholders[k + 1:], words_left)
            while words_left and (words_left[0].top + words_left[0].bottom) / 2 < cut:
                text.append(words_left.pop(0))
            out += _text_blocks(region, text, page, settings)
            text = []
            if placeholder.table is not None:
                out += table_blocks(tables[placeholder.table], page, settings)
            else:
                out += _container_blocks(containers[placeholder.container], page, settings)
        out += _text_blocks(region, words_left, page, settings)
    return out


def _free_side_pair(side, region) -> bool:
    """A side region and a main one, both of free words (no drawn box, no table: a drawn box
    already holds all its words)."""
    return (side.role == "aside" and region.role is None and bool(side.boxes) and bool(region.boxes)
            and not any(b.container is not None or b.table is not None for b in side.boxes + region.boxes))


def _continues_aside(previous, region, size: float) -> bool:
    """A side column of free text (a text box drawn without a frame) cut from its end by the
    whitespace under a label: the end, right below it and inside its column, is side text too."""
    if not _free_side_pair(previous, region):
        return False
    x0, bottom = min(b.x0 for b in previous.boxes), max(b.bottom for b in previous.boxes)
    right = previous.right if previous.right is not None else max(b.x1 for b in previous.boxes)
    first = make_lines(region.boxes)[0].text
    above = make_lines(previous.boxes)
    # What goes on in a side box: its list, its next label ("Partenaires :"), or the text under
    # a lone label ("OBJECTIF").
    goes_on = bool(first) and (is_bullet_char(first[0]) or first.rstrip().endswith(":")
                               or len(above) == 1 and above[0].bold)
    return (goes_on and abs(min(b.x0 for b in region.boxes) - x0) <= 0.5 * size
            and all(b.x1 <= right + 4 * size for b in region.boxes)
            and 0 <= min(b.top for b in region.boxes) - bottom < 1.5 * size)


def _labels_aside(region, side, size: float) -> bool:
    """A label ("Responsable municipal :") set right above a side list, at its left edge: the
    box's head, cut from it by the whitespace under the label."""
    if not _free_side_pair(side, region):
        return False
    gap = min(b.top for b in side.boxes) - max(b.bottom for b in region.boxes)
    if not (0 <= gap < 1.5 * size and abs(min(b.x0 for b in region.boxes) - min(b.x0 for b in side.boxes)) <= 0.5 * size):
        return False  # the geometry first: the lines are built only for a region right above the list
    lines = make_lines(region.boxes)
    return len(lines) <= 2 and lines[-1].text.rstrip().endswith(":")


def _cut(placeholder: Box, later: list[Box], words: list[Box]) -> float:
    """How far down the text read before a placeholder goes. Text above its middle comes before
    it, the rest after; but a box with text beside it (a layout table's side cell, a box set
    beside its fiche) comes after that text and what follows it, up to the next placeholder or
    the first line that runs across the box's column."""
    middle = (placeholder.top + placeholder.bottom) / 2
    if placeholder.container is None:
        return middle

    def across(word: Box) -> bool:
        return word.x0 < placeholder.x1 and placeholder.x0 < word.x1

    beside = [w for w in words if placeholder.top <= (w.top + w.bottom) / 2 <= placeholder.bottom and not across(w)]
    if not beside:
        return middle
    below = [w.top for w in words if w.top > placeholder.bottom and across(w)]
    return min([*below, *(p.top for p in later), float("inf")])


def _placeholder(container: Container, index: int) -> Box:
    """A band spans what it covers (across the columns' gutter); a box stands where its words
    are (its outline may reach closer to the text beside it than a gutter)."""
    if container.band:
        x0, top, x1, bottom = container.bbox
        return Box(x0, x1, top, bottom, container=index)
    words = container.words
    return Box(min(w.x0 for w in words), max(w.x1 for w in words), min(w.top for w in words),
               max(w.bottom for w in words), container=index)


def _text_blocks(region, boxes: list[Box], page: int, settings: LayoutSettings, role: str | None = None) -> list[Block]:
    if not boxes:
        return []
    out = []
    sub = region.__class__(boxes, region.left, role or region.role, region.right)
    for block, bullet_x in region_blocks(sub, page, settings):
        # Provisional: the bullet's x from its column's left edge (a list goes on in the next
        # column or on a page with other margins), replaced by a depth in pdf_flow.assign_lists.
        block.depth = int(bullet_x - region.left)
        out.append(block)
    return out


def _container_blocks(container: Container, page: int, settings: LayoutSettings) -> list[Block]:
    """A band: one heading of all its lines. A box: its own reading order, as a side stream."""
    if container.band:
        lines = make_lines(container.words)
        text = normalize_space(" ".join(line.text for line in lines))
        size = max(line.size for line in lines)
        provenance, doubts = provenance_of(page, container.bbox, container.words, settings)
        return [Block(BlockKind.HEADING, text, provenance, level=1, lines=tuple(line.text for line in lines),
                      font_size=round(size, 2), bold=True, role="band", doubts=doubts)]
    out = []
    for region in xycut(container.words, container.bbox[0], settings, role="aside"):
        out += _text_blocks(region, region.boxes, page, settings, role="aside")
    return out
