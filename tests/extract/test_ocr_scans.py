"""Scanned documents read by Tesseract through the PDF layout engine: the deployment plan,
printed and scanned at 200 dpi, turned by 1°, with light noise and JPEG artefacts, reads like
its text rendition; a PDF mixing text and scanned pages reads each page its own way; the record
says what was read by OCR and what to proofread. `make ocr-bench` measures the bilan and more
resolutions, angles and noises.
"""

import json
import sys
from pathlib import Path

import pypdfium2
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))

from tests.helpers import pdf_pages  # noqa: E402
from layout_families.score import Agreement  # noqa: E402
from scans import scan  # noqa: E402
from extract.errors import DocumentError  # noqa: E402
from extract.ocr import OcrSettings  # noqa: E402
from extract.pdf_reader import read_pdf  # noqa: E402
from pipeline.extraction import extract_document, record_json_text  # noqa: E402

PLAN = ROOT / "tests" / "fixtures" / "plan-deploiement-2020.pdf"
PLAN_TEXT = ROOT / "corpus" / "plan-deploiement-2020.txt"


@pytest.fixture(scope="module")
def scans(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scans")
    return {"plan": scan(PLAN, folder / "plan-scan.pdf", dpi=200, angle=1.0, noise="léger", seed=0),
            "plan-turned": scan(PLAN, folder / "plan-turned.pdf", dpi=200, angle=-2.5, noise="léger", seed=1,
                                pages=[0])}


@pytest.fixture(scope="module")
def scanned_plan(tesseract, scans):
    return extract_document(scans["plan"], kind="plan_deploiement")


def test_a_scanned_plan_reads_like_its_text_rendition(scanned_plan):
    agreement = Agreement()
    agreement.add(extract_document(PLAN_TEXT).record, scanned_plan.record)
    assert agreement.ratio() >= 0.97
    assert agreement.ratio("clés") >= 0.97


def test_every_fact_of_a_scanned_record_says_it_was_read_by_ocr(scanned_plan):
    record = scanned_plan.record
    assert record.actions
    for action in record.actions:
        assert action.provenance.ocr is True and 50 <= action.provenance.confidence <= 100
    data = json.loads(record_json_text(record))
    assert data["actions"][0]["provenance"]["ocr"] is True


def test_fields_with_uncertain_words_are_listed_to_proofread(scanned_plan):
    data = json.loads(record_json_text(scanned_plan.record))
    doubts = data["à vérifier"]
    assert doubts, "a scanned plan with noise has words Tesseract is unsure of"
    for doubt in doubts:
        assert doubt["words"] and all(word in doubt["text"].split() for word in doubt["words"])
        assert doubt["provenance"]["ocr"] is True and doubt["provenance"]["page"] in (1, 2, 3)
        assert doubt["field"].startswith(("action ", "axe", "sommaire", "priorité", "programme"))
    codes = [w.code for w in scanned_plan.warnings]
    assert "a-verifier" in codes and "reading-note" in codes


def test_a_page_turned_by_two_and_a_half_degrees_reads_straight(tesseract, scans):
    doc = read_pdf(scans["plan-turned"])
    rows = [b.cells for b in doc.blocks if b.is_table_row]
    # The first page of the plan, as printed: axis 1 then axis 2, one row per action.
    assert [cells[1] for cells in rows if cells[1].isdigit()] == ["1", "7", "8", "1", "4", "8", "9", "11", "12", "13", "15", "18"]
    assert ("", "8", "Renforcer l'interconnexion du transport en commun entre Lévis et Québec.") in [c[:3] for c in rows]
    assert ("LA MOBILITÉ DES PERSONNES", "Axe 1") in [c[:2] for c in rows]


def test_a_pdf_mixing_text_and_scanned_pages_reads_each_page_its_way(tesseract, scans, tmp_path):
    mixed = pypdfium2.PdfDocument.new()
    text, scanned = pypdfium2.PdfDocument(str(PLAN)), pypdfium2.PdfDocument(str(scans["plan"]))
    mixed.import_pages(text, [0])
    mixed.import_pages(scanned, [1])
    mixed.import_pages(text, [2])
    path = tmp_path / "mixte.pdf"
    mixed.save(str(path))
    for document in (mixed, text, scanned):
        document.close()
    result = extract_document(path, kind="plan_deploiement")
    pages = {action.provenance.page: action.provenance.ocr for action in result.record.actions}
    assert pages == {1: None, 2: True, 3: None}
    agreement = Agreement()
    agreement.add(extract_document(PLAN_TEXT).record, result.record)
    assert agreement.ratio() >= 0.97
    assert any("page 2 lue par OCR" in w.message for w in result.warnings)
    # Without OCR the text pages are read, and the scanned one is said to be left out.
    off = read_pdf(path, ocr=OcrSettings(mode="off"))
    assert {b.provenance.page for b in off.blocks} == {1, 3}
    assert any("page 2 sans texte" in note and "OCR désactivé" in note for note in off.warnings)


def test_ocr_can_be_forced_on_a_page_with_a_text_layer(tesseract, tmp_path):
    path = pdf_pages(PLAN, [1], tmp_path / "une-page.pdf")
    assert not any(b.provenance.ocr for b in read_pdf(path).blocks)
    forced = read_pdf(path, ocr=OcrSettings(mode="force"))
    assert forced.blocks and all(b.provenance.ocr for b in forced.blocks)


def test_without_ocr_a_scanned_pdf_is_a_french_error_saying_what_to_do(scans):
    with pytest.raises(DocumentError) as error:
        read_pdf(scans["plan"], ocr=OcrSettings(mode="off"))
    message = str(error.value)
    assert message.startswith("plan-scan.pdf : ") and "--no-ocr" in message and "\n" not in message


def test_without_tesseract_a_scanned_page_names_the_package_to_install(scans, monkeypatch):
    import pytesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nulle/part/tesseract")
    with pytest.raises(DocumentError) as error:
        read_pdf(scans["plan"])
    message = str(error.value)
    assert message.startswith("plan-scan.pdf : page numérisée sans texte")
    assert "apt-get install tesseract-ocr tesseract-ocr-fra" in message and "\n" not in message
    # A born-digital PDF does not need Tesseract.
    assert read_pdf(PLAN).blocks


def test_a_reading_that_fails_is_no_damaged_pdf(scans, monkeypatch):
    import extract.pdf_pages

    def fails(*args, **kwargs):
        raise RuntimeError("Image too large: (85472, 158)")  # what Tesseract said of a strip too long

    monkeypatch.setattr(extract.pdf_pages, "require_tesseract", lambda path: None)
    monkeypatch.setattr(extract.pdf_pages, "read_scanned_pages", fails)
    with pytest.raises(DocumentError) as error:
        read_pdf(scans["plan"])
    message = str(error.value)
    assert message.startswith("plan-scan.pdf : la lecture par OCR des pages 1, 2, 3 a échoué ; relancez avec --no-ocr")
    assert "endommagé" not in message and "Image" not in message and "\n" not in message


def _plan_pages(tmp_path_factory, indexes: list[int], name: str) -> Path:
    """Some of the plan's pages, born-digital, in a PDF of their own."""
    return pdf_pages(PLAN, indexes, tmp_path_factory.mktemp(name) / f"{name}.pdf")


def _read_alike(born: Path, scanned: Path) -> Agreement:
    """How the scan of born-digital plan pages reads against the pages themselves."""
    agreement = Agreement()
    agreement.add(extract_document(born, kind="plan_deploiement").record,
                  extract_document(scanned, kind="plan_deploiement").record)
    return agreement


@pytest.fixture(scope="module")
def plan_two_pages(tmp_path_factory):
    """The plan's first two pages, born-digital: what their scans are compared with."""
    return _plan_pages(tmp_path_factory, [0, 1], "deux-pages")


@pytest.fixture(scope="module")
def plan_last_page(tmp_path_factory):
    """The plan's last page, born-digital: the end of axis 4, then axis 5's heading and table."""
    return _plan_pages(tmp_path_factory, [-1], "derniere-page")


@pytest.mark.parametrize("habit", ["photocopie", "pâle", "fax"])
def test_other_scanners_habits_read_like_the_born_digital_pages(tesseract, plan_two_pages, habit, tmp_path):
    # A photocopy (grey paper lit unevenly, grey ink), faint toner (the axis bands lighter than
    # mid-grey, their letters still white), a fax (one bit per pixel: thin 1s).
    scanned = scan(plan_two_pages, tmp_path / f"{habit}.pdf", dpi=200, angle=-0.8, noise="aucun", seed=11, habit=habit)
    agreement = _read_alike(plan_two_pages, scanned)
    assert agreement.ratio("clés") == 1.0 and agreement.ratio("responsables") == 1.0
    assert agreement.ratio() >= 0.95


def test_a_bands_cells_are_parted_when_dark_toner_joins_its_edge_to_the_grids_side(tesseract, tmp_path):
    # The grid's side rules run on through the band (no break at its foot): the band is still
    # the table's header row, its cells parted by the grid's inner rules.
    scanned = scan(PLAN, tmp_path / "fonce.pdf", dpi=200, angle=1.5, noise="aucun", seed=11, pages=[0], habit="foncé")
    rows = [b.nonempty_cells for b in read_pdf(scanned).blocks if b.is_table_row]
    assert ["LA MOBILITÉ DES PERSONNES", "Axe 1", "RESPONSABLE"] in rows
    assert any(len(r) == 3 and r[0].startswith("L'HABITATION") and r[1:] == ["Axe 2", "RESPONSABLE"] for r in rows)


def test_a_generated_plan_with_grey_rules_on_shaded_rows_reads_like_its_text(tesseract, tmp_path):
    # A plan laid out by WeasyPrint (tests/fixtures/layout_families, plan-pdf, variant 0): its
    # grid is 0.5 pt grey rules between rows shaded in turn. Rules measured against a shaded
    # row alone (not the paper too) went inside those rows, and with them the columns (59 %);
    # measured against the paper alone, as before the highlighter's habit, one row was lost (97 %).
    from layout_families import FAMILIES, expected, generate

    family = FAMILIES["plan-pdf"]
    want = expected(family.document)
    path, _ = generate(family, 0, tmp_path, want)
    scanned = scan(path, tmp_path / "plan-pdf-scan.pdf", dpi=200, angle=1.0, noise="léger", seed=200)
    agreement = Agreement()
    agreement.add(want, extract_document(scanned, kind="plan_deploiement").record)
    assert agreement.ratio("clés") == 1.0 and agreement.ratio("responsables") >= 0.97
    assert agreement.ratio() >= 0.97


@pytest.mark.parametrize("seed, angle", [(19, 0.7), (23, -1.2)])
def test_a_highlighted_plan_keeps_its_table(tesseract, plan_two_pages, seed, angle, tmp_path):
    # A reader's highlighter over the plan's first two pages (tests/fixtures/scans.py): its
    # strokes cross rows, rules and the axis bands. Before, the rules inside the strokes and
    # the band a stroke touched were lost, and rows ran together (two scans of four: 25.9 %).
    scanned = scan(plan_two_pages, tmp_path / "surligne.pdf", dpi=200, angle=angle, noise="aucun", seed=seed,
                   habit="surligneur")
    agreement = _read_alike(plan_two_pages, scanned)
    assert agreement.ratio("clés") >= 0.9
    assert agreement.ratio() >= 0.85


@pytest.mark.parametrize("habit, seed, angle", [("page courbée", 29, -0.8), ("trait de vitre", 29, 0.5),
                                                ("bords noirs", 29, -0.7), ("plis", 17, -1.4)])
def test_how_the_sheet_lay_on_the_glass_leaves_the_plans_table_whole(tesseract, plan_two_pages, habit, seed, angle,
                                                                      tmp_path):
    # A book's page bent near its spine: its left third's lines rise (a sixth of an inch at the
    # edge), the number column's rows fell into others and the first rows were lost (plan, three
    # scans: 57 to 99 %). A feeder's streak down the sheet read as a column rule, splitting the
    # titles (42.7 to 100 %). A sheet on a larger black bed: the bed made the paper's level and
    # the page's bend wrong (76.4 to 100 %). A sheet folded in three: its creases were rules
    # across the table's rows (76.4 to 97.3 %).
    scanned = scan(plan_two_pages, tmp_path / "scan.pdf", dpi=200, angle=angle, noise="aucun", seed=seed, habit=habit)
    agreement = _read_alike(plan_two_pages, scanned)
    assert agreement.ratio("clés") >= 0.95
    assert agreement.ratio() >= 0.95


@pytest.mark.parametrize("seed, angle", [(37, -1.0), (8, 1.2)])
def test_a_carbon_copy_of_the_plan_keeps_its_titles(tesseract, plan_last_page, seed, angle, tmp_path):
    # A carbon copy: soft grey letters on grey paper. Its blurred letters made false rules that
    # wiped the middle of words off, the stops ending the titles went as specks, and Tesseract
    # lost lines of the table (two to three titles in ten read right; the whole plan, four
    # scans: 64.1 % of all fields). The page is sharpened (ocr_cleanup.refocus), its letters
    # make no rules, and their own height is measured (ocr_marks.glyph_heights): 88.0 %.
    scanned = scan(plan_last_page, tmp_path / "carbone.pdf", dpi=200, angle=angle, noise="aucun", seed=seed,
                   habit="copie carbone")
    agreement = _read_alike(plan_last_page, scanned)
    assert agreement.ratio("clés") >= 0.85
    assert agreement.ratio("titres") >= 0.7
    assert agreement.ratio() >= 0.75
