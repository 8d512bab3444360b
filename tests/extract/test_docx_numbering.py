"""Word's automatic numbering: the label Word draws before a numbered paragraph is not in its
text; the reader computes it from the numbering definitions (levels, formats, restarts)."""

from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from extract.blocks import BlockKind
from extract.docx_reader import read_docx
from pipeline.extraction import extract_document


def _abstract(document, levels: list[tuple[str, str, int]]) -> str:
    """A new abstract numbering with (format, text, start) per level; returns its id."""
    root = document.part.numbering_part.element
    ids = [int(a.get(qn("w:abstractNumId"))) for a in root.findall(qn("w:abstractNum"))]
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(max(ids, default=0) + 1))
    for ilvl, (fmt, text, start) in enumerate(levels):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(ilvl))
        for tag, value in (("w:start", str(start)), ("w:numFmt", fmt), ("w:lvlText", text)):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            lvl.append(child)
        abstract.append(lvl)
    first_num = root.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        root.append(abstract)
    return abstract.get(qn("w:abstractNumId"))


def _num(document, abstract_id: str, start: int | None = None) -> str:
    root = document.part.numbering_part.element
    num = root.add_num(int(abstract_id))
    if start is not None:
        override = OxmlElement("w:lvlOverride")
        override.set(qn("w:ilvl"), "0")
        value = OxmlElement("w:startOverride")
        value.set(qn("w:val"), str(start))
        override.append(value)
        num.append(override)
    return str(num.numId)


def _numbered(document, text: str, num_id: str, ilvl: int = 0):
    paragraph = document.add_paragraph(text)
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = ilvl
    num_pr.get_or_add_numId().val = int(num_id)
    return paragraph


def test_levels_formats_and_restarts(tmp_path: Path):
    document = docx.Document()
    outline = _abstract(document, [("decimal", "%1.", 1), ("lowerLetter", "%1.%2)", 1), ("upperRoman", "(%3)", 1)])
    first = _num(document, outline)
    _numbered(document, "Un", first)
    _numbered(document, "Un a", first, 1)
    _numbered(document, "Un b", first, 1)
    _numbered(document, "Un b I", first, 2)
    _numbered(document, "Deux", first)
    _numbered(document, "Deux a", first, 1)  # a deeper level restarts under a new parent
    again = _num(document, outline, start=7)  # another list instance, starting at 7
    _numbered(document, "Sept", again)
    document.add_paragraph("Puce", style="List Bullet")
    document.save(tmp_path / "liste.docx")
    items = [(b.text, b.bullet) for b in read_docx(tmp_path / "liste.docx").blocks if b.kind.value == "list_item"]
    assert items == [("Un", "1."), ("Un a", "1.a)"), ("Un b", "1.b)"), ("Un b I", "(I)"), ("Deux", "2."),
                     ("Deux a", "2.a)"), ("Sept", "7."), ("Puce", "•")]


def test_a_master_plan_numbered_by_word_reads_its_action_numbers(tmp_path: Path):
    document = docx.Document()
    document.add_heading("PLAN D'ACTION 2020-2030", level=1)
    titles = {1: ["Étendre le transport adapté.", "Créer un service de soirée.", "Relier les quartiers."],
              2: ["Recenser les logements.", "Soutenir les coopératives."]}
    decimal = _abstract(document, [("decimal", "%1.", 1)])
    for axis, actions in titles.items():
        document.add_heading(f"AXE {axis} TITRE DE L'AXE {axis}", level=2)
        num = _num(document, decimal)  # each axis numbers its actions from 1
        for title in actions:
            _numbered(document, title, num)
            document.add_paragraph("Échéancier : 2021, 2022")
    document.save(tmp_path / "plan.docx")
    record = extract_document(tmp_path / "plan.docx").record
    assert record.kind == "plan_action" and record.unplaced == []
    assert [(a.key, a.title) for a in record.actions] == [
        (f"{axis}.{n}", title) for axis, actions in titles.items() for n, title in enumerate(actions, start=1)]
    assert all(a.period.years == [2021, 2022] for a in record.actions)


def test_a_numbered_heading_stays_a_heading_with_its_label(tmp_path: Path):
    document = docx.Document()
    axes = _abstract(document, [("decimal", "AXE %1", 1)])
    num = _num(document, axes)
    for title in ("LA MOBILITÉ DES PERSONNES", "L'HABITATION ET LE MILIEU DE VIE"):
        heading = document.add_heading(title, level=1)
        num_pr = heading._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = 0
        num_pr.get_or_add_numId().val = int(num)
        document.add_paragraph("Un paragraphe.")
    document.save(tmp_path / "titres.docx")
    headings = [(b.kind, b.level, b.text) for b in read_docx(tmp_path / "titres.docx").blocks if b.level]
    assert headings == [(BlockKind.HEADING, 1, "AXE 1 LA MOBILITÉ DES PERSONNES"),
                        (BlockKind.HEADING, 1, "AXE 2 L'HABITATION ET LE MILIEU DE VIE")]
