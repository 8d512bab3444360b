"""The text Word shows, wherever WordprocessingML wraps it.

python-docx reads a paragraph's direct runs and hyperlinks. Word also shows the runs inside a
content control (`w:sdt`), a simple field's result (`w:fldSimple`), a tracked insertion
(`w:ins`) or move (`w:moveTo`), a smart tag or custom XML, and the chosen branch of a
markup-compatibility block; and table rows and cells may sit in content controls too. It never
shows deleted text (`w:del`, `w:delText`) nor the place text was moved from (`w:moveFrom`).
A complex field's instructions are `w:instrText`, which a run's text leaves out, and its
result is ordinary runs: read as they are.
"""

from __future__ import annotations

from collections.abc import Iterator

from docx.oxml.ns import qn

_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_CHOICE, _FALLBACK, _ALTERNATE = f"{{{_MC}}}Choice", f"{{{_MC}}}Fallback", f"{{{_MC}}}AlternateContent"

# Elements whose content Word shows as if it stood in their place.
_SHOWN = {qn(t) for t in ("w:ins", "w:moveTo", "w:fldSimple", "w:smartTag", "w:customXml", "w:dir", "w:bdo", "w:sdtContent")}
# Elements whose content Word does not show.
_HIDDEN = {qn(t) for t in ("w:del", "w:moveFrom", "w:sdtPr", "w:sdtEndPr", "w:customXmlPr", "w:smartTagPr", "w:rPr", "w:pPr")}
_R, _HYPERLINK, _SDT = qn("w:r"), qn("w:hyperlink"), qn("w:sdt")
_RID = qn("r:id")


def _href(link, part) -> str | None:
    rid, anchor = link.get(_RID), link.get(qn("w:anchor"))
    if rid and part is not None and rid in part.rels:
        rel = part.rels[rid]
        return rel.target_ref if rel.is_external else None
    return f"#{anchor}" if anchor else None


def shown_runs(parent, part=None, href: str | None = None) -> Iterator[tuple[object, str | None]]:
    """(w:r element, link target or None) for each run of a paragraph (or any run container)
    that Word shows, in order."""
    for child in parent.iterchildren():
        tag = child.tag
        if tag == _R:
            yield child, href
        elif tag == _HYPERLINK:
            yield from shown_runs(child, part, _href(child, part) or href)
        elif tag == _SDT:
            for content in child.iterchildren(qn("w:sdtContent")):
                yield from shown_runs(content, part, href)
        elif tag == _ALTERNATE:
            choice = next(child.iterchildren(_CHOICE), None)
            if choice is not None:
                yield from shown_runs(choice, part, href)
        elif tag in _SHOWN:
            yield from shown_runs(child, part, href)


def run_text(r_element) -> str:
    """A run's text as Word shows it (tabs and breaks included, field instructions not)."""
    return r_element.text or ""


def paragraph_text(p_element) -> str:
    return "".join(run_text(r) for r, _ in shown_runs(p_element))


def children(element, tag: str) -> Iterator[object]:
    """The children of `element` with this tag, looking through the content controls and custom
    XML wrapped around them (a table's rows in a repeating section, a cell in a control); a row
    deleted with tracked changes is left out."""
    wanted = qn(tag)
    for child in element.iterchildren():
        if child.tag == wanted:
            if wanted == qn("w:tr") and _deleted_row(child):
                continue
            yield child
        elif child.tag == _SDT:
            for content in child.iterchildren(qn("w:sdtContent")):
                yield from children(content, tag)
        elif child.tag == qn("w:customXml"):
            yield from children(child, tag)


def _deleted_row(tr) -> bool:
    trpr = tr.find(qn("w:trPr"))
    return trpr is not None and trpr.find(qn("w:del")) is not None


def paragraphs_in(element) -> Iterator[object]:
    """The paragraphs Word shows inside an element (a cell, a text box), in order, not those of
    deleted or moved-from content."""
    for p in element.iter(qn("w:p")):
        if not any(a.tag in (qn("w:del"), qn("w:moveFrom"), _FALLBACK) for a in p.iterancestors()):
            yield p


def text_boxes(p_el) -> list:
    """The w:txbxContent elements drawn from a paragraph, outside markup-compatibility fallbacks
    and deleted runs, and not nested in another text box."""
    out = []
    for content in p_el.iter(qn("w:txbxContent")):
        ancestors = list(content.iterancestors())
        owner = next((a for a in ancestors if a.tag in (qn("w:p"), qn("w:txbxContent"))), None)
        if owner is p_el and not any(a.tag in (_FALLBACK, qn("w:del"), qn("w:moveFrom")) for a in ancestors):
            out.append(content)
    return out
