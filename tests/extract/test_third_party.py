"""Files as third-party tools write them (made by tests/fixtures/third_party.py): the libraries'
English messages told once in French with the file's name, the second PDF engine, the exact
diagnoses, and the text Word shows wherever it sits."""

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))

import third_party as tp  # noqa: E402

from extract.docx_reader import read_docx  # noqa: E402
from extract.errors import DocumentError  # noqa: E402
from extract.pdf_reader import read_pdf  # noqa: E402
from extract.records import record_to_json  # noqa: E402
from pipeline.extraction import extract_document  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
GOOD_DOCX = ROOT / "tests" / "fixtures" / "bilan-2020.docx"

DAMAGED = {
    "police-sans-dimensions.pdf": (dict(font=tp.font_without_bbox()), "police sans dimensions",
                                   "Could not get FontBBox from font descriptor"),
    "flux-endommage.pdf": (dict(flate="bad-checksum"), "flux endommagé", "Data-loss while decompressing corrupted data"),
    "sans-mediabox.pdf": (dict(mediabox=False), "page sans dimensions", "MediaBox missing from /Page"),
}


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.fixture
def damaged(tmp_path):
    paths = {}
    for name, (options, _, _) in DAMAGED.items():
        paths[name] = tmp_path / name
        paths[name].write_bytes(tp.text_pdf(**options))
    return paths


def test_each_library_message_is_one_french_line_naming_its_file_in_input_order(damaged, tmp_path):
    good = tmp_path / "sain.pdf"
    good.write_bytes(tp.text_pdf())
    order = [damaged["sans-mediabox.pdf"], good, damaged["police-sans-dimensions.pdf"], damaged["flux-endommage.pdf"]]
    result = run("extract", *map(str, order), "--kind", "bilan", "--out", str(tmp_path / "out"), "--no-cache", "-j", "2")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[-1] == "4 lus, 0 en erreur"
    # Every other line names its file, and the files' lines come in the order they were given.
    named = [next(p.name for p in order if f" {p.name} " in line) for line in lines[:-1]]
    assert named == sorted(named, key=[p.name for p in order].index)
    for name, (_, kind, raw) in DAMAGED.items():
        expected = (f"avertissement [library-messages] {name} : défauts de structure du PDF ({kind}) ; le texte extrait "
                    "peut être incomplet (détails : --verbose).")
        assert expected in lines
        assert not any(raw in line for line in lines)  # the English stays out of the default output
        record = json.loads((tmp_path / "out" / name.replace(".pdf", ".json")).read_text(encoding="utf-8"))
        assert any(raw in item["message"] for item in record["diagnostics"])
    assert not any("sain.pdf" in line and "library-messages" in line for line in lines)
    assert "diagnostics" not in json.loads((tmp_path / "out" / "sain.json").read_text(encoding="utf-8"))


def test_verbose_shows_the_raw_messages_under_their_file(damaged, tmp_path):
    result = run("extract", str(damaged["flux-endommage.pdf"]), "--kind", "bilan", "--json", "--no-cache", "--verbose")
    assert "  flux-endommage.pdf : pdfminer.pdftypes : Data-loss while decompressing corrupted data" in result.stderr.splitlines()


def test_a_page_pdfminer_cannot_page_is_read_by_pdfium(damaged):
    doc = read_pdf(damaged["sans-mediabox.pdf"])
    assert [b.text for b in doc.blocks] == [" ".join(tp.LINES)] or [b.text for b in doc.blocks] == tp.LINES
    assert {b.provenance.engine for b in doc.blocks} == {"pdfium"}
    assert doc.warnings == ["page 1 lue par le second moteur PDF (pdfium) : structure que le premier ne lit pas ; "
                            "filets et trames de ces pages non repérés."]


def test_a_page_of_megabytes_of_content_is_read_by_pdfium(tmp_path):
    from extract.pdf_pages import HEAVY_PAGE

    path = tmp_path / "lourd.pdf"
    path.write_bytes(tp.text_pdf(padding=HEAVY_PAGE + 4096))
    doc = read_pdf(path)
    assert " ".join(b.text for b in doc.blocks) == " ".join(tp.LINES)
    assert {b.provenance.engine for b in doc.blocks} == {"pdfium"}
    light = tmp_path / "leger.pdf"
    light.write_bytes(tp.text_pdf(padding=HEAVY_PAGE - 4096))
    assert {b.provenance.engine for b in read_pdf(light).blocks} == {None}


def test_pages_pdfminer_reads_keep_no_engine_mark():
    doc = read_pdf(ROOT / "tests" / "fixtures" / "plan-deploiement-2020.pdf")
    assert {b.provenance.engine for b in doc.blocks} == {None}


def test_a_pdf_neither_engine_can_read_gets_the_damage_message(tmp_path):
    broken = tmp_path / "casse.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    with pytest.raises(DocumentError) as caught:
        read_pdf(broken)
    assert "pdfminer" not in str(caught.value) and "Exception" not in str(caught.value)
    assert str(caught.value).startswith("casse.pdf : ")


def test_an_encrypted_word_file_is_called_protected_not_word_97(tmp_path):
    path = tmp_path / "chiffre.docx"
    path.write_bytes(tp.encrypted_ooxml())
    with pytest.raises(DocumentError) as caught:
        read_docx(path)
    assert str(caught.value) == ("chiffre.docx : document Word protégé par mot de passe ; enregistrez une copie sans mot de "
                                 "passe (dans Word : Fichier › Informations › Protéger le document) et relancez.")


def test_strict_open_xml_gives_the_transitional_files_record(tmp_path):
    path = tmp_path / "strict.docx"
    path.write_bytes(tp.strict_docx(GOOD_DOCX.read_bytes()))
    with zipfile.ZipFile(path) as package:
        assert b"http://purl.oclc.org/ooxml/wordprocessingml/main" in package.read("word/document.xml")
    strict, usual = (record_to_json(extract_document(p).record) for p in (path, GOOD_DOCX))
    assert strict.pop("source")["sha256"] != usual.pop("source")["sha256"]
    assert strict == usual
    assert len(strict["actions"]) > 10


def test_word_shows_fields_controls_links_insertions_and_text_boxes(tmp_path):
    path = tmp_path / "mots.docx"
    path.write_bytes(tp.word_features_docx())
    blocks = read_docx(path).blocks
    paragraphs = [b for b in blocks if b.kind != "table_row"]
    assert [b.text for b in paragraphs] == tp.WORD_FEATURES_SHOWN
    assert [b.cells for b in blocks if b.kind == "table_row"] == tp.WORD_FEATURES_ROWS
    every = " ".join(b.text for b in blocks)
    for hidden in tp.WORD_FEATURES_HIDDEN:
        assert hidden not in every
    by_text = {b.text: b for b in paragraphs}
    assert by_text["Ce paragraphe est dans un contrôle de contenu."].provenance.inside == "content_control"
    assert [by_text[t].provenance.inside for t in tp.WORD_FEATURES_SHOWN[4:]] == ["text_box", "text_box"]
    assert {by_text[t].role for t in tp.WORD_FEATURES_SHOWN[4:]} == {"aside"}
    link = [s for s in by_text[tp.WORD_FEATURES_SHOWN[2]].spans if s.href]
    assert [(s.text, s.href) for s in link] == [("Société de transport de Lévis", "https://www.ville.levis.qc.ca/")]


def test_a_document_whose_text_is_all_in_text_boxes_is_read(tmp_path):
    path = tmp_path / "affiche.docx"
    path.write_bytes(tp.word_features_docx(text_boxes_only=True))
    blocks = read_docx(path).blocks
    assert [b.text for b in blocks] == tp.WORD_FEATURES_SHOWN
    assert {b.provenance.inside for b in blocks} == {"text_box"}
