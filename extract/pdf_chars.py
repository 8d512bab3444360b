"""pdfplumber's character objects, built directly.

pdfplumber turns every pdfminer object into a dict through a generic path: each attribute
is filtered and resolved recursively, and the colour space is decoded, for every one of a
page's thousands of characters. That is about a third of its parse time (measured by
`make bench`). `lean_pages` makes the same dict for a character with plain attribute reads,
and leaves every other object (rules, boxes, curves, images) to pdfplumber. The result is
checked key by key against pdfplumber's own on every fixture PDF
(tests/extract/test_pdf_chars.py); pdfplumber is pinned, and that test is what guards an
upgrade.
"""

from __future__ import annotations

import types
from functools import lru_cache
from unicodedata import normalize as normalize_unicode

from pdfminer.layout import LTChar
from pdfplumber.utils.pdfinternals import resolve_and_decode


@lru_cache(maxsize=64)
def _colour_space(name) -> str:
    return resolve_and_decode(name)


def _colour(value) -> tuple:
    return value if isinstance(value, tuple) else (value,)


def _process_object(page, obj):
    if type(obj) is not LTChar:
        return page._stock_process_object(obj)
    text = obj.get_text()
    norm = page.pdf.unicode_norm
    fontname = obj.fontname
    if isinstance(fontname, bytes) or not hasattr(obj, "ncs"):  # rare: pdfplumber's own path handles them
        return page._stock_process_object(obj)
    mb_x0, mb_top = page.mediabox[:2]
    top = (page.height - obj.y1) + mb_top
    gs = obj.graphicstate
    return {
        "matrix": obj.matrix, "fontname": fontname, "adv": obj.adv, "upright": obj.upright,
        "x0": obj.x0 + mb_x0, "y0": obj.y0, "x1": obj.x1 + mb_x0, "y1": obj.y1,
        "width": obj.width, "height": obj.height, "size": obj.size, "mcid": obj.mcid, "tag": obj.tag,
        "object_type": "char", "page_number": page.page_number, "ncs": _colour_space(obj.ncs.name),
        "text": normalize_unicode(norm, text) if norm is not None else text,
        "stroking_color": _colour(gs.scolor), "non_stroking_color": _colour(gs.ncolor),
        "top": top, "bottom": (page.height - obj.y0) + mb_top, "doctop": page.initial_doctop + top,
    }


def lean(page):
    """The page, its characters to be built by `_process_object` (the rest as before)."""
    page._stock_process_object = page.process_object
    page.process_object = types.MethodType(_process_object, page)
    return page
