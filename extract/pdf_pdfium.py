"""The second PDF engine: a page's characters read by pdfium (pypdfium2), as pdfminer's.

pdfminer is the reader (pdfplumber's engine, with the rules, boxes and fonts the layout code
uses). Some files it cannot page (a page without MediaBox, a broken page tree, a damaged
cross-reference table it does not repair) or finds no text in, where pdfium, shipped with
pdfplumber for rendering, reads them. Those pages' characters are read here into the
character dicts pdf_words expects, so they go through the same layout code; their blocks say
`engine: pdfium` in their provenance. Only text comes this way: no rules nor shadings.
"""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass, field
from pathlib import Path

ENGINE = "pdfium"


@dataclass
class PdfiumPage:
    number: int  # 1-based
    size: tuple[float, float]  # (width, height) in points
    chars: list[dict] = field(default_factory=list)


def _font_name(textpage, index: int, buffer) -> str:
    import pypdfium2.raw as raw

    length = raw.FPDFText_GetFontInfo(textpage, index, buffer, len(buffer), None)
    return bytes(buffer[:max(0, length - 1)]).decode("utf-8", "replace") if length else ""


def _page_chars(page, number: int, height: float) -> list[dict]:
    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    raw_page = textpage.raw
    box, matrix = raw.FS_RECTF(), raw.FS_MATRIX()
    buffer = (ctypes.c_char * 256)()
    chars = []
    fonts: dict[tuple[str, int], str] = {}
    try:
        for index in range(raw.FPDFText_CountChars(raw_page)):
            code = raw.FPDFText_GetUnicode(raw_page, index)
            if not code or code in (0xFFFE, 0xFFFF) or raw.FPDFText_IsGenerated(raw_page, index) == 1:
                continue  # pdfium's own spaces and line ends: the layout code finds those
            text = chr(code) if code < 0x110000 else "\ufffd"
            # The loose box (the font's ascent to descent, the glyph's advance), as pdfminer
            # boxes a character; the tight one hugs the ink, splitting words at wide gaps.
            if not raw.FPDFText_GetLooseCharBox(raw_page, index, box):
                continue
            # The font size as set, scaled by the text matrix's vertical scale (pdfminer's size).
            size = raw.FPDFText_GetFontSize(raw_page, index)
            if raw.FPDFText_GetMatrix(raw_page, index, matrix):
                size *= math.hypot(matrix.c, matrix.d) or 1.0
            weight = raw.FPDFText_GetFontWeight(raw_page, index)
            name = _font_name(raw_page, index, buffer)
            # A heavy weight the font's name does not say: say it, as pdf_words reads names.
            fontname = fonts.setdefault((name, weight), name + ("-Bold" if weight >= 600 and "bold" not in name.lower() else ""))
            angle = raw.FPDFText_GetCharAngle(raw_page, index)
            upright = angle < 0 or min(angle, 2 * math.pi - angle) < 0.05
            chars.append({"text": text, "fontname": fontname, "size": float(size), "upright": upright,
                          "x0": box.left, "x1": box.right, "top": height - box.top, "bottom": height - box.bottom,
                          "page_number": number, "object_type": "char"})
    finally:
        textpage.close()
    return chars


def pdfium_pages(path: Path, password: str | None, numbers: list[int] | None = None) -> list[PdfiumPage]:
    """The characters of the given pages (1-based; all pages when None), read by pdfium.
    Raises pypdfium2's PdfiumError when pdfium cannot open the file either."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path), password=password or None)
    try:
        wanted = numbers if numbers is not None else list(range(1, len(document) + 1))
        out = []
        for number in wanted:
            page = document[number - 1]
            try:
                width, height = page.get_size()
                out.append(PdfiumPage(number, (width, height), _page_chars(page, number, height)))
            finally:
                page.close()
        return out
    finally:
        document.close()


def page_count(path: Path, password: str | None) -> int | None:
    """How many pages pdfium finds (None when it cannot open the file)."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(str(path), password=password or None)
    except Exception:
        return None
    try:
        return len(document)
    finally:
        document.close()
