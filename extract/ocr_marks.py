"""What the ink says where Tesseract guesses: the marks that open a line (bullets, a note's
arrow, a footnote's small number), superscripts, a capital I, a character read twice, an
accent the page does not hold.

Each function works on one word's characters and their pixel boxes (hOCR's char boxes), or
on the page image around them; extract/ocr_hocr.py calls them word by word.
"""

from __future__ import annotations

import re
import statistics
from typing import TYPE_CHECKING

from extract.hyphenation import _french_words
from extract.ocr_specks import without_specks
from extract.ocr_text import bare

if TYPE_CHECKING:
    import numpy as np


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
SHORT = set("acemnorsuvwxz")  # letters no taller than the x-height


def hyphens_read_as_colons(image: np.ndarray, chars: list, text: str) -> tuple[list, str]:
    """A colon whose ink, across the word's short letters, is one bar in their middle is a
    hyphen ("main:" at a line's end is "main-"); a colon's two dots stand apart."""
    if ":" not in text or "".join(c for c, _ in chars) != text:
        return chars, text
    short = [box for c, box in chars if c in SHORT]
    if not short:
        return chars, text
    top, bottom = min(b[1] for b in short), max(b[3] for b in short)
    out = []
    for c, box in chars:
        if c == ":" and bottom - top >= 6:
            inked = (image[top:bottom + 1, box[0]:box[2] + 1] < 128).any(axis=1)
            rows = inked.nonzero()[0]
            bars = int((inked[1:] & ~inked[:-1]).sum()) + int(inked[0]) if rows.size else 0
            middle = rows.size and top + 0.25 * (bottom - top) <= top + rows.mean() <= top + 0.75 * (bottom - top)
            if bars == 1 and middle and rows.size <= 0.35 * (bottom - top + 1):
                c = "-"
        out.append((c, box))
    return out, "".join(c for c, _ in out)


def glyph_heights(image: np.ndarray, chars: list, box: tuple[int, int, int, int], size: float) -> list:
    """A word's letters with their own top and bottom. On a soft scan (a carbon copy, a blur)
    Tesseract pads a word's box, and gives most of its letters that box for theirs: then the
    "foot" of the letters is the foot of a "p", a stop on the baseline looks raised above it
    (and goes as a speck), and an "I" is no taller than the short letters (and becomes an "i").
    A word so padded is taller than its line's size (`size`, Tesseract's x_size) by 15 %: a
    sharp scan's words are at most as tall, the soft scan's a third taller. Each of its
    letters' top and bottom are then those of the run of inked rows in its columns that meets
    the word's body (the rows where the word's ink is densest): a descender of the line above,
    or an i's dot, is another run. Its columns, and every mark, stay as read."""
    import numpy as np

    x_left, top, x_right, bottom = box
    if size <= 0 or bottom - top <= 1.15 * size or x_right - x_left < 0.5 * size:
        return chars  # a sharp scan's word, or specks read as letters (narrower than two are)
    ink = image[top:bottom + 1, x_left:x_right + 1] < 128
    density = ink.sum(axis=1)
    body = density >= 0.5 * density.max() if density.any() else density.astype(bool)
    out = []
    for c, (x0, y0, x1, y1) in chars:
        if c.isalnum():
            inner = slice(x0 + 1 - x_left, x1 - x_left) if x1 - x0 > 2 else slice(x0 - x_left, x1 + 1 - x_left)
            inked = ink[:, inner].any(axis=1)
            edges = np.flatnonzero(np.diff(np.r_[0, inked.astype(np.int8), 0]))  # each run's start and end
            runs = [(start, end) for start, end in zip(edges[::2], edges[1::2]) if body[start:end].any()]
            if runs:
                start, end = max(runs, key=lambda run: run[1] - run[0])
                y0, y1 = top + int(start), top + int(end) - 1
        out.append((c, (x0, y0, x1, y1)))
    return out


MARKED_ABOVE = set("àâéèêëîïôùûüÿ")  # small letters with a mark above the x-height


def x_line(image: np.ndarray, line_box, chars: list) -> tuple[float, float] | None:
    """A line's x-height: the top of its small letters' ink and their height, or None. The
    letters' foot is the median foot of its small letters' boxes (`chars`, the line's
    characters; at least three); the top is where the ink of the line (`line_box`) thins out
    above its densest row, under 45 % of it (only ascenders, capitals and accents rise above
    the small letters). Tesseract's boxes are not enough: on a bold or blurred line, or on
    dark toner, they span a neighbour's ascender, a third taller than the letters."""
    import numpy as np

    feet = [box[3] for c, box in chars if c in SHORT]
    if len(feet) < 3:
        return None
    foot = int(statistics.median(feet))
    x0, top, x1, _ = line_box
    density = (image[max(0, top):foot, max(0, x0):x1] < 160).mean(axis=1) if foot > top and x1 > x0 else None
    if density is None or not density.any():
        return None
    peak = int(density.argmax())
    thin = np.flatnonzero(density[:peak + 1] < 0.45 * density[peak])
    x_top = max(0, top) + (int(thin[-1]) + 1 if thin.size else 0)
    return (x_top, foot - x_top) if foot - x_top >= 6 else None


def accents_seen(image: np.ndarray, chars: list, text: str, line: tuple[float, float] | None) -> str:
    """Accents the page does not hold. Tesseract's language model puts one on a coarse letter
    where a word with it exists ("la" read "là", "ou" read "où" on a standard-mode fax): the
    letter's columns are then blank paper (nothing darker than 240) from 0.2 to 0.7
    x-heights above the line's x-height (`line`, see x_line), where a real accent's ink,
    blurred or dithered, is darker than 235. Such a letter goes bare. Where the word's boxes
    slipped along the line (dark toner, a blurred photo: the accent then stands over a
    neighbour's columns), the word stays as read: the letter's box overlaps a neighbour's by
    more than 2 pixels, or a small letter's box rises over the x-height, as only a taller
    neighbour's ink makes it."""
    if line is None or not any(c in MARKED_ABOVE for c in text) or "".join(c for c, _ in chars) != text:
        return text
    x_top, x_height = line
    top, bottom = int(x_top - 0.7 * x_height), int(x_top - 0.2 * x_height)
    if any(c in SHORT and box[1] < bottom for c, box in chars):
        return text
    out = []
    for k, (c, (x0, _, x1, _)) in enumerate(chars):
        if c in MARKED_ABOVE and x1 - x0 > 2 and 0 <= top < bottom:
            near = chars[max(0, k - 1):k] + chars[k + 1:k + 2]
            slipped = any(min(x1, b[2]) - max(x0, b[0]) > 2 for _, b in near)
            if not slipped and int(image[top:bottom, x0 + 1:x1].min()) > 240:
                c = bare(c)
        out.append(c)
    return "".join(out)


_SAME_SHAPE = set("cosuvwxzCOSUVWXZ")  # letters whose capital is the small letter, larger


_SUB_ACTION = re.compile(r"\d{1,2}(?:\.\d{1,2})*\.?[A-Za-z]\)?\.?")


def case_by_height(chars: list, text: str) -> str:
    """A sub-action's number ("7.C", "4b"): its letter, when its capital and small forms share
    their shape, takes the case its height shows beside the digits (a digit is as tall as a
    capital); Tesseract guesses it from the context."""
    if "".join(c for c, _ in chars) != text or not _SUB_ACTION.fullmatch(text):
        return text
    digits = [b[3] - b[1] for c, b in chars if c.isdigit()]
    tall = statistics.median(digits)
    out = []
    for c, (x0, top, x1, bottom) in chars:
        if c in _SAME_SHAPE and tall >= 6:
            c = c.upper() if bottom - top >= 0.85 * tall else c.lower()
        out.append(c)
    return "".join(out)


def phantoms(chars: list, text: str) -> tuple[list, str]:
    """Characters Tesseract read twice from one glyph, their boxes overlapping by a third of the
    narrower: a mark over a small raised digit ("immigrantes.?²"), a letter beside its accented
    twin ("PPUÜ"). The mark, or the accented twin, goes."""
    if not chars or "".join(c for c, _ in chars) != text:
        return chars, text
    out = list(chars)
    k = 0
    while k + 1 < len(out):
        (a, box_a), (b, box_b) = out[k], out[k + 1]
        overlap = min(box_a[2], box_b[2]) - max(box_a[0], box_b[0])
        if overlap >= min(box_a[2] - box_a[0], box_b[2] - box_b[0]) / 3:
            if not a.isalnum() and a not in ".,;:'’" and b.isdigit():
                del out[k]
                continue
            if (a.isalpha() and b.isalpha() and a != b and bare(a) == bare(b)
                    and text.strip("()[],.;:").lower() not in _french_words()):
                del out[k + 1 if b != bare(b) else k]
                continue
        k += 1
    return out, "".join(c for c, _ in out)


def superscripts(chars: list, text: str, line_box, size: float, baseline) -> str:
    """Digits set small and raised at either end of a word (a footnote call, "immigrantes.¹",
    or a footnote's number) as superscripts, from the boxes of its characters."""
    if not chars or "".join(c for c, _ in chars) != text:
        return text
    slope, offset = (float(baseline.group(1)), float(baseline.group(2))) if baseline else (0.0, 0.0)

    def raised(box) -> bool:
        base = line_box[3] + offset + slope * ((box[0] + box[2]) / 2 - line_box[0])
        return box[3] < base - 0.25 * size and box[3] - box[1] <= 0.6 * size

    if len(chars) >= 3 and chars[-2][0] in ".,;:" and not chars[-1][0].isalnum() and raised(chars[-1][1]):
        return text[:-1]  # a footnote's call misread ("immigrantes.?"): the word keeps its stop
    marks = [c.isdigit() and raised(box) for c, box in chars]
    if all(marks) or not any(marks):
        return text  # a number alone: see footnote_number
    start = 0
    while marks[start]:
        start += 1
    end = len(marks)
    while marks[end - 1]:
        end -= 1
    return text[:start].translate(_SUPERSCRIPT) + text[start:end] + text[end:].translate(_SUPERSCRIPT)


# Measured on the first i's of 43 scans of the bilan (5,600 of them) against the text: a
# capital I's stem measured 0.8 to 1.3 x-heights (a blurred one's top fades under mid-grey,
# the x-height from padded boxes grows), a dotless i's under 0.85; a page whose dots stand
# apart has 97 % of its i's showing the gap, at least.
DOTLESS = 0.85  # a stem shorter than this many x-heights is an i's (its dot lost or apart)
DOTS_APART = 0.95  # share of a page's i's whose dot stands apart, for a solid stem to say I

_INITIAL_I = re.compile(r"^(?:[ldjnmstc]['’]|qu['’])?[iI](?=[^\W\d_])", re.IGNORECASE)


def _stem_rows(image: np.ndarray, box, top: int) -> np.ndarray | None:
    """The rows of a letter's column, from the word's top to the letter's foot, that hold ink
    (from the first inked row on); None when there is none."""
    x0, _, x1, bottom = box
    inked = image[top:bottom + 1, max(0, x0 - 1):x1 + 1].min(axis=1) < 128
    rows = inked.nonzero()[0]
    return inked[rows[0]:rows[-1] + 1] if rows.size else None


def _own_box(box, short: list[int]) -> bool:
    """Whether an i's box is its own: at most half as wide as the word's short letters are
    tall (`short`, their heights); a box that spans a neighbour holds the neighbour's ink."""
    return bool(short) and box[2] - box[0] <= 0.5 * statistics.median(short)


def dots_apart(image: np.ndarray, words: list[tuple[list, int]]) -> bool:
    """Whether this page's i-dots stand apart from their stems: dark toner or a blur joins them,
    and then a capital I and an i look alike. Judged on the i's inside words (never capitals),
    `words` being each word's characters and top: nearly all of them (DOTS_APART), each
    measured in its own box (a box spanning a neighbour is left out). On the
    bench's sound scans 97 to 100 % of the dotted i's show their gap; where a carbon copy, a
    standard-mode fax or a dither joins some (6 to 60 %), the others' solid stems say nothing."""
    seen = apart = 0
    for chars, top in words:
        short = [b[3] - b[1] for c, b in chars if c in SHORT]
        for char, box in chars[1:-1]:
            # A box spanning a neighbour (Tesseract's "i" box over "ti") holds its bar.
            if char == "i" and _own_box(box, short):
                rows = _stem_rows(image, box, top)
                if rows is not None and rows.size > 2:
                    seen += 1
                    apart += not rows.all()
    return seen < 5 or apart >= DOTS_APART * seen


def initial_i(image: np.ndarray, chars: list, text: str, top: int, apart: bool = True) -> str:
    """A word's first letter read "i" or "I" (after an elision: "l'Immigration"), set in the
    case its shape shows: Tesseract's language model guesses it from the context, and the ink
    says it. Above the letter's foot, up to the word's top: a capital I is one stroke taller
    than the word's short letters; an i, a stem of their height under a dot that stands apart.
    On a page whose dots do not stand apart (`apart`, see dots_apart), a solid stem says
    nothing and Tesseract's reading stays."""
    match = _INITIAL_I.match(text)
    if match is None or "".join(c for c, _ in chars) != text:
        return text
    where = match.end() - 1
    short = [b[3] - b[1] for c, b in chars[where + 1:] if c in SHORT]
    if not _own_box(chars[where][1], short):
        return text  # a box spanning its neighbours says nothing of the letter
    x_height = statistics.median(short)
    run = _stem_rows(image, chars[where][1], top)
    if run is None:
        return text
    if run.size < DOTLESS * x_height:
        letter = "i"  # a dotless stem (its dot lost)
    elif run.all() and not apart:
        return text
    else:
        letter = "I" if run.all() else "i"
    return text[:where] + letter + text[where + 1:]


def leading_mark(chars: list, size: float):
    """A line's first word that opens with marks that open no French word ("*.Le", "•Le": a
    bullet read into its word): (the marks, their box, the letters' box); else None. Quotes,
    guillemets and brackets open words; a mark's box ends where the first letter's begins
    (Tesseract's box of a stop read in the gap can span it)."""
    marks = 0
    while marks < len(chars) and not chars[marks][0].isalnum():
        marks += 1
    if not 0 < marks < len(chars) or not chars[marks][0][:1].isalpha():
        return None
    if any(c in "«»\"“”'‘’([{¿¡…" for c, _ in chars[:marks]) or chars[0][0] in ".,;:":
        return None
    left = [box for c, box in chars[:marks] if c not in ".,"]  # a stop read in the gap is no part of it
    right = [box for _, box in chars[marks:]]
    first = right[0][0]
    mark = (left[0][0], min(b[1] for b in left), max(left[0][0] + 1, min(first, max(b[2] for b in left))),
            max(b[3] for b in left))
    return "".join(c for c, _ in chars[:marks] if c not in ".,"), mark, (first, min(b[1] for b in right), max(b[2] for b in right),
                                                        max(b[3] for b in right))


def ink_shape(image: np.ndarray, box: tuple[int, int, int, int]) -> tuple[int, int, float] | None:
    """The height and width of the ink in a pixel box (give or take 2 px), and the share of that
    extent the ink covers (a disc ~0.8, an asterisk's arms ~0.4); None when there is no ink."""
    x0, top, x1, bottom = box
    ink = image[max(0, top - 2):bottom + 2, max(0, x0 - 2):x1 + 2] < 160
    rows, columns = ink.nonzero()
    if rows.size == 0:
        return None
    height, width = int(rows.max() - rows.min() + 1), int(columns.max() - columns.min() + 1)
    return height, width, rows.size / (height * width)


def round_mark(image: np.ndarray, box: tuple[int, int, int, int]) -> str | None:
    """The bullet a pixel box holds when its ink is round: "•" when solid, "◦" when a ring (its
    middle paper); None for anything else (a digit is taller than wide, an asterisk's arms
    cover less)."""
    shape = ink_shape(image, box)
    if shape is None or not 0.75 <= shape[0] / shape[1] <= 1.34:
        return None
    height, width, fill = shape
    if fill >= 0.6:
        return "•"
    x0, top, x1, bottom = box
    ink = image[max(0, top - 2):bottom + 2, max(0, x0 - 2):x1 + 2] < 192  # a ring's thin rim is grey
    rows, columns = ink.nonzero()
    ink = ink[rows.min():rows.max() + 1, columns.min():columns.max() + 1]
    height, width = ink.shape
    middle = ink[height // 3:height - height // 3, width // 3:width - width // 3]
    rim = rows.size - int(middle.sum())
    return "◦" if height >= 5 and not middle.any() and rim >= 0.25 * height * width else None


def small_digits(image: np.ndarray, box: tuple[int, int, int, int], language: str) -> str | None:
    """A small raised mark opening a line, read again on its own, four times larger, as digits
    only: a footnote's number is a few pixels high, and Tesseract, reading it with its line,
    takes it for a stop or a bullet. None when it is no digit."""
    import cv2
    import pytesseract
    from PIL import Image

    x0, top, x1, bottom = box
    crop = image[max(0, top - 3):bottom + 3, max(0, x0 - 3):x1 + 3]
    if crop.size == 0:
        return None
    large = cv2.resize(crop, None, fx=4, fy=4, interpolation=cv2.INTER_CUBIC)
    large = cv2.copyMakeBorder(large, 40, 40, 40, 40, cv2.BORDER_CONSTANT, value=255)
    text = pytesseract.image_to_string(Image.fromarray(large), lang=language,
                                       config="--psm 10 -c tessedit_char_whitelist=0123456789").strip()
    return text if text.isdigit() and len(text) <= 2 else None


def opening_mark(image: np.ndarray | None, text: str, conf: float, box: tuple[int, int, int, int], base: float,
                 size: float, language: str) -> str:
    """What the mark opening a line is, from its ink and place (`image` is None when the line
    holds nothing else): a round mark is a bullet whatever it was read as ("8", "e", "°"); a
    raised asterisk with parted arms stays a footnote's asterisk (a bullet sits lower); a
    small raised mark read with doubt is read again as a footnote's number; else its shape
    decides (see glyph). Dust beside the mark is painted out first (see without_specks)."""
    if image is not None and len(text) <= 2:
        image, box, (_, up) = without_specks(image, box, size)
        base -= up
    x0, top, x1, bottom = box
    if image is not None and len(text) <= 2 and bottom - top <= 0.6 * size:
        bullet = round_mark(image, box)
        if bullet is not None:
            return bullet
        if text == "*" and base - (top + bottom) / 2 >= 0.45 * size and (ink_shape(image, box) or (0, 0, 1.0))[2] <= 0.5:
            return text
        if bottom < base - 0.25 * size and not text.isdigit() and conf < 50:
            text = small_digits(image, box, language) or text
    return glyph(text, x1 - x0, bottom - top, size)


def footnote_number(text: str, words: list, size: float, baseline: float) -> str:
    """A footnote's number, opening its line small and raised, followed by its text, as a
    superscript ("¹ Action également inscrite…"). A number alone (a table's cell) stays."""
    x0, top, x1, bottom = words[0][2]
    if (len(words) > 1 and text.isdigit() and len(text) <= 2 and bottom < baseline - 0.25 * size
            and bottom - top <= 0.6 * size and any(c.isalpha() for c in words[1][0])):
        return text.translate(_SUPERSCRIPT)
    return text


def glyph(text: str, width: float, height: float, size: float) -> str:
    """What a line's first mark is, from its shape: Tesseract reads a bullet as "+", "*", "e"
    or "°", and a note's arrow as "=", ">" or "-". A dash stays a dash; a mark as wide as a
    letter and set low is an arrow; a small one, a bullet."""
    if any(c.isalnum() for c in text) and not (len(text) == 1 and text in "eoc©°"):
        return text
    if all(c in ".,:;'`´’«»\"“”" for c in text):
        return text  # a speck read as a stop is no bullet, a guillemet that opens a line is one
    if len(text) > 2 or (text in "-–—" and height <= 0.2 * size):
        return text
    if width >= 0.55 * size and height <= 0.7 * size:
        return "➔"
    if width <= 0.6 * size and height <= 0.6 * size:
        return "•"
    return text
