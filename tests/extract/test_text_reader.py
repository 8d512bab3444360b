from pathlib import Path

import pytest

from extract.blocks import BlockKind
from extract.errors import DocumentError
from extract.text_reader import read_text, text_to_blocks


def test_paragraph_lines_join_and_keep_compound_hyphens():
    blocks = text_to_blocks("*Centre intégré\nde santé et de services\nsociaux de Chaudière-\nAppalaches*\n")
    assert len(blocks) == 1
    assert blocks[0].text == "Centre intégré de santé et de services sociaux de Chaudière-Appalaches"
    assert blocks[0].lines[0] == "Centre intégré"


def test_list_items_depth_and_list_ids():
    blocks = text_to_blocks("- un\n - sous-point\n- deux\n\n- autre liste\n")
    assert [b.kind for b in blocks] == [BlockKind.LIST_ITEM] * 4
    assert [b.depth for b in blocks] == [0, 1, 0, 0]
    assert blocks[0].list_id == blocks[2].list_id != blocks[3].list_id


def test_tab_rows_become_table_cells_even_with_leading_empty_cells():
    blocks = text_to_blocks("\t\tACTIONS DU PLAN D'ACTION\t\n\t1\tContribuer au projet.\tDVC\n")
    assert all(b.kind is BlockKind.TABLE_ROW for b in blocks)
    assert blocks[1].nonempty_cells == ["1", "Contribuer au projet.", "DVC"]
    assert blocks[0].table_id == blocks[1].table_id


def test_pipe_tables_drop_separator_and_empty_rows():
    blocks = text_to_blocks("| a | b |\n|---|---|\n| | |\n| c | d |\n")
    assert [b.nonempty_cells for b in blocks] == [["a", "b"], ["c", "d"]]


def test_positions_are_line_numbers():
    blocks = text_to_blocks("\n\nTitre\n\n- point\n")
    assert blocks[0].provenance.line == 3 and blocks[1].provenance.line == 5


def test_cp1252_file_reads_like_its_utf8_twin(tmp_path: Path):
    text = "Responsable municipal :\n\n- Service du développement social et communautaire – Lévis\n"
    (tmp_path / "u.txt").write_text(text, encoding="utf-8")
    (tmp_path / "w.txt").write_bytes(text.encode("cp1252"))
    utf8, legacy = read_text(tmp_path / "u.txt"), read_text(tmp_path / "w.txt")
    assert [b.text for b in utf8.blocks] == [b.text for b in legacy.blocks]


@pytest.mark.parametrize("content", [b"", b"   \n\n", b"\x00\x01\x02binary\x00"])
def test_empty_or_binary_text_is_a_french_error(tmp_path: Path, content: bytes):
    path = tmp_path / "mauvais.txt"
    path.write_bytes(content)
    with pytest.raises(DocumentError) as err:
        read_text(path)
    assert "mauvais.txt" in str(err.value)
