"""Tesseract's side of OCR: an image in, its words out (hOCR, parsed).

The image is handed over uncompressed (PNG encoding cost a third of Tesseract's own time).
Each word comes back with its box, its line's font size and baseline, and its confidence.
"""

from __future__ import annotations

import functools
import re
import statistics
from typing import TYPE_CHECKING, NamedTuple

from extract.ocr_marks import (MARKED_ABOVE, accents_seen, case_by_height, dots_apart, footnote_number, glyph, glyph_heights,
                               hyphens_read_as_colons, initial_i, leading_mark, opening_mark, phantoms, superscripts,
                               x_line)
from extract.ocr_specks import specks

if TYPE_CHECKING:
    import numpy as np

LANGUAGE = "fra"
_BBOX = re.compile(r"bbox (\d+) (\d+) (\d+) (\d+)")
_CHAR_BOX = re.compile(r"x_bboxes (\d+) (\d+) (\d+) (\d+)")
_FIELD = re.compile(r"(x_size|x_wconf|x_descenders) ([\d.]+)")
_BASELINE = re.compile(r"baseline (-?[\d.]+) (-?[\d.]+)")


class Read(NamedTuple):
    """A word as Tesseract read it, in pixels: its box as a PDF word's (from its line), its
    text, confidence and font size, its line's number on the page, and its letters' box."""

    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    conf: float
    size: float
    line: int
    letters: tuple[int, int, int, int]
    chars: tuple = ()  # (character, box) of a word read on a strip of cut-outs (ocr_retry)
    hyphens: tuple = ()  # the widths of the word's hyphens between letters ("Saint-Nicolas"): see ocr_text


def recognise(image: np.ndarray, dpi: float, psm: int = 3, page: bool = True) -> list[Read]:
    """The words Tesseract reads on an 8-bit grey image (page segmentation mode `psm`). On a
    page, marks are read from their shape and place (bullets, arrows, superscripts); not on a
    strip of cut-outs (see ocr_retry)."""
    return recognise_pages([image], dpi, psm, page)[0]


def recognise_pages(images: list[np.ndarray], dpi: float, psm: int = 3, page: bool = True) -> list[list[Read]]:
    """The words Tesseract reads on each of several page images, in one Tesseract process: its
    start-up (loading the French model, about 0.13 s of CPU) is paid once, not once a page.
    The images go over uncompressed, as BMP (Leptonica reads a PGM a pixel at a time: 5 % of
    Tesseract's work on a page, for the same pixels), listed in a file, as the command reads a
    batch; `psm` and `page` as in recognise."""
    import os
    import subprocess
    import tempfile

    import cv2
    import pytesseract
    from lxml import html

    if not images:
        return []
    with tempfile.TemporaryDirectory(prefix="levis-ocr-") as folder:
        names = []
        for number, image in enumerate(images):
            names.append(os.path.join(folder, f"{number}.bmp"))
            cv2.imwrite(names[-1], image)
        listing = os.path.join(folder, "pages.txt")
        with open(listing, "w", encoding="utf-8") as handle:
            handle.write("\n".join(names) + "\n")
        command = [pytesseract.pytesseract.tesseract_cmd, listing, os.path.join(folder, "out"), "-l", LANGUAGE,
                   "--psm", str(psm), "--dpi", f"{dpi:g}", "-c", "hocr_char_boxes=1", "hocr"]
        done = subprocess.run(command, capture_output=True)
        if done.returncode != 0:
            raise pytesseract.TesseractError(done.returncode, done.stderr.decode("utf-8", "replace").strip())
        with open(os.path.join(folder, "out.hocr"), encoding="utf-8") as handle:
            tree = html.fromstring(handle.read().encode("utf-8"))
    pages = tree.xpath("//*[@class='ocr_page']")
    if len(pages) != len(images):
        raise pytesseract.TesseractError(1, f"{len(pages)} pages lues sur {len(images)}")
    return [list(_hocr_words(element, page, image if page else None)) for element, image in zip(pages, images)]


# Letters whose top is the font's ascent or cap height, whatever the font ("t" is shorter,
# accents vary, J and Q go below the line in many fonts): their height is the steadiest measure
# of a line's size a scan gives (Tesseract's own line size wavers by 10 %).
_TALL = set("bdfhkl0123456789ABCDEFGHIKLMNOPRSTUVWXYZ")
_DESCENDERS = set("gjpqyçQ,;()[]{}/|@$§µ_")


def _characters(word) -> list[tuple[str, tuple[int, ...]]]:
    """A word's characters with their boxes (hocr_char_boxes); empty when one has no box."""
    chars = []
    for char in word.iterchildren():
        if char.get("class") != "ocrx_cinfo":
            continue
        box = _CHAR_BOX.search(char.get("title", ""))
        if box is None:
            return []
        chars.append(("".join("".join(char.itertext()).split()), tuple(map(int, box.groups()))))
    return chars


def _line_size(word) -> float:
    """The x_size of the line a word of hOCR stands in (0 when not given)."""
    line = word.getparent()
    return _x_size(line.get("title", "")) if line is not None else 0.0


@functools.lru_cache(maxsize=1024)
def _x_size(title: str) -> float:
    return float(dict(_FIELD.findall(title)).get("x_size", 0) or 0)


def _hocr_words(hocr, page: bool = True, image: np.ndarray | None = None):
    """Each word read, in pixels (see Read), from hOCR text or one of its pages' elements.

    Tesseract's lines may run across columns (a side box beside the text): a line is cut into
    segments at every gap wider than 1.2 times its size, and each segment is a line of its own.
    A segment's size comes from the ascent of its words, scaled to Tesseract's sizes by the
    page's median ratio. A word's top and bottom are its line's (from the baseline and the
    size), as a PDF word's come from its font and not from its letters."""
    from lxml import html

    tree = html.fromstring(hocr.encode("utf-8")) if isinstance(hocr, str) else hocr
    # Each word's box and characters, parsed once: the page's i-dots are judged on all of them first.
    boxes = {word: tuple(map(int, found.groups())) for word in tree.xpath(".//*[@class='ocrx_word']")
             if (found := _BBOX.search(word.get("title", ""))) is not None}
    characters = {word: _characters(word) for word in tree.xpath(".//*[@class='ocrx_word']")}
    if image is not None:
        characters = {word: glyph_heights(image, chars, boxes[word], _line_size(word)) if word in boxes else chars
                      for word, chars in characters.items()}
    hyphens = {boxes[word]: _hyphen_widths(chars) for word, chars in characters.items() if word in boxes} if page else {}
    apart = image is None or dots_apart(image, [(chars, boxes[word][1]) for word, chars in characters.items()
                                                if word in boxes])
    lines = []
    chars_of: dict[tuple, list] = {}  # each word's characters, by its box (strips only)
    for line in tree.xpath(".//*[@class='ocr_line' or @class='ocr_caption' or @class='ocr_header' or @class='ocr_textfloat']"):
        title = line.get("title", "")
        bbox = _BBOX.search(title)
        if bbox is None:
            continue
        fields = dict(_FIELD.findall(title))
        lbox = tuple(map(int, bbox.groups()))
        size = float(fields.get("x_size", 0) or 0) or float(lbox[3] - lbox[1])
        descent = float(fields.get("x_descenders", 0) or 0) or 0.2 * size
        baseline = _BASELINE.search(title)
        slope, offset = (float(baseline.group(1)), float(baseline.group(2))) if baseline else (0.0, 0.0)
        words = []
        members = line.xpath(".//*[@class='ocrx_word']")
        marked = image is not None and any(c in MARKED_ABOVE for word in members for c, _ in characters.get(word, ()))
        line_x = x_line(image, lbox, [c for word in members for c in characters.get(word, ())]) if marked else None
        for word in members:
            text = "".join("".join(word.itertext()).split())  # a word has no spaces; its characters' markup does
            if text and word in boxes:
                conf = float(dict(_FIELD.findall(word.get("title", ""))).get("x_wconf", 0))
                chars = characters[word]
                if page:
                    chars, text = phantoms(chars, text)
                    text = superscripts(chars, text, lbox, size, baseline)
                # The letters' foot (what follows takes out or changes marks only, never a letter).
                feet = [b[3] for char, b in chars if char.isalnum() and char not in _DESCENDERS]
                foot = statistics.median(feet) if feet else None  # one stray accent below moves no median
                if image is not None:
                    chars, text = specks(image, chars, text, lambda x: foot if foot is not None else
                                         lbox[3] + offset + slope * (x - lbox[0]), size, opening=not words)
                    if not text:
                        continue
                    chars, text = hyphens_read_as_colons(image, chars, text)
                    text = initial_i(image, chars, text, boxes[word][1], apart)
                    text = accents_seen(image, chars, text, line_x)
                    text = case_by_height(chars, text)
                tall = [box[3] - box[1] for char, box in chars if char in _TALL] if conf >= 50 else []
                box = boxes[word]
                if page and not words:
                    mark = leading_mark(chars, size) if "".join(c for c, _ in chars) == text else None
                    if mark is not None:  # a bullet read into its word ("*.Le"): a word of its own
                        words.append((mark[0], conf, mark[1], [], None))
                        skip = next(k for k, (c, _) in enumerate(chars) if c.isalnum())
                        text, box, chars = text[skip:], mark[2], chars[skip:]
                words.append((text, conf, box, tall, foot))
                if not page:
                    chars_of[box] = chars
        lines.append((words, lbox, size, descent, baseline))
    usual = statistics.median([size for _, _, size, _, _ in lines]) if lines else 0.0
    segments = []  # (words, line bbox, x_size, descent, baseline)
    for words, lbox, size, descent, baseline in lines:
        if page:  # a speck read as "à" or "Se": no letter is that low
            words = [w for w in words if w[2][3] - w[2][1] >= 0.3 * usual or not any(c.isalnum() for c in w[0])]
            if not words:
                continue
        words = _join_marks(words, size)
        segment: list = []
        for word in words:
            mark = len(segment) == 1 and not any(c.isalnum() for c in segment[0][0])  # a bullet, then a tab
            if segment and word[2][0] - segment[-1][2][2] > (3 if mark else 1.2) * size:
                segments.append((segment, lbox, size, descent, baseline))
                segment = []
            segment.append(word)
        if segment:
            segments.append((segment, lbox, size, descent, baseline))
    ascents = []
    for words, *_ in segments:
        heights = [h for word in words for h in word[3]]
        ascents.append(statistics.median(heights) if heights else None)
    ratios = [size / ascent for (_, _, size, _, _), ascent in zip(segments, ascents) if ascent]  # x_size per ascent
    scale = statistics.median(ratios) if ratios else 0.0
    sizes = _paragraph_sizes(segments, [ascent * scale if ascent and scale else None for ascent in ascents])
    for number, ((words, (lx0, _, _, lbottom), size, descent, baseline), own, ascent) in enumerate(
            zip(segments, sizes, ascents)):
        own = own or size
        # The line's extent: its tall letters' measured ascent (else Tesseract's size less its
        # descent) above the baseline, Tesseract's descent below.
        ascent = ascent or max(1.0, size - descent)
        slope, offset = (float(baseline.group(1)), float(baseline.group(2))) if baseline else (0.0, 0.0)
        first = words[0][0]
        if page:
            first = opening_mark(image if len(words) > 1 else None, first, words[0][1], words[0][2],
                                 lbottom + offset, own, LANGUAGE)
        if not any(c.isalnum() for text, *_ in words for c in text):
            continue  # specks and rule remnants read as marks, a bullet with no text
        for k, (text, conf, (x0, top, x1, bottom), _, foot) in enumerate(words):
            if k == 0:
                text = footnote_number(first, words, own, lbottom + offset) if page else first
            elif page and k == 1 and first == "•" and not any(c.isalnum() for c in text):
                text = glyph(text, x1 - x0, bottom - top, own)  # a note's arrow after its bullet
            base = lbottom + offset + slope * ((x0 + x1) / 2 - lx0)
            own_base = foot if foot is not None else bottom - (descent if any(c in _DESCENDERS for c in text) else 0)
            if abs(base - own_base) > 0.35 * ascent:
                base = own_base  # Tesseract's line took in a word of the next line: its own baseline
            yield Read(x0, base - ascent, x1, base + descent, text, conf, own,
                       number, (x0, top, x1, bottom), () if page else tuple(chars_of.get((x0, top, x1, bottom), ())),
                       hyphens.get((x0, top, x1, bottom), ()))


def _hyphen_widths(chars: list) -> tuple:
    """The widths of a word's hyphens set between two letters, in pixels."""
    return tuple(box[2] - box[0] for k, (c, box) in enumerate(chars[1:-1], 1)
                 if c == "-" and chars[k - 1][0].isalpha() and chars[k + 1][0].isalpha())


def _paragraph_sizes(segments, sizes: list[float | None]) -> list[float | None]:
    """One size per paragraph: segments set one under the other (same left edge, or mostly
    overlapping, a line's spacing apart) with sizes within 15 % share their median, which
    steadies a measure that a pixel moves by 5 %. A segment with no measure (no ascender, no
    capital: "mesures envisagées") takes its paragraph's."""
    boxes = [(words[0][2][0], words[-1][2][2], min(w[2][1] for w in words), max(w[2][3] for w in words))
             for words, *_ in segments]
    parent = list(range(len(segments)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    order = sorted(range(len(segments)), key=lambda k: boxes[k][2])
    for n, i in enumerate(order):
        for j in order[n + 1:]:
            (ax0, ax1, atop, abottom), (bx0, bx1, btop, _) = boxes[i], boxes[j]
            size = max(sizes[i] or segments[i][2], sizes[j] or segments[j][2])
            if btop - abottom > 0.9 * size:
                break
            overlap = min(ax1, bx1) - max(ax0, bx0)
            aligned = abs(ax0 - bx0) <= 0.8 * size or overlap >= 0.5 * min(ax1 - ax0, bx1 - bx0)
            # A line of one or two words measures its size badly: set tight under its paragraph, it is of it.
            short = min(len(segments[i][0]), len(segments[j][0])) <= 2 and btop - abottom < 0.5 * size
            alike = sizes[i] is None or sizes[j] is None or short or abs(sizes[i] - sizes[j]) <= 0.15 * size
            if btop > atop + 0.5 * size and aligned and alike:
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for k in range(len(segments)):
        groups.setdefault(root(k), []).append(k)
    out = list(sizes)
    for members in groups.values():
        known = [sizes[k] for k in members if sizes[k] is not None]
        if known:
            middle = statistics.median(known)
            for k in members:
                out[k] = middle
    return out


def _join_marks(words: list, size: float) -> list:
    """Marks that touch, with no letter, are one mark: an arrow read as "-" and ">"."""
    out: list = []
    for word in words:
        if (out and not any(c.isalnum() for c in out[-1][0] + word[0])
                and word[2][0] - out[-1][2][2] <= 0.25 * size):
            (text, conf, a, tall, _), (more, conf2, b, tall2, _) = out[-1], word
            out[-1] = (text + more, min(conf, conf2), (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])),
                       tall + tall2, None)
        else:
            out.append(word)
    return out
