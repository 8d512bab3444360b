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

# Each bad input's whole message, read and checked by hand: what is wrong and what to do.
EXPECTED = {
    "ancien-word-renomme.docx": "ancien format Word 97-2003 (.doc) sous une extension .docx : ouvrez-le dans Word ou LibreOffice et enregistrez-le au format .docx.",
    "ancien-word.doc": "ancien format Word 97-2003 : ouvrez-le dans Word ou LibreOffice et enregistrez-le au format .docx (ou : soffice --headless --convert-to docx FICHIER.doc).",
    "bombe-flux-compresse.pdf": "trop volumineux : la page 1 se décompresse en plus de 64 Mio (fichier piégé ou endommagé) ; vérifiez sa provenance.",
    "bombe-zip.docx": "trop volumineux une fois décompressé (300 Mio annoncés) : fichier refusé par prudence ; vérifiez sa provenance.",
    # Found by `make fuzz`: a .docx whose compressed document part is corrupt.
    "docx-flux-zlib-corrompu.docx": "fichier Word tronqué ou endommagé ; demandez une nouvelle copie.",
    "docx-tronque.docx": "fichier Word illisible (pas un .docx valide ou fichier tronqué) ; ouvrez-le dans Word et enregistrez-le de nouveau au format .docx.",
    "lettre-sans-type.txt": "type de document non reconnu ; types connus : bilan (bilan annuel), plan_deploiement (plan de déploiement), plan_immigration (plan d'action en immigration), presentation (présentation), plan_action (plan d'action décennal, catalogue des actions). Indiquez le type avec --kind ou dans config.yaml.",
    "macros-renomme.docx": "document Word avec macros (.docm) : enregistrez-le au format .docx (sans macros).",
    "macros.docm": "document Word avec macros : enregistrez-le au format .docx (document sans macros).",
    "modele-renomme.docx": "modèle Word (.dotx) : créez un document à partir du modèle et enregistrez-le en .docx.",
    "modele.dotx": "modèle Word : créez un document à partir du modèle et enregistrez-le au format .docx.",
    # Read with --no-ocr (see OPTIONS); with OCR it is read (tests/extract/test_ocr_scans.py).
    "numerise-sans-texte.pdf": "aucun texte dans ce PDF (document numérisé ?) ; relancez sans --no-ocr (ou « ocr: enabled: true » dans config.yaml) pour le lire par OCR.",
    "octets-au-hasard.docx": "fichier Word illisible (pas un .docx valide ou fichier tronqué) ; ouvrez-le dans Word et enregistrez-le de nouveau au format .docx.",
    "octets-au-hasard.pdf": "ce fichier n'est pas un PDF (l'extension ne correspond pas au contenu).",
    "octets-au-hasard.txt": "ce n'est pas un fichier texte (contenu binaire) ; fournissez le .txt, .pdf ou .docx d'origine.",
    "page-html-nommee.pdf": "ce fichier n'est pas un PDF (l'extension ne correspond pas au contenu).",
    "pas-un-zip.docx": "fichier Word illisible (pas un .docx valide ou fichier tronqué) ; ouvrez-le dans Word et enregistrez-le de nouveau au format .docx.",
    # Found by `make fuzz`: closing a PDF with a broken dictionary raised over the real message.
    "pdf-dictionnaire-casse.pdf": "PDF endommagé : sa structure ne peut pas être lue ; demandez une nouvelle copie du document.",
    "pdf-tronque.pdf": "PDF illisible (fichier endommagé, tronqué ou qui n'est pas un PDF) ; demandez une nouvelle copie du document.",
    "protege-par-mot-de-passe.pdf": "PDF protégé par mot de passe ; fournissez-le avec --password.",
    "texte-nomme.pdf": "ce fichier n'est pas un PDF (l'extension ne correspond pas au contenu).",
    "vide.docx": "le fichier est vide ; vérifiez qu'il a été copié en entier.",
    "vide.pdf": "le fichier est vide ; vérifiez qu'il a été copié en entier.",
    "vide.txt": "le fichier est vide ; vérifiez qu'il a été copié en entier.",
    "zero-page.pdf": "le PDF ne contient aucune page.",
}

# Options a bad input is read with, when its message depends on them.
OPTIONS = {"numerise-sans-texte.pdf": ["--no-ocr"]}


def run(*args):
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)
    return result, time.monotonic() - started


@pytest.mark.parametrize("name,message", sorted(EXPECTED.items()))
def test_one_french_line_and_exit_1(name, message):
    result, elapsed = run("extract", str(BAD / name), "--json", *OPTIONS.get(name, []))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0] == f"erreur : {name} : {message}"
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
    assert result.returncode == 0, result.stderr  # read, without its entity
    assert "root:" not in result.stdout and "/bin/" not in result.stdout
    assert json.loads(result.stdout)["kind"] == "bilan"


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


def test_a_document_error_raised_in_a_worker_process_comes_back_whole():
    """Pages and documents are read in worker processes (--jobs): the error crosses back by pickle."""
    import pickle

    from extract.errors import DocumentError, UnknownKindError

    for kind in (DocumentError, UnknownKindError):
        error = pickle.loads(pickle.dumps(kind(Path("lot/bilan.pdf"), "page 3 illisible ; relancez avec --ocr.")))
        assert type(error) is kind and error.path == Path("lot/bilan.pdf")
        assert str(error) == "bilan.pdf : page 3 illisible ; relancez avec --ocr."
