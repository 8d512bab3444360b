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
