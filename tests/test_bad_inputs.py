"""Hostile and broken inputs (tests/fixtures/bad, made by make_bad_inputs.py): one French line
each, exit status 1, no traceback, bounded time; the good files of the batch are not lost."""

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extract.readers import read_blocks
from pipeline.extraction import extract_document

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "tests" / "fixtures" / "bad"

EXPECTED = {
    "vide.pdf": "le fichier est vide",
    "vide.docx": "le fichier est vide",
    "vide.txt": "le fichier est vide",
    "octets-au-hasard.pdf": "n'est pas un PDF",
    "octets-au-hasard.docx": "fichier Word illisible",
    "octets-au-hasard.txt": "contenu binaire",
    "page-html-nommee.pdf": "n'est pas un PDF",
    "texte-nomme.pdf": "n'est pas un PDF",
    "pdf-tronque.pdf": "PDF illisible",
    "protege-par-mot-de-passe.pdf": "protégé par mot de passe",
    "numerise-sans-texte.pdf": "reconnaissance de caractères (OCR)",
    "zero-page.pdf": "aucune page",
    "bombe-flux-compresse.pdf": "trop volumineux",
    "pas-un-zip.docx": "fichier Word illisible",
    "docx-tronque.docx": "fichier Word illisible",
    "ancien-word.doc": "enregistrez-le au format .docx",
    "ancien-word-renomme.docx": "ancien format Word 97-2003",
    "bombe-zip.docx": "trop volumineux",
    "macros.docm": "avec macros",
    "macros-renomme.docx": "avec macros",
    "modele.dotx": "modèle Word",
    "modele-renomme.docx": "modèle Word",
    "lettre-sans-type.txt": "type de document non reconnu",
    # Found by `make fuzz`: a .docx whose compressed document part is corrupt.
    "docx-flux-zlib-corrompu.docx": "endommagé",
    # Found by `make fuzz`: closing a PDF with a broken dictionary raised over the real message.
    "pdf-dictionnaire-casse.pdf": "PDF",
}


def run(*args):
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)
    return result, time.monotonic() - started


@pytest.mark.parametrize("name,message", sorted(EXPECTED.items()))
def test_one_french_line_and_exit_1(name, message):
    result, elapsed = run("extract", str(BAD / name), "--json")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith(f"erreur : {name} : ") and message in lines[0], lines
    assert lines[1:] == [f"0 lu, 1 en erreur : {name}"]
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert elapsed < 60


def test_batch_keeps_every_good_file(tmp_path):
    files = [str(BAD / n) for n in ("vide.pdf", "bombe-zip.docx", "bon-document.txt", "pdf-tronque.pdf", "windows-1252.txt")]
    result, _ = run("extract", *files, "--out", str(tmp_path))
    assert result.returncode == 1
    assert sorted(p.name for p in tmp_path.glob("*.json")) == ["bon-document.json", "windows-1252.json"]
    assert "2 lus, 3 en erreur : vide.pdf, bombe-zip.docx, pdf-tronque.pdf" in result.stderr


def test_usage_error_exits_2():
    result, _ = run("extract", str(BAD / "bon-document.txt"), "--kind", "rapport", "--json")
    assert result.returncode == 2


def test_known_password_opens_the_pdf():
    doc = read_blocks(BAD / "protege-par-mot-de-passe.pdf", password="secret")
    assert "Bonjour de Levis" in " ".join(b.text for b in doc.blocks)


def test_repairable_cross_reference_table_is_still_read():
    doc = read_blocks(BAD / "xref-casse-reparable.pdf")
    assert [b.text for b in doc.blocks] == ["Bonjour de Levis"]


def test_external_entities_are_never_expanded():
    doc = read_blocks(BAD / "entite-externe.docx")
    text = " ".join(b.text for b in doc.blocks)
    assert "root:" not in text and "/bin/" not in text
    result, _ = run("extract", str(BAD / "entite-externe.docx"), "--json", "--kind", "bilan")
    assert "root:" not in result.stdout


def test_windows_1252_text_reads_like_its_utf8_twin():
    legacy = extract_document(BAD / "windows-1252.txt").record
    twin = extract_document(BAD / "bon-document.txt").record
    assert json.dumps([a.model_dump(exclude={"provenance"}) for a in legacy.actions], default=str) == \
        json.dumps([a.model_dump(exclude={"provenance"}) for a in twin.actions], default=str)


def test_a_stuck_document_gives_délai_dépassé():
    # --no-cache: the timeout is what is tested, so no cached record may answer first.
    result, elapsed = run("extract", str(ROOT / "tests" / "fixtures" / "bilan-2020.pdf"), "--json", "--timeout", "0.2",
                          "--no-cache")
    assert result.returncode == 1 and elapsed < 30
    assert result.stderr.splitlines() == [(
        "erreur : bilan-2020.pdf : délai dépassé (0.2 s) : document trop complexe ou endommagé ; vérifiez-le ou "
        "augmentez « limits.timeout_seconds » dans config.yaml."), "0 lu, 1 en erreur : bilan-2020.pdf"]


def test_malformed_config_names_the_line(tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text("documents:\n  - path: [corpus\n", encoding="utf-8")
    result, _ = run("check", "--config", str(config))
    assert result.returncode == 2 and "ligne 2" in result.stderr and "Traceback" not in result.stderr
