"""WordprocessingML building blocks for the templates (tools/make_templates.py).

python-docx covers paragraphs, runs and simple tables; what a published report
needs beyond that is written here once: named styles the writer restyles in one
place, fixed table grids, header rows that repeat, rows that do not split,
borderless layout tables, shaded bands, page-number footers and a table of
contents field.
"""

from __future__ import annotations

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

BLUE = "1D4F91"  # the published documents' blue: bands, header rows, headings
PALE = "E6EDF6"  # side columns and band rows
WHITE = "FFFFFF"
MARGIN_CM = 2.0
PAGE_WIDTH_CM = 21.59  # Letter, as the City's documents are printed
TEXT_WIDTH_CM = round(PAGE_WIDTH_CM - 2 * MARGIN_CM, 2)


def _el(tag: str, **attributes) -> OxmlElement:
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), str(value))
    return element


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour)


def document() -> docx.Document:
    """A Letter document with 2 cm margins and the project's named styles."""
    doc = docx.Document()
    for section in doc.sections:
        section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(27.94)
        section.left_margin = section.right_margin = Cm(MARGIN_CM)
        section.top_margin, section.bottom_margin = Cm(MARGIN_CM), Cm(2.2)
        section.footer_distance = Cm(1.0)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "Calibri", Pt(10.5)
    normal.paragraph_format.space_after = Pt(4)
    _styles(doc)
    return doc


def _paragraph_style(doc, name: str, base: str = "Normal", size: float | None = None, bold: bool | None = None,
                     italic: bool | None = None, colour: str | None = None, caps: bool = False,
                     before: float | None = None, after: float | None = None, keep_next: bool = False,
                     indent_cm: float | None = None, align=None):
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if style.name != base:
        style.base_style = styles[base]
    font = style.font
    if size:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    if colour:
        font.color.rgb = _rgb(colour)
    font.name = "Calibri"
    font.all_caps = caps or None
    paragraph = style.paragraph_format
    if before is not None:
        paragraph.space_before = Pt(before)
    if after is not None:
        paragraph.space_after = Pt(after)
    if keep_next:
        paragraph.keep_with_next = True
    if indent_cm is not None:
        paragraph.left_indent = Cm(indent_cm)
    if align is not None:
        paragraph.alignment = align
    style.quick_style = True
    return style


def _shade_style(style, fill: str) -> None:
    ppr = style.element.get_or_add_pPr()
    ppr.append(_el("w:shd", val="clear", color="auto", fill=fill))


def _styles(doc) -> None:
    """Every look of the drafts is a named style: restyling one restyles the document."""
    _paragraph_style(doc, "Title", size=30, bold=True, colour=BLUE, after=6, align=WD_ALIGN_PARAGRAPH.LEFT)
    _paragraph_style(doc, "Subtitle", size=13, italic=False, colour="404040", after=18)
    # Heading 1 is the band: white capitals on the blue, the width of the text column.
    band = _paragraph_style(doc, "Heading 1", size=14, bold=True, colour=WHITE, before=6, after=10, keep_next=True)
    _shade_style(band, BLUE)
    band.paragraph_format.left_indent = Cm(0.15)
    _paragraph_style(doc, "Heading 2", size=12.5, bold=True, colour=BLUE, before=12, after=6, keep_next=True)
    _paragraph_style(doc, "Heading 3", size=11, bold=True, colour=BLUE, before=6, after=3, keep_next=True)
    _paragraph_style(doc, "Slogan", size=13, italic=True, colour=BLUE, after=36)
    _paragraph_style(doc, "Ligne de couverture", size=11, colour="404040", after=2)
    _paragraph_style(doc, "Titre des crédits", base="Heading 2", size=10.5, before=10, after=2)
    _paragraph_style(doc, "Crédits", size=10, after=0)
    _paragraph_style(doc, "À revoir", size=9, bold=True, colour="9C5700", after=4)
    _shade_style(doc.styles["À revoir"], "FFF2CC")
    _paragraph_style(doc, "Espace à rédiger", italic=True, colour="7F7F7F")
    _paragraph_style(doc, "Titre d'action", bold=True, colour="1A1A1A", after=4, keep_next=True)
    _paragraph_style(doc, "Note", italic=True, colour=BLUE, before=2, indent_cm=0.3)
    _paragraph_style(doc, "Étiquette latérale", size=9, bold=True, colour=BLUE, caps=True, before=2, after=1, keep_next=True)
    _paragraph_style(doc, "Élément latéral", base="List Bullet", size=9, after=1)
    _paragraph_style(doc, "Texte de tableau", size=9.5, after=0)
    _paragraph_style(doc, "En-tête de tableau", size=9, bold=True, colour=WHITE, after=0)
    _paragraph_style(doc, "Rangée bandeau", size=10.5, bold=True, colour=BLUE, after=0)
    _paragraph_style(doc, "Espacement", size=4, after=4)
    _paragraph_style(doc, "Glossaire", size=9.5, after=1)
    footer = _paragraph_style(doc, "Footer", size=8.5, colour="595959", after=0)
    footer.paragraph_format.tab_stops.clear_all()
    footer.paragraph_format.tab_stops.add_tab_stop(Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT)
    # An axis opens a new page, as in the published bilan.
    _paragraph_style(doc, "Bandeau d'axe", base="Heading 1").paragraph_format.page_break_before = True
    _paragraph_style(doc, "TOC Heading", base="Heading 2", before=0)


def paragraph(container, text: str = "", style: str | None = None, align=None):
    """A paragraph at the end of a document or cell; a cell's first, still blank paragraph is used
    first (a cell is never left with an empty line on top)."""
    p = _blank_first(container) or container.add_paragraph()
    if style:
        p.style = p.part.document.styles[style]
    if text:
        p.add_run(text)
    if align is not None:
        p.alignment = align
    return p


def _blank_first(container):
    if not hasattr(container, "_tc") or len(container.paragraphs) != 1:
        return None
    first = container.paragraphs[0]
    return first if not first.runs and first._p.pPr is None else None


def shade(cell, fill: str) -> None:
    cell._tc.get_or_add_tcPr().append(_el("w:shd", val="clear", color="auto", fill=fill))


def grid(table, widths_cm: list[float], borders: str | None = "BFBFBF") -> None:
    """A fixed grid: the table's width, its columns' and every cell's (Word reads the cells',
    LibreOffice the grid's), fixed layout so nothing autofits away; borders thin and grey, or none."""
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    for tag in ("w:tblW", "w:tblLayout", "w:tblBorders", "w:tblCellMar", "w:tblStyle"):
        for old in tbl_pr.findall(qn(tag)):
            tbl_pr.remove(old)
    tbl_pr.append(_el("w:tblW", w=int(sum(widths_cm) * 567), type="dxa"))
    edges = _el("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edges.append(_el(f"w:{edge}", val="single", sz=4, space=0, color=borders) if borders
                     else _el(f"w:{edge}", val="nil"))
    tbl_pr.append(edges)
    tbl_pr.append(_el("w:tblLayout", type="fixed"))
    margins = _el("w:tblCellMar")
    for side, value in (("top", 40), ("left", 85), ("bottom", 40), ("right", 85)):
        margins.append(_el(f"w:{side}", w=value, type="dxa"))
    tbl_pr.append(margins)
    for column, width in zip(table.columns, widths_cm):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)


def _row_property(row, element) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(element)


def repeat_header(row) -> None:
    """The row is repeated at the top of every page the table runs onto."""
    _row_property(row, _el("w:tblHeader"))


def keep_row_whole(row) -> None:
    """The row never splits across two pages."""
    _row_property(row, _el("w:cantSplit"))


def band_row(table, text: str, fill: str = PALE, style: str = "Rangée bandeau"):
    """A row of one cell across the whole table (the axis, in the published plan)."""
    row = table.add_row()
    merged = row.cells[0].merge(row.cells[-1])
    for extra in merged.paragraphs[1:]:  # merging keeps each cell's empty paragraph
        merged._tc.remove(extra._p)
    paragraph(merged, text, style)
    shade(merged, fill)
    keep_row_whole(row)
    return row


def header_row(table, texts: list[str]):
    row = table.add_row()
    for cell, text in zip(row.cells, texts):
        paragraph(cell, text, "En-tête de tableau")
        shade(cell, BLUE)
    keep_row_whole(row)
    return row


def loop_rows(table, loop: str, cells: list[str], style: str = "Texte de tableau") -> None:
    """docxtpl row loop: a row holding only {%tr for %}, the content row (never split), a row
    holding {%tr endfor %}."""
    table.add_row().cells[0].text = "{%tr for " + loop + " %}"
    row = table.add_row()
    for cell, text in zip(row.cells, cells):
        paragraph(cell, text, style)
    keep_row_whole(row)
    table.add_row().cells[0].text = "{%tr endfor %}"


def vertical_top(cell) -> None:
    cell._tc.get_or_add_tcPr().append(_el("w:vAlign", val="top"))


def _field(paragraph, instruction: str, shown: str) -> None:
    """A complex field (begin, instruction, separate, cached result, end) in one paragraph."""
    runs = [("begin", None), (None, instruction), ("separate", None), (None, None), ("end", None)]
    for kind, instr in runs:
        run = paragraph.add_run()
        if kind:
            run._r.append(_el("w:fldChar", fldCharType=kind, **({"dirty": "true"} if kind == "begin" else {})))
        elif instr:
            text = OxmlElement("w:instrText")
            text.set(qn("xml:space"), "preserve")
            text.text = f" {instruction} "
            run._r.append(text)
        else:
            run.text = shown


def table_of_contents(doc, levels: str = "1-1") -> None:
    """A TOC field over the headings' levels, marked dirty and the document set to update its
    fields on opening: Word fills it when the writer opens the draft; LibreOffice with
    Outils › Mettre à jour › Tout mettre à jour."""
    p = paragraph(doc, "", "Normal")
    _field(p, f'TOC \\o "{levels}" \\h \\z \\u',
           "Table des matières à mettre à jour : dans Word, acceptez la mise à jour des champs à l'ouverture ; "
           "dans LibreOffice, Outils › Mettre à jour › Tout mettre à jour.")
    settings = doc.settings.element
    settings.append(_el("w:updateFields", val="true"))


def page_footer(doc, label: str) -> None:
    """The footer of every page: the document's name on the left, "Page N" on the right."""
    for section in doc.sections:
        footer = section.footer
        p = footer.paragraphs[0]
        p.style = doc.styles["Footer"]
        p.add_run(f"{label}\tPage ")
        _field(p, "PAGE", "1")


def page_break(doc) -> None:
    doc.add_page_break()
