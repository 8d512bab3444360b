"""OCR of scanned pages (Tesseract, through pytesseract) into the PDF reader's word boxes.

A page without a text layer is rendered (pypdfium2, the renderer pdfplumber ships),
straightened and cleaned (extract/ocr_image.py), and read by Tesseract in French. Its
words come back from the hOCR output with their boxes, their line's font size and their
confidence, in PDF points: from there on the page goes through the same layout code as a
born-digital page (reading order, side columns, tables, hyphenation, running headers).

Tesseract does not say which words are bold; the stroke width does (ink area over half
its outline, relative to the font size), decided over the whole document in `finish`.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from extract.errors import DocumentError
from extract.hyphenation import plain_hyphens
from extract.ocr_hocr import LANGUAGE, recognise_pages
from extract.ocr_text import correct_accents, typeset_marks
from extract.pdf_layout import Box

if TYPE_CHECKING:
    import numpy as np

DPI = 200  # see README, « Documents numérisés (OCR) »: 150 dpi loses accents and small digits
INSTALL = "apt-get install tesseract-ocr tesseract-ocr-fra"


@dataclass(frozen=True)
class OcrSettings:
    """How scanned pages are read. mode: "auto" (pages without text), "force" (every page),
    "off" (never: a scanned page is an error)."""

    mode: str = "auto"
    dpi: int = DPI
    verify_below: float = 80.0  # words of lower confidence are listed « à vérifier »
    threads: int = 0  # pages read at once (0: every core); not part of what a record depends on

    def key(self) -> dict:
        """What the record depends on (the extraction cache's key)."""
        return {"ocr": self.mode, "dpi": self.dpi, "verify_below": self.verify_below}


@dataclass
class OcrPage:
    """The words of one scanned page, in PDF points, and the drawn objects of its image."""

    words: list[Box]
    rules: list[dict] = field(default_factory=list)  # as pdfplumber's edges
    fills: list[dict] = field(default_factory=list)  # as pdfplumber's filled rects
    strokes: list[float] = field(default_factory=list)  # each word's stroke width / font size
    skew: float = 0.0
    reads: list | None = None  # Tesseract's words, in pixels, until boxes_of
    image: object | None = None  # the PageImage, until boxes_of
    size: tuple[float, float] = (0.0, 0.0)  # the page's width and height in points
    segments: list[int] = field(default_factory=list)  # each word's line (see ocr_hocr)
    hyphens: list[float] = field(default_factory=list)  # the lengths of hyphens inside words, over their font size


def missing_message() -> str | None:
    """Why OCR cannot run here (in French), or None when Tesseract and its French data are installed."""
    import pytesseract

    command = pytesseract.pytesseract.tesseract_cmd
    if shutil.which(command) is None and not Path(command).is_file():
        return f"Tesseract n'est pas installé ; installez-le ({INSTALL}) ou voyez le README, « Documents numérisés (OCR) »."
    try:
        languages = pytesseract.get_languages(config="")
    except Exception:  # a broken install says so below
        languages = []
    if LANGUAGE not in languages:
        return (f"les données françaises de Tesseract manquent ; installez-les ({INSTALL}) "
                "ou voyez le README, « Documents numérisés (OCR) ».")
    return None


def require_tesseract(path: Path) -> None:
    message = missing_message()
    if message is not None:
        raise DocumentError(path, f"page numérisée sans texte : lecture par OCR impossible, {message}")


def read_scanned_pages(path: Path, password: str | None, indexes: list[int], sizes: list[tuple[float, float]],
                       settings: OcrSettings) -> list[OcrPage]:
    """OCR of the pages at `indexes` (0-based) of a PDF, side by side on `settings.threads` cores.
    pdfium is not thread-safe: pages are rendered one after the other, then straightened in
    parallel (OpenCV releases the GIL), then read by one Tesseract process per core, each taking
    every n-th page (a process reads its pages one after the other, its model loaded once)."""
    import pypdfium2

    from extract.ocr_image import ARROWS, arrow_shape, prepare, render
    from extract.ocr_retry import second_look

    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # pages run side by side, one core each
    document = pypdfium2.PdfDocument(str(path), password=password or None)
    try:
        grays = [render(document[index], settings.dpi) for index in indexes]
    finally:
        document.close()
    threads = max(1, min(settings.threads or os.cpu_count() or 1, len(grays)))
    batches = [list(range(start, len(grays), threads)) for start in range(threads)]
    if threads == 1:
        images = [prepare(gray, settings.dpi) for gray in grays]
        reads = [recognise_pages([image.ocr_input for image in images], settings.dpi)]
    else:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(threads) as pool:
            images = list(pool.map(lambda gray: prepare(gray, settings.dpi), grays))
            reads = list(pool.map(lambda batch: recognise_pages([images[k].ocr_input for k in batch], settings.dpi),
                                  batches))
    del grays
    by_page: list[list] = [[] for _ in images]
    for batch, found in zip(batches, reads):
        for k, page_reads in zip(batch, found):
            by_page[k] = [read._replace(text=arrow_shape(images[k].ink, read.letters)) if read.text in ARROWS else read
                          for read in page_reads]
    pages = [_page(image, page_reads, size, settings.dpi) for image, page_reads, size in zip(images, by_page, sizes)]
    second_look(pages, settings.dpi)
    for page in pages:
        boxes_of(page, settings.dpi)
    return pages


def _page(image, reads: list, size: tuple[float, float], dpi: float) -> OcrPage:
    """A page's reads and the rules and shadings of its image, in PDF points."""
    scale = 72.0 / dpi
    rules = [_edge(x0 * scale, top * scale, x1 * scale, bottom * scale) for x0, top, x1, bottom in image.rules]
    fills = [_fill(x0 * scale, top * scale, x1 * scale, bottom * scale, level) for (x0, top, x1, bottom), level in image.fills]
    # A frame is a container as a typesetter draws it: a filled outline (see pdf_boxes).
    fills += [_fill(x0 * scale, top * scale, x1 * scale, bottom * scale, 0.0) for x0, top, x1, bottom in image.frames]
    return OcrPage([], rules, fills, [], image.skew, reads=reads, image=image, size=size)


def boxes_of(page: OcrPage, dpi: float) -> None:
    """The page's reads as word boxes in PDF points, with their stroke widths; frees the image."""
    scale = 72.0 / dpi
    stroke_of = _stroke_widths(page.image.ink)
    width, height = page.size
    for read in page.reads:
        box = Box(read.x0 * scale, read.x1 * scale, read.top * scale, read.bottom * scale, plain_hyphens(read.text),
                  read.size * scale, conf=read.conf)
        if box.x1 <= 0 or box.x0 >= width or box.bottom <= 0 or box.top >= height:
            continue
        page.words.append(box)
        page.strokes.append(stroke_of(*read.letters) / max(read.size, 1.0))
        page.segments.append(read.line)
        page.hyphens += [width / read.size for width in read.hyphens if read.size > 0]
    page.image = page.reads = None


def _stroke_widths(ink: np.ndarray | None):
    """A function giving the mean stroke width of the ink in a pixel box: ink area over half
    its outline (a stroke of width w and length L has area wL and outline 2L)."""
    import cv2
    import numpy as np

    if ink is None:
        return lambda *box: 0.0
    solid = (ink > 0).astype(np.uint8)
    outline = solid - cv2.erode(solid, np.ones((3, 3), np.uint8))
    height, wide = solid.shape

    def width(x0: float, top: float, x1: float, bottom: float) -> float:
        # Counted in the word's box alone: a few hundred words cover a fraction of the page,
        # where summed-area tables of the whole page cost more than all the words together.
        x0, x1, top, bottom = max(0, int(x0)), min(wide, int(x1)), max(0, int(top)), min(height, int(bottom))
        edge = np.count_nonzero(outline[top:bottom, x0:x1])
        return 2 * np.count_nonzero(solid[top:bottom, x0:x1]) / edge if edge else 0.0

    return width


def _edge(x0: float, top: float, x1: float, bottom: float) -> dict:
    vertical = (bottom - top) > (x1 - x0)
    if vertical:
        x = (x0 + x1) / 2
        x0 = x1 = x
    else:
        y = (top + bottom) / 2
        top = bottom = y
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0, "height": bottom - top,
            "orientation": "v" if vertical else "h", "object_type": "line"}


def _fill(x0: float, top: float, x1: float, bottom: float, level: float) -> dict:
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0, "height": bottom - top,
            "fill": True, "non_stroking_color": (level,), "object_type": "rect"}


def _size_modes(counts: Counter) -> Callable[[float], float]:
    """The document's font sizes: the commonest estimates seed them, each taking the estimates
    within 10 % of it (Tesseract's estimate wavers by a pixel or two from line to line, a 12 pt
    title stands 20 % above 10 pt text); a size is its group's median. Returns the function
    giving an estimate's size."""
    seeds: list[float] = []
    for size, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        if not any(abs(size - seed) <= 0.1 * seed for seed in seeds):
            seeds.append(size)
    groups: dict[float, list[tuple[float, int]]] = {}
    for size, count in counts.items():
        groups.setdefault(min(seeds, key=lambda seed: abs(size - seed)), []).append((size, count))
    medians = {}
    for seed, members in groups.items():
        members.sort()
        half, running = sum(n for _, n in members) / 2, 0
        for size, count in members:
            running += count
            if running >= half:
                medians[seed] = round(size, 1)
                break

    def snap(size: float) -> float:
        return medians[min(seeds, key=lambda seed: abs(size - seed))]

    return snap


def finish(pages: list[OcrPage]) -> None:
    """Document-wide decisions on OCR words: font sizes snapped to the document's few sizes
    (Tesseract's estimate wavers by a pixel or two from line to line), and bold words (a
    stroke clearly wider than the document's usual for its size)."""
    words = [w for page in pages for w in page.words]
    if not words:
        return
    hyphens = [width for page in pages for width in page.hyphens]
    hyphen = statistics.median(hyphens) if len(hyphens) >= 3 else None
    for page in pages:
        typeset_marks(page.words, hyphen)
        if not all(w.text for w in page.words):  # a speck read as a mark of its own, taken out
            kept = [k for k, w in enumerate(page.words) if w.text]
            page.strokes, page.segments = ([values[k] for k in kept] if len(values) == len(page.words) else values
                                           for values in (page.strokes, page.segments))
            page.words = [page.words[k] for k in kept]
    words = [w for page in pages for w in page.words]
    correct_accents(words)
    snap = _size_modes(Counter({w.size: len(w.text) for w in words}))
    for word in words:
        word.size = snap(word.size)
    strokes = [s for page in pages for s, w in zip(page.strokes, page.words) for _ in w.text]
    usual = statistics.median(strokes) if strokes else 0.0
    cut = bold_cut([s / usual for s in strokes]) if usual > 0 else BOLD
    for page in pages:
        for stroke, word in zip(page.strokes, page.words):
            word.bold = usual > 0 and stroke > cut * usual
        _smooth_bold(page.words, page.segments)
        _carry_bold(page.words, page.segments)


BOLD = 1.3  # a bold stroke, over the document's usual one, when the strokes do not say otherwise


def bold_cut(ratios: list[float]) -> float:
    """Where bold starts, in stroke width over the usual: the cut between the two weights the
    document's letters fall into (Otsu's threshold on their stroke ratios). A blurred or dark
    scan thickens every stroke and brings the weights closer (bold at 1.25-1.6 times the
    regular instead of 1.35-1.55): a fixed 1.3 would cut through the bold. With one weight only,
    the cut falls inside it (near 1.0); then, as when the two weights are not apart, BOLD."""
    import numpy as np

    values = np.sort(np.clip(np.asarray(ratios, dtype=np.float64), 0.5, 2.5))
    n = len(values)
    if n < 50:
        return BOLD
    sums = np.cumsum(values)
    k = np.arange(1, n)  # the first k letters below the cut
    below, above = sums[:-1] / k, (sums[-1] - sums[:-1]) / (n - k)
    between = (k / n) * (1 - k / n) * (below - above) ** 2
    between[values[1:] == values[:-1]] = 0.0  # a cut falls between two different values
    best = int(np.argmax(between))
    cut, separation = (values[best] + values[best + 1]) / 2, between[best] / max(values.var(), 1e-12)
    return float(cut) if 1.12 <= cut <= 1.4 and separation >= 0.7 else BOLD


def _smooth_bold(words: list[Box], segments: list[int]) -> None:
    """A line set mostly bold (or mostly not) is all so, its stops and colons too: a coloured
    word binarises thinner, and one letter's blot thicker. A line is one of Tesseract's, cut at
    column gaps (see ocr_hocr), so a bold title beside a plain side box stays bold."""
    lines: dict[int, list[Box]] = {}
    for word, segment in zip(words, segments):
        lines.setdefault(segment, []).append(word)
    for line in lines.values():
        letters = [b for b in line if any(c.isalpha() for c in b.text)]
        if len(letters) < 2:
            continue
        bold = sum(len(b.text) for b in letters if b.bold) / sum(len(b.text) for b in letters)
        if bold >= 0.75 or bold <= 0.25:
            for box in line:
                if box.text not in "•➔":
                    box.bold = bold >= 0.75


def _carry_bold(words: list[Box], segments: list[int]) -> None:
    """A sentence is set in one weight: lines that go on with the sentence of the line above
    (same size and left edge, close under it, the line above ending on no stop) are bold when
    most of their letters are, regular when few are. A stroke measured over a line or two of
    a bold title in a light serif wavers; without this, a title is cut where it wavers."""
    lines: dict[int, list[Box]] = {}
    for word, segment in zip(words, segments):
        lines.setdefault(segment, []).append(word)
    ordered = sorted(lines.values(), key=lambda line: line[0].top)
    following: dict[int, int] = {}
    for k, line in enumerate(ordered):
        size = line[0].size
        above = [j for j in range(k) if ordered[j][0].size == size and abs(ordered[j][0].x0 - line[0].x0) <= size
                 and 0 <= line[0].top - max(w.bottom for w in ordered[j]) <= 0.8 * size]
        if above:
            j = max(above, key=lambda j: ordered[j][0].top)
            if not re.search(r"[.!?:;]$", ordered[j][-1].text) and j not in following:
                following[j] = k
    starts = set(following) - set(following.values())
    for start in starts:
        chain = [start]
        while chain[-1] in following:
            chain.append(following[chain[-1]])
        letters = [(len(w.text), w.bold) for k in chain for w in ordered[k] if any(c.isalpha() for c in w.text)]
        total = sum(n for n, _ in letters)
        share = sum(n for n, bold in letters if bold) / total if total else 0.5
        if share >= 0.6 or share <= 0.4:
            for k in chain:
                for word in ordered[k]:
                    if word.text not in "•➔":
                        word.bold = share >= 0.6
