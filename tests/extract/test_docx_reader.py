from pathlib import Path

import docx
import pytest

from extract.blocks import BlockKind
from extract.docx_reader import read_docx
from extract.errors import DocumentError


def test_styles_lists_and_merged_cells(tmp_path: Path):
    document = docx.Document()
    document.add_heading("AXE 1 LA MOBILITÉ DES PERSONNES", level=1)
    document.add_paragraph("Déploiement du programme.", style="List Bullet")
    document.add_paragraph("Sous-point.", style="List Bullet 2")
    document.add_paragraph("Responsable municipal :").runs[0].bold = True
    table = document.add_table(rows=2, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 2))
    merged.text = "LA MOBILITÉ DES PERSONNES"
    for c, text in enumerate(["1", "Contribuer au projet.", "DVC"]):
        table.cell(1, c).text = text
    path = tmp_path / "essai.docx"
    document.save(path)

    blocks = read_docx(path).blocks
    assert blocks[0].kind is BlockKind.HEADING and blocks[0].level == 1
    assert [(b.kind, b.depth) for b in blocks[1:3]] == [(BlockKind.LIST_ITEM, 0), (BlockKind.LIST_ITEM, 1)]
    assert blocks[1].text == "Déploiement du programme."  # a Word bullet has no "- " in its text
    assert blocks[3].bold
    rows = [b for b in blocks if b.kind is BlockKind.TABLE_ROW]
    assert rows[0].nonempty_cells == ["LA MOBILITÉ DES PERSONNES"]  # read once, not three times
    assert rows[1].cells == ("1", "Contribuer au projet.", "DVC")
    assert rows[1].provenance.table == 0 and rows[1].provenance.row == 1


def test_not_a_docx_is_a_french_error(tmp_path: Path):
    path = tmp_path / "faux.docx"
    path.write_bytes(b"ceci n'est pas un zip")
    with pytest.raises(DocumentError, match="faux.docx : fichier Word illisible"):
        read_docx(path)


def _with_native_footnotes(path: Path) -> None:
    """A Word document whose footnotes are real Word footnotes (a footnotes part, references in runs)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from lxml import etree

    document = docx.Document()
    document.add_paragraph("Bilan des activités.")
    paragraph = document.add_paragraph("Action également inscrite ailleurs")
    for note_id in ("2", "1"):  # called out of id order: the display numbers follow the calls
        run = paragraph.add_run()
        run._r.append(parse_xml(f'<w:footnoteReference {nsdecls("w")} w:id="{note_id}"/>'))
    document.add_paragraph("Fin.")
    footnotes = parse_xml(
        f'<w:footnotes {nsdecls("w")}>'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:t>—</w:t></w:r></w:p></w:footnote>'
        '<w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">Voir  l\'action 26 </w:t></w:r>'
        '<w:r><w:t>de l\'axe 5.</w:t></w:r></w:p></w:footnote>'
        '<w:footnote w:id="2"><w:p><w:r><w:t>Reportée en 2021.</w:t></w:r></w:p></w:footnote>'
        '</w:footnotes>')
    part = Part(PackURI("/word/footnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                etree.tostring(footnotes), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    document.save(path)


def test_native_word_footnotes_become_marked_calls_and_footnote_blocks(tmp_path: Path):
    path = tmp_path / "notes.docx"
    _with_native_footnotes(path)
    blocks = read_docx(path).blocks
    calling = next(b for b in blocks if b.text.startswith("Action également"))
    assert calling.text == "Action également inscrite ailleurs¹²"
    assert [s.text for s in calling.spans if s.superscript] == ["¹", "²"]
    notes = [b for b in blocks if b.role == "footnote"]
    assert [(b.text, b.provenance.paragraph) for b in notes] == [
        ("¹ Reportée en 2021.", calling.provenance.paragraph), ("² Voir l'action 26 de l'axe 5.", calling.provenance.paragraph)]
    assert [b.text for b in blocks if b.role is None] == ["Bilan des activités.", calling.text, "Fin."]


def test_text_boxes_are_read_once_as_a_side_stream(tmp_path):
    """A text box anchored in a paragraph (Word writes a DrawingML box and a VML copy as its
    fallback) gives its paragraphs once, after the anchor, as an aside stream."""
    import docx
    from lxml import etree

    from extract.docx_reader import read_docx

    document = docx.Document()
    anchor = document.add_paragraph("1. Un titre d'action.")
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    box = ('<w:txbxContent xmlns:w="{w}"><w:p><w:r><w:t>Responsable municipal :</w:t></w:r></w:p>'
           '<w:p><w:r><w:t>DVC</w:t></w:r></w:p></w:txbxContent>').format(w=w)
    alternate = etree.fromstring(
        f'<mc:AlternateContent xmlns:mc="{mc}" xmlns:w="{w}"><mc:Choice Requires="wps"><w:drawing>{box}</w:drawing>'
        f'</mc:Choice><mc:Fallback><w:pict>{box}</w:pict></mc:Fallback></mc:AlternateContent>')
    anchor.add_run()._r.append(alternate)
    document.add_paragraph("Après la boîte.")
    path = tmp_path / "boite.docx"
    document.save(path)
    blocks = read_docx(path).blocks
    assert [(b.text, b.role) for b in blocks] == [
        ("1. Un titre d'action.", None), ("Responsable municipal :", "aside"), ("DVC", "aside"), ("Après la boîte.", None)]
