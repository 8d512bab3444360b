"""The drafts as LibreOffice lays them out (PDF, measured with pdfplumber): each bilan fiche shows
its title and its partners side by side, no table cell is narrower than 1.5 cm, no text is drawn
outside the page, and every draft's PDF reads back through the PDF reader as its Word file reads."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from pipeline.drafts.preview import to_pdf
from pipeline.extraction import extract_document
from tests.helpers import require_tool

ROOT = Path(__file__).resolve().parents[2]
DRAFTS = ("plan-deploiement-2021", "bilan-2021", "bilan-2023-2024", "plan-deploiement-2025-2026")
CM = 72 / 2.54


@pytest.fixture(scope="module")
def pdfs(built, tmp_path_factory):
    require_tool("soffice", "libreoffice-writer-nogui")
    out, folder = built[0], tmp_path_factory.mktemp("rendu")
    return out, {name: to_pdf(out / f"{name}.docx", folder / f"{name}.pdf") for name in DRAFTS}


def _first_words(text: str, n: int = 4) -> str:
    return " ".join(text.split()[:n])


def test_each_fiche_shows_its_title_and_partners_side_by_side(pdfs):
    out, files = pdfs
    docx_record = extract_document(out / "bilan-2021.docx").record
    from tests.pipeline.test_drafts import CARRIED, keys

    assert CARRIED <= set(keys(docx_record))
    with pdfplumber.open(files["bilan-2021"]) as pdf:
        pages = [(page, page.extract_words()) for page in pdf.pages]
        for action in docx_record.actions:
            names = [p.name for p in action.partners] or [l.name for l in action.leads]
            title = f"{action.number}. {_first_words(action.title)}"
            found = [(page, m) for page, _ in pages for m in page.search(title, regex=False)]
            assert len(found) == 1, title
            page, head = found[0]
            titles_below = [m["top"] for a in docx_record.actions
                            for m in page.search(f"{a.number}. {_first_words(a.title)}", regex=False) if m["top"] > head["top"]]
            end = min(titles_below, default=page.height)
            name = names[0].split()[0]  # a name may wrap in the narrow column
            beside = [m for m in page.search(name, regex=False)
                      if m["x0"] > head["x0"] + 0.5 * (page.width - 2 * 2 * CM) and head["top"] - 2 <= m["top"] < end]
            assert beside, f"{title} : « {name} » n'est pas à côté du titre, page {page.page_number}"
            # The side column starts level with the title, right of the widest title line.
            label = [m for m in page.search("RESPONSABLE MUNICIPAL", regex=False) if abs(m["top"] - head["top"]) < 8]
            assert label and label[0]["x0"] > head["x1"], title


@pytest.mark.parametrize("name", DRAFTS)
def test_no_cell_under_1_5_cm_and_no_text_outside_the_page(pdfs, name):
    _, files = pdfs
    with pdfplumber.open(files[name]) as pdf:
        cells = 0
        for page in pdf.pages:
            for char in page.chars:
                assert 0 <= char["x0"] and char["x1"] <= page.width, (name, page.page_number, char["text"])
                assert 0 <= char["top"] and char["bottom"] <= page.height, (name, page.page_number, char["text"])
            for table in page.find_tables():
                for cell in table.cells:
                    cells += 1
                    assert cell[2] - cell[0] >= 1.5 * CM - 0.5, (name, page.page_number, cell)
            for rect in page.rects:  # shaded side columns and bands of borderless tables
                if rect.get("fill") and rect["height"] > 10:
                    assert rect["width"] >= 1.5 * CM - 0.5, (name, page.page_number, rect)
        assert cells or not name.startswith("plan")  # the plans' tables were measured


@pytest.mark.parametrize("name", DRAFTS)
def test_each_draft_pdf_reads_back_as_its_word_file(pdfs, name):
    out, files = pdfs
    from_docx = extract_document(out / f"{name}.docx").record
    from_pdf = extract_document(files[name]).record
    assert from_pdf.kind == from_docx.kind and from_pdf.cycle == from_docx.cycle

    def facts(record):
        actions = [(a.axis, a.number, a.title, [l.id or l.name for l in a.leads], [p.id or p.name for p in a.partners])
                   for a in record.actions]
        ranked = [(p.rank, p.title, p.axis, p.objective, [n.id or n.name for n in p.partners])
                  for p in getattr(record, "priorities", [])]
        programs = [(g.rank, g.title, g.axis, g.objective) for g in getattr(record, "programs", [])]
        return actions, ranked, programs

    assert facts(from_pdf) == facts(from_docx)
    assert any(facts(from_docx))


def test_plan_pages_repeat_the_band_and_header_and_no_row_splits(pdfs):
    """LibreOffice honours the repeated header rows and the rows that never split: every page of
    a continued axis table opens with the axis band and the column header, and every action's
    row (its number, title and follow-up) stands on one page."""
    out, files = pdfs
    record = extract_document(out / "plan-deploiement-2021.docx").record
    with pdfplumber.open(files["plan-deploiement-2021"]) as pdf:
        for page in pdf.pages:
            tables = page.find_tables()
            if not tables:
                continue
            top = min(tables, key=lambda t: t.bbox[1])
            first_lines = page.crop(top.bbox).extract_text().splitlines()[:3]
            assert first_lines[0].startswith("AXE ") and any(l.startswith("N°") for l in first_lines[1:]), \
                (page.page_number, first_lines)
        cells = [" ".join((cell or "").split()) for page in pdf.pages for table in page.find_tables()
                 for row in table.extract() for cell in row]
        for action in record.actions:
            assert " ".join(action.title.split()) in cells, action.title  # whole, in one cell of one page


def test_each_biennial_priority_shows_its_partners_beside_it(pdfs):
    out, files = pdfs
    record = extract_document(out / "bilan-2023-2024.docx").record
    assert len(record.priorities) == 5
    with pdfplumber.open(files["bilan-2023-2024"]) as pdf:
        for priority in record.priorities:
            heading = [(page, m) for page in pdf.pages
                       for m in page.search(f"PRIORITÉ {priority.rank}", regex=False)]
            assert heading, priority.title
            page, head = heading[0]
            label = [m for m in page.search("PARTENAIRES", regex=False) if m["top"] > head["top"]]
            name = priority.partners[0].name.split()[0]
            beside = [m for m in page.search(name, regex=False) if label and m["x0"] >= label[0]["x0"] - 1]
            assert label and label[0]["x0"] > page.width / 2 and beside, priority.title
