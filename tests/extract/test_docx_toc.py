"""A table of contents in a Word document repeats the headings (with page numbers): it is not
content. Word writes it as a TOC field spread over its entries' paragraphs (each entry's page a
nested PAGEREF field), often inside a content control; LibreOffice as entries styled "Contents N".
Other content controls hold real content and are read."""

from __future__ import annotations


import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from extract.blocks import BlockKind
from extract.docx_reader import read_docx

HEADINGS = ["MOT DU MAIRE", "AXE 1 LA MOBILITÉ DES PERSONNES", "AXE 2 L'HABITATION ET LE MILIEU DE VIE"]


def _el(tag: str, **attributes):
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _run(paragraph, child):
    run = _el("w:r")
    run.append(child)
    paragraph._p.append(run)


def _instruction(text: str):
    element = _el("w:instrText")
    element.text = text
    return element


def _body(document) -> None:
    for n, heading in enumerate(HEADINGS):
        document.add_heading(heading, level=1)
        document.add_paragraph(f"{n + 1}. Contribuer à l'action {n + 1}.").runs[0].bold = True
        document.add_paragraph(f"Réalisation {n + 1}.", style="List Bullet")


def _word_toc(document, entry_style: str) -> list:
    """The TOC as Word writes it once updated: begin/instr/separate in the first entry, each entry
    with a nested PAGEREF field, the end in a paragraph of its own."""
    paragraphs = []
    for n, heading in enumerate(HEADINGS):
        p = document.add_paragraph(style=entry_style)
        if n == 0:
            _run(p, _el("w:fldChar", fldCharType="begin"))
            _run(p, _instruction(' TOC \\o "1-1" \\h \\z \\u '))
            _run(p, _el("w:fldChar", fldCharType="separate"))
        p.add_run(f"{heading}\t")
        _run(p, _el("w:fldChar", fldCharType="begin"))
        _run(p, _instruction(f" PAGEREF _Toc{n} \\h "))
        _run(p, _el("w:fldChar", fldCharType="separate"))
        p.add_run(str(n + 3))
        _run(p, _el("w:fldChar", fldCharType="end"))
        paragraphs.append(p)
    end = document.add_paragraph()
    _run(end, _el("w:fldChar", fldCharType="end"))
    return paragraphs + [end]


def _texts(path) -> list[tuple[BlockKind, str]]:
    return [(b.kind, b.text) for b in read_docx(path).blocks]


@pytest.fixture
def plain(tmp_path):
    document = docx.Document()
    document.add_paragraph("TABLE DES MATIÈRES")
    _body(document)
    path = tmp_path / "sans-tdm.docx"
    document.save(path)
    return _texts(path)


def _with_toc(tmp_path, name: str, entry_style: str, in_control: bool) -> list:
    document = docx.Document()
    document.add_paragraph("TABLE DES MATIÈRES")
    if entry_style not in [s.name for s in document.styles]:
        document.styles.add_style(entry_style, 1)
    toc = _word_toc(document, entry_style)
    if in_control:
        sdt, pr, content = _el("w:sdt"), _el("w:sdtPr"), _el("w:sdtContent")
        part = _el("w:docPartObj")
        part.append(_el("w:docPartGallery", val="Table of Contents"))
        pr.append(part)
        sdt.extend([pr, content])
        toc[0]._p.addprevious(sdt)
        for p in toc:
            content.append(p._p)
    _body(document)
    path = tmp_path / name
    document.save(path)
    return _texts(path)


@pytest.mark.parametrize("entry_style", ["toc 1", "Contents 1", "Normal"])
@pytest.mark.parametrize("in_control", [False, True])
def test_a_table_of_contents_is_not_read_as_content(tmp_path, plain, entry_style, in_control):
    # "Normal": a TOC whose entries lost their style is still known by its field.
    assert _with_toc(tmp_path, "tdm.docx", entry_style, in_control) == plain


def test_entries_styled_as_a_toc_without_a_field_are_skipped(tmp_path, plain):
    document = docx.Document()
    document.add_paragraph("TABLE DES MATIÈRES")
    document.styles.add_style("Contents 1", 1)
    for n, heading in enumerate(HEADINGS):
        document.add_paragraph(f"{heading}\t{n + 3}", style="Contents 1")
    _body(document)
    path = tmp_path / "tdm-libreoffice.docx"
    document.save(path)
    assert _texts(path) == plain


def test_a_content_control_around_content_is_read(tmp_path, plain):
    document = docx.Document()
    document.add_paragraph("TABLE DES MATIÈRES")
    _body(document)
    sdt, content = _el("w:sdt"), _el("w:sdtContent")
    sdt.extend([_el("w:sdtPr"), content])
    body = document.element.body
    paragraphs = body.findall(qn("w:p"))
    paragraphs[2].addprevious(sdt)  # the first action's title and its achievement, inside a control
    content.extend([paragraphs[2], paragraphs[3]])
    path = tmp_path / "controle.docx"
    document.save(path)
    assert _texts(path) == plain
