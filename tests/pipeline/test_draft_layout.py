"""The drafts have the published documents' shape, read from their WordprocessingML: plan columns
fitted to their content, header rows that repeat, rows that never split, each bilan fiche a
borderless two-column table with the leads and partners in the narrow column, page numbers and
a table of contents field. No table cell is narrower than 1.5 cm in any draft."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree


ROOT = Path(__file__).resolve().parents[2]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
CM = 567  # twips per centimetre
DRAFTS = ("plan-deploiement-2021", "bilan-2021", "bilan-2023-2024", "plan-deploiement-2025-2026")


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


@pytest.fixture(scope="module")
def out(built):
    return built[0]


def part(path: Path, name: str):
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(name))


def body(path: Path):
    return part(path, "word/document.xml").find(q("body"))


def text(element) -> str:
    return "".join(element.itertext()).strip()


def cell_texts(tc) -> list[str]:
    return [text(p) for p in tc.iter(q("p")) if text(p)]


def grid(tbl) -> list[int]:
    return [int(c.get(q("w"))) for c in tbl.find(q("tblGrid")).findall(q("gridCol"))]


def rows(tbl):
    return tbl.findall(q("tr"))


def has(tr, prop: str) -> bool:
    tr_pr = tr.find(q("trPr"))
    return tr_pr is not None and tr_pr.find(q(prop)) is not None


def test_plan_columns_fit_their_content(out):
    tables = [t for t in body(out / "plan-deploiement-2021.docx").iter(q("tbl"))]
    assert len(tables) == 5  # one per axis with carried actions (corpus: axes 1 to 5)
    for tbl in tables:
        widths = grid(tbl)
        header = [text(tc) for tc in rows(tbl)[1].findall(q("tc"))]
        assert header == ["N°", "ACTIONS DU PLAN D'ACTION", "RESPONSABLE", "SUIVI"]
        total = sum(widths)
        assert widths[0] / total <= 0.12 and widths[1] / total >= 0.45
        assert widths[2] < widths[3] < widths[1]  # unit code narrow, follow-up medium
        fixed = tbl.find(q("tblPr")).find(q("tblLayout"))
        assert fixed is not None and fixed.get(q("type")) == "fixed"  # no autofit back to equal columns


def test_plan_axis_is_one_band_row_and_headers_repeat_and_rows_never_split(out):
    document = body(out / "plan-deploiement-2021.docx")
    for tbl in document.iter(q("tbl")):
        band, header, *data = rows(tbl)
        span = band.find(f"{q('tc')}/{q('tcPr')}/{q('gridSpan')}")
        assert len(band.findall(q("tc"))) == 1 and int(span.get(q("val"))) == 4
        assert text(band).startswith("AXE ")
        assert has(band, "tblHeader") and has(header, "tblHeader")
        assert data and not any(has(tr, "tblHeader") for tr in data)
        assert all(has(tr, "cantSplit") for tr in [band, header, *data])
    # The axis is said once: in its band, not again as a heading above the table.
    headings = [text(p) for p in document.findall(q("p")) if text(p).startswith("AXE ")]
    assert headings == []


def test_biennial_plan_tables_repeat_their_header_and_never_split_rows(out):
    tables = list(body(out / "plan-deploiement-2025-2026.docx").iter(q("tbl")))
    assert len(tables) == 5  # realities, priorities, programmes, other plans, strategies
    headed = [t for t in tables if has(rows(t)[0], "tblHeader")]
    assert len(headed) == 3
    for tbl in tables:
        assert all(has(tr, "cantSplit") for tr in rows(tbl))
        widths = grid(tbl)
        assert max(widths) / sum(widths) >= 0.38  # the objective or description column is the wide one


def _fiches(path: Path):
    """(wide cell texts, narrow cell texts, narrow share of the width, borders) of every two-column table."""
    for tbl in body(path).iter(q("tbl")):
        cells = rows(tbl)[0].findall(q("tc"))
        if len(rows(tbl)) != 1 or len(cells) != 2:
            continue
        widths = grid(tbl)
        narrow = widths.index(min(widths))
        edges = tbl.find(f"{q('tblPr')}/{q('tblBorders')}")
        yield (cell_texts(cells[1 - narrow]), cell_texts(cells[narrow]), widths[narrow] / sum(widths),
               {e.get(q("val")) for e in edges} if edges is not None else {"default"})


def test_each_bilan_fiche_is_a_borderless_two_column_layout_with_leads_and_partners_aside(out):
    from tests.pipeline.test_drafts import CARRIED

    fiches = list(_fiches(out / "bilan-2021.docx"))
    titled = {wide[0].split(". ")[0]: (wide, narrow, share, borders) for wide, narrow, share, borders in fiches
              if wide and wide[0][:1].isdigit()}
    # Every carried action has its fiche (numbers checked by reading corpus/bilan-2020.txt).
    assert {k.split(".", 1)[1] for k in CARRIED} <= set(titled)
    for wide, narrow, share, borders in titled.values():
        assert borders == {"nil"} and share < 0.4
        assert narrow[0] == "Responsable municipal :" and len(narrow) >= 2
        assert "Responsable municipal :" not in wide and "Partenaires :" not in wide
    # Action 1.7 (corpus/bilan-2020.txt line 101): its leads and partner in the narrow column.
    wide, narrow, _, _ = titled["7"]
    assert wide[0].startswith("7. Créer un axe structurant")
    assert narrow == ["Responsable municipal :", "Bureau de la mobilité durable", "Direction des infrastructures",
                      "Partenaires :", "Société de transport de Lévis"]


def test_biennial_bilan_priorities_are_fiches_with_their_partners_aside(out):
    fiches = [f for f in _fiches(out / "bilan-2023-2024.docx") if f[1] and f[1][0] == "Partenaires responsables :"]
    assert len(fiches) == 5  # the five priorities of corpus/plan-deploiement-2023-2024.txt
    for wide, narrow, share, borders in fiches:
        assert wide[0].startswith("Axe ") and "Objectif :" in wide[0] and borders == {"nil"} and share < 0.4


@pytest.mark.parametrize("name", DRAFTS)
def test_page_numbers_in_the_footer_and_no_cell_under_1_5_cm(out, name):
    path = out / f"{name}.docx"
    with zipfile.ZipFile(path) as package:
        footers = [n for n in package.namelist() if n.startswith("word/footer")]
    instructions = [" ".join(i.text.split()) for f in footers for i in part(path, f).iter(q("instrText"))]
    assert "PAGE" in instructions
    for tbl in body(path).iter(q("tbl")):
        assert min(grid(tbl)) >= 1.5 * CM, name


@pytest.mark.parametrize("name", ["bilan-2021", "bilan-2023-2024"])
def test_bilan_has_a_table_of_contents_field_updated_on_opening(out, name):
    path = out / f"{name}.docx"
    instructions = [" ".join(i.text.split()) for i in body(path).iter(q("instrText"))]
    assert any(i.startswith("TOC \\o") for i in instructions)
    update = part(path, "word/settings.xml").find(q("updateFields"))
    assert update is not None and update.get(q("val")) == "true"
