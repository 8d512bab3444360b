"""DOCX reader (python-docx): Word documents -> the common block stream.

Headings come from paragraph styles (or outline levels), list items from
numbering properties (direct or inherited from the style; a Word bullet has no
"- " in its text, and a numbered item's label, "7.", is computed as Word draws it), emphasis from runs, tables row by row with merged cells
read once, footnotes placed right after the paragraph that calls them.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from extract.blocks import Block, BlockDocument, BlockKind, Span
from extract.docx_content import children, paragraph_text, paragraphs_in, run_text, shown_runs, text_boxes
from extract.docx_numbering import Numbering
from extract.docx_strict import transitional
from extract.docx_styles import Styles
from extract.records import Provenance, Source
from extract.errors import DocumentError
from extract.inline import normalize_space

_HEADING_STYLE = re.compile(r"^(?:heading|titre|title)\s*(\d)?$", re.IGNORECASE)
_LIST_STYLE = re.compile(r"^(?:list|liste)\b.*?(\d)?$", re.IGNORECASE)
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
# The entries of a table of contents, as Word and LibreOffice name their styles.
_TOC_STYLE = re.compile(r"^(?:toc|contents|table des matières|tdm)\s*\d+$", re.IGNORECASE)
_TOC_FIELD = re.compile(r"^\s*TOC\b")


def _num_pr(paragraph: Paragraph, styles: Styles):
    """The paragraph's numbering properties, direct or from its style chain."""
    ppr = paragraph._p.pPr
    if ppr is not None and ppr.numPr is not None:
        return ppr.numPr
    return styles.inherited(styles.of_paragraph(paragraph._p), "numPr", _style_num_pr)


def _style_num_pr(style):
    spp = style.element.pPr
    return spp.numPr if spp is not None else None


def _style_heading(style) -> int | None:
    m = _HEADING_STYLE.match(style.name or "")
    return int(m.group(1) or 1) if m else None


def _heading_level(paragraph: Paragraph, styles: Styles) -> int:
    level = styles.inherited(styles.of_paragraph(paragraph._p), "heading", _style_heading)
    if level:
        return level
    ppr = paragraph._p.pPr
    outline = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
    if outline is not None:
        return int(outline.get(qn("w:val"))) + 1
    return 0


def _list_depth(paragraph: Paragraph, styles: Styles) -> int | None:
    """List depth (0 = top), or None when the paragraph is not a list item."""
    num_pr = _num_pr(paragraph, styles)
    style = styles.of_paragraph(paragraph._p)
    name = (style.name if style is not None else "") or ""
    if num_pr is not None and num_pr.numId is not None and num_pr.numId.val != 0:
        if num_pr.ilvl is not None:
            return int(num_pr.ilvl.val)
        m = _LIST_STYLE.match(name)
        return int(m.group(1)) - 1 if m and m.group(1) else 0
    m = _LIST_STYLE.match(name)
    if m and num_pr is None and "paragraph" not in name.lower():
        return int(m.group(1)) - 1 if m.group(1) else 0
    return None


def _style_flag(run: Run, paragraph: Paragraph, attr: str, styles: Styles) -> bool:
    value = getattr(run.font, attr)
    if value is not None:
        return bool(value)
    def getter(style):
        return getattr(style.font, attr, None)

    for style in (styles.of_run(run._r), styles.of_paragraph(paragraph._p)):
        value = styles.inherited(style, attr, getter)
        if value is not None:
            return bool(value)
    return False


class _Footnotes:
    """Footnote texts by id, and the display numbers given in order of first call."""

    def __init__(self, document: DocxDocument):
        self.texts: dict[str, str] = {}
        self.numbers: dict[str, int] = {}
        for rel in document.part.rels.values():
            if rel.reltype.endswith("/footnotes"):
                root = docx.oxml.parse_xml(rel.target_part.blob)
                for note in root.iter(qn("w:footnote")):
                    if note.get(qn("w:type")) in ("separator", "continuationSeparator", "continuationNotice"):
                        continue
                    text = "".join(t.text or "" for t in note.iter(qn("w:t")))
                    self.texts[note.get(qn("w:id"))] = normalize_space(text)

    def marker(self, note_id: str) -> str:
        number = self.numbers.setdefault(note_id, len(self.numbers) + 1)
        return str(number).translate(_SUPERSCRIPT)


def _paragraph_spans(paragraph: Paragraph, footnotes: _Footnotes, calls: list[str], styles: Styles) -> list[Span]:
    """The runs Word shows (see docx_content), as spans with their emphasis and link."""
    spans: list[Span] = []
    for r, href in shown_runs(paragraph._p, paragraph.part):
        run = Run(r, paragraph)
        for ref in r.iter(qn("w:footnoteReference")):
            note_id = ref.get(qn("w:id"))
            calls.append(note_id)
            spans.append(Span(footnotes.marker(note_id), superscript=True))
        text = run_text(r)
        if text:
            spans.append(Span(
                text,
                bold=_style_flag(run, paragraph, "bold", styles),
                italic=_style_flag(run, paragraph, "italic", styles),
                underline=bool(run.font.underline),
                superscript=bool(run.font.superscript),
                href=href or None,
            ))
    return spans


def _cell_text(tc) -> str:
    """A table cell's paragraphs, one per line (a cell may list several partners)."""
    lines = [normalize_space(paragraph_text(p)) for p in paragraphs_in(tc)]
    return "\n".join(line for line in lines if line)


def _table_rows(table_el, table_index: int, table_id: int) -> list[Block]:
    rows = []
    # Rows and cells of this table (a nested table's are read with its cell's text).
    for r, tr in enumerate(children(table_el, "w:tr")):
        cells = []
        for tc in children(tr, "w:tc"):
            tcpr = tc.tcPr
            vmerge = tcpr.find(qn("w:vMerge")) if tcpr is not None else None
            continued = vmerge is not None and vmerge.get(qn("w:val"), "continue") == "continue"
            cells.append("" if continued else _cell_text(tc))  # a merged cell is read once
        if not any(cells):
            continue
        rows.append(Block(
            BlockKind.TABLE_ROW,
            " | ".join(normalize_space(c.replace("\n", " ")) for c in cells if c),
            Provenance(table=table_index, row=r),
            cells=tuple(cells),
            table_id=table_id,
        ))
    return rows


def _cell_paragraphs(tc, document: DocxDocument) -> list[Paragraph]:
    return [Paragraph(p, document) for p in paragraphs_in(tc)]


def is_layout_table(table_el, document: DocxDocument, styles: Styles) -> bool:
    """A table whose cells hold lists, headings or several paragraphs of running text lays a page
    out (a fiche beside its side column); a table of short values holds data."""
    for tc in table_el.iter(qn("w:tc")):
        paragraphs = _cell_paragraphs(tc, document)
        if any(_list_depth(p, styles) is not None or _heading_level(p, styles) for p in paragraphs):
            return True
        texts = [t for t in (paragraph_text(p._p) for p in paragraphs) if t.strip()]
        if len(texts) >= 3 and max(map(len, texts)) > 120:
            return True
    return False


def _cell_width(tc) -> int | None:
    tcpr = tc.tcPr
    width = tcpr.find(qn("w:tcW")) if tcpr is not None else None
    value = width.get(qn("w:w")) if width is not None else None
    return int(value) if value and value.isdigit() and int(value) > 0 else None


class _Reader:
    """Body elements to blocks: paragraphs, data tables row by row, layout tables cell by cell."""

    def __init__(self, document: DocxDocument):
        self.document = document
        self.footnotes = _Footnotes(document)
        self.blocks: list[Block] = []
        self.list_id = self.table_id = self.table_index = 0
        self.in_list = False
        self.numbering = Numbering(document)
        self.styles = Styles(document)
        self.in_toc, self.toc_depth = False, 0  # inside a table of contents field, and its fields' nesting

    def body(self) -> list[Block]:
        for index, element in enumerate(self.document.element.body.iterchildren()):
            self.element(element, Provenance(paragraph=index))
        return self.blocks

    def element(self, element, position: Provenance, role: str | None = None) -> None:
        if element.tag == qn("w:customXml"):  # custom XML markup around paragraphs or tables
            for child in element.iterchildren():
                self.element(child, position, role)
            return
        if element.tag == qn("w:sdt"):
            # A content control: its content is the document's, unless it is a table of contents.
            gallery = element.find(f"{qn('w:sdtPr')}/{qn('w:docPartObj')}/{qn('w:docPartGallery')}")
            if gallery is None or "contents" not in (gallery.get(qn("w:val")) or "").lower():
                inside = position.model_copy(update={"inside": position.inside or "content_control"})
                for child in element.iterchildren(qn("w:sdtContent")):
                    for grandchild in child.iterchildren():
                        self.element(grandchild, inside, role)
            return
        if element.tag == qn("w:tbl"):
            if is_layout_table(element, self.document, self.styles):
                self.layout_table(element, self.table_index)
            else:
                self.table_id += 1
                self.blocks.extend(_table_rows(element, self.table_index, self.table_id))
            self.table_index += 1
            self.in_list = False
        elif element.tag == qn("w:p"):
            self.paragraph(Paragraph(element, self.document), position, role)

    def layout_table(self, table_el, table_index: int) -> None:
        """Each row's cells in reading order: the main cells, then the side column (the narrowest
        cell, or the shortest), as an "aside" stream attached to what it stands beside."""
        for r, tr in enumerate(children(table_el, "w:tr")):
            cells = list(children(tr, "w:tc"))
            filled = [tc for tc in cells if any(paragraph_text(p).strip() for p in paragraphs_in(tc))]
            side = None
            if len(filled) >= 2:
                widths = [_cell_width(tc) for tc in filled]
                if all(widths) and min(widths) < 0.8 * max(widths):
                    side = filled[widths.index(min(widths))]
                else:
                    lengths = [sum(len(paragraph_text(p)) for p in paragraphs_in(tc)) for tc in filled]
                    side = filled[lengths.index(min(lengths))]
            for tc in [tc for tc in filled if tc is not side] + ([side] if side is not None else []):
                self.in_list = False
                for child in tc.iterchildren():
                    self.element(child, Provenance(table=table_index, row=r), "aside" if tc is side else None)
            self.in_list = False

    def paragraph(self, paragraph: Paragraph, position: Provenance, role: str | None) -> None:
        if self._table_of_contents(paragraph):
            return
        self.text_paragraph(paragraph, position, role)
        # Text boxes and frames anchored in this paragraph (a side column drawn as a shape): their
        # paragraphs as an aside stream, read once (Word writes a VML copy as a fallback).
        for content in text_boxes(paragraph._p):
            self.in_list = False
            for child in content.iterchildren():
                self.element(child, position.model_copy(update={"inside": "text_box"}), "aside")
            self.in_list = False

    def _table_of_contents(self, paragraph: Paragraph) -> bool:
        """Whether the paragraph is part of a table of contents (its entries repeat the headings
        with page numbers): from a TOC field's start to its end, or an entry style."""
        p = paragraph._p
        opened = any(_TOC_FIELD.match(t.text or "") for t in p.iter(qn("w:instrText"))) or \
            any(_TOC_FIELD.match(f.get(qn("w:instr")) or "") for f in p.iter(qn("w:fldSimple")))
        inside = self.in_toc or opened
        if opened:
            self.in_toc = True
        if self.in_toc:
            # Fields nest (each entry's PAGEREF): the TOC ends where the depth falls back to zero.
            for mark in p.iter(qn("w:fldChar")):
                kind = mark.get(qn("w:fldCharType"))
                self.toc_depth += (kind == "begin") - (kind == "end")
            if self.toc_depth <= 0:
                self.in_toc, self.toc_depth = False, 0
        style = self.styles.of_paragraph(p)
        return inside or bool(_TOC_STYLE.match((style.name if style is not None else "") or ""))

    def text_paragraph(self, paragraph: Paragraph, position: Provenance, role: str | None) -> None:
        calls: list[str] = []
        spans = _paragraph_spans(paragraph, self.footnotes, calls, self.styles)
        lines = tuple(line for line in (normalize_space(t) for t in "".join(s.text for s in spans).split("\n")) if line)
        text = " ".join(lines)
        depth = _list_depth(paragraph, self.styles)
        num_pr = _num_pr(paragraph, self.styles) if depth is not None else None
        # The label Word draws before a numbered paragraph ("7."), counted even when empty.
        label = self.numbering.label(str(num_pr.numId.val), depth) if num_pr is not None and num_pr.numId is not None \
            else None
        if not text:
            self.in_list = False  # an empty paragraph ends a list, as a blank line does
            return
        level = _heading_level(paragraph, self.styles)
        if depth is not None and level:
            # A numbered heading ("7. Titre", "AXE 2" drawn by Word) is a heading, its label in its text.
            depth, text = None, f"{label} {text}" if label else text
            if label:
                lines, spans = (text,), [Span(f"{label} "), *spans]
        elif depth is not None:
            level = 0
        bold = all(s.bold for s in spans if s.text.strip())
        if depth is not None:
            if not self.in_list:
                self.list_id += 1
            self.in_list = True
            self.blocks.append(Block(BlockKind.LIST_ITEM, text, position, spans=tuple(spans), depth=depth, bullet=label or "•",
                                     list_id=self.list_id, lines=lines, bold=bold, role=role))
        else:
            self.in_list = False
            kind = BlockKind.HEADING if level else BlockKind.PARAGRAPH
            self.blocks.append(Block(kind, text, position, spans=tuple(spans), level=level, lines=lines, bold=bold,
                                     role=role))
        for note_id in calls:
            note = self.footnotes.texts.get(note_id)
            if note:
                self.blocks.append(Block(BlockKind.PARAGRAPH, f"{self.footnotes.marker(note_id)} {note}", position,
                                         lines=(note,), role="footnote"))


def docx_to_blocks(document: DocxDocument) -> list[Block]:
    return _Reader(document).body()


MAX_UNCOMPRESSED = 256 * 1024 * 1024  # a Word document this large once inflated is a zip bomb


def check_package(path: Path, data: bytes) -> None:
    """Refuse, before inflating anything, what is not a plain .docx: not a zip, a legacy .doc,
    a macro or template package renamed .docx, or a zip bomb."""
    import io
    import zipfile
    import zlib

    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        # A compound file: a Word 97-2003 document, or a Word 2007+ one encrypted with a password
        # (the package, encrypted, is a stream beside "EncryptionInfo").
        if "EncryptionInfo".encode("utf-16-le") in data and "EncryptedPackage".encode("utf-16-le") in data:
            raise DocumentError(path, "document Word protégé par mot de passe ; enregistrez une copie sans mot de passe "
                                      "(dans Word : Fichier › Informations › Protéger le document) et relancez.")
        raise DocumentError(path, "ancien format Word 97-2003 (.doc) sous une extension .docx : ouvrez-le dans Word ou "
                                  "LibreOffice et enregistrez-le au format .docx.")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise DocumentError(path, "fichier Word illisible (pas un .docx valide ou fichier tronqué) ; "
                                  "ouvrez-le dans Word et enregistrez-le de nouveau au format .docx.")
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        declared = sum(info.file_size for info in package.infolist())
        types = package.read("[Content_Types].xml") if "[Content_Types].xml" in package.namelist() else b""
    except (zipfile.BadZipFile, OSError, KeyError, zlib.error, EOFError) as exc:
        raise DocumentError(path, "fichier Word tronqué ou endommagé ; demandez une nouvelle copie.") from exc
    if declared > MAX_UNCOMPRESSED:
        raise DocumentError(path, f"trop volumineux une fois décompressé ({declared // (1024 * 1024)} Mio annoncés) : "
                                  "fichier refusé par prudence ; vérifiez sa provenance.")
    if b"macroEnabled" in types:
        raise DocumentError(path, "document Word avec macros (.docm) : enregistrez-le au format .docx (sans macros).")
    if b"template.main" in types:
        raise DocumentError(path, "modèle Word (.dotx) : créez un document à partir du modèle et enregistrez-le en .docx.")


def read_docx(path: Path) -> BlockDocument:
    """Read a .docx file into a block document."""
    data = path.read_bytes()
    check_package(path, data)
    try:
        document = docx.Document(transitional(data))
    except Exception as exc:  # python-docx raises several unrelated types for a bad package
        raise DocumentError(path, "fichier Word illisible (pas un .docx valide ou fichier tronqué) ; "
                                  "ouvrez-le dans Word et enregistrez-le de nouveau au format .docx.") from exc
    try:
        blocks = docx_to_blocks(document)
    except Exception as exc:  # a damaged part (bad zlib data, invalid XML) is found only when read
        raise DocumentError(path, "fichier Word endommagé (une partie du document est illisible) ; "
                                  "ouvrez-le dans Word et enregistrez-le de nouveau au format .docx.") from exc
    if not blocks:
        raise DocumentError(path, "le document Word ne contient aucun texte.")
    return BlockDocument(source=Source.of(path, data, "docx"), blocks=blocks)
