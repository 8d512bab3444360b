"""A Word document's styles, each looked up once.

python-docx finds a run's or a paragraph's style, and a style's base, with an XPath query over
every style of the document, for every call: a file with thousands of styles (some generators
write one per run) and thousands of runs costs their product. Here the styles are indexed by
type and id once; a lookup is a dictionary read, and a base-style chain stops at a style met
twice (a cycle python-docx would follow forever).
"""

from __future__ import annotations

from docx.oxml.ns import qn
from docx.styles.style import StyleFactory


class Styles:
    def __init__(self, document):
        self._by_id: dict[tuple[str, str], object] = {}
        self._default: dict[str, object] = {}
        self._wrapped: dict[int, object] = {}
        self._inherited: dict[tuple[str, int], object] = {}
        root = document.styles.element
        for element in root.iterchildren(qn("w:style")):
            kind, style_id = element.get(qn("w:type")) or "paragraph", element.get(qn("w:styleId"))
            if style_id is not None:
                self._by_id.setdefault((kind, style_id), element)
            if element.get(qn("w:default")) in ("1", "true", "on") and kind not in self._default:
                self._default[kind] = element

    def _style(self, element):
        if element is None:
            return None
        key = id(element)
        if key not in self._wrapped:
            self._wrapped[key] = StyleFactory(element)
        return self._wrapped[key]

    def get(self, style_id: str | None, kind: str):
        """The style of this id and type, else the type's default one (as Word falls back)."""
        element = self._by_id.get((kind, style_id)) if style_id is not None else None
        return self._style(element if element is not None else self._default.get(kind))

    def of_paragraph(self, p_element):
        ppr = p_element.pPr
        style_id = ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else None
        return self.get(style_id, "paragraph")

    def of_run(self, r_element):
        """The run's character style, None when it has none (its paragraph's style applies)."""
        rpr = r_element.rPr
        style_id = rpr.rStyle.val if rpr is not None and rpr.rStyle is not None else None
        return self.get(style_id, "character") if style_id is not None else None

    def chain(self, style):
        """The style, then its base, its base's base…, each once."""
        seen: set[int] = set()
        while style is not None and id(style.element) not in seen:
            seen.add(id(style.element))
            yield style
            based = style.element.find(qn("w:basedOn"))
            kind = style.element.get(qn("w:type")) or "paragraph"
            element = self._by_id.get((kind, based.get(qn("w:val")))) if based is not None else None
            style = self._style(element)

    def inherited(self, style, key: str, getter):
        """The first value `getter` finds along the style's chain (None when none has one),
        remembered for each style of the chain under `key`: a deep chain of styles, each based
        on the one before, is walked once, not once per run."""
        walked = []
        value = None
        for link in self.chain(style):
            memo = (key, id(link.element))
            if memo in self._inherited:
                value = self._inherited[memo]
                break
            walked.append(memo)
            value = getter(link)
            if value is not None:
                break
        for memo in walked:
            self._inherited[memo] = value
        return value
