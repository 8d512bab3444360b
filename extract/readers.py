"""Format readers, chosen by file extension; each returns the same block stream.

Adding a format is one reader module and one entry in `READERS`.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from extract.blocks import BlockDocument
from extract.errors import DocumentError
from extract.toc import without_table_of_contents

# Extension -> "module:function". Imported on first use, so reading a PDF never pays for
# python-docx and lxml, nor a text file for pdfplumber.
READERS: dict[str, str] = {
    ".txt": "extract.text_reader:read_text",
    ".md": "extract.text_reader:read_text",
    ".docx": "extract.docx_reader:read_docx",
    ".pdf": "extract.pdf_reader:read_pdf",
}


# Formats staff meet on the shared drive, and what to do with them.
CONVERT = {
    ".doc": "ancien format Word 97-2003 : ouvrez-le dans Word ou LibreOffice et enregistrez-le au format .docx "
            "(ou : soffice --headless --convert-to docx FICHIER.doc)",
    ".docm": "document Word avec macros : enregistrez-le au format .docx (document sans macros)",
    ".dotx": "modèle Word : créez un document à partir du modèle et enregistrez-le au format .docx",
    ".dotm": "modèle Word avec macros : créez un document à partir du modèle et enregistrez-le au format .docx",
    ".odt": "document OpenDocument : enregistrez-le au format .docx",
    ".rtf": "document RTF : enregistrez-le au format .docx",
}


def read_blocks(path: Path, password: str | None = None, ocr=None) -> BlockDocument:
    """Read any supported file into blocks, or raise a DocumentError that says what to do.
    `ocr` (extract.ocr.OcrSettings) says how a PDF's scanned pages are read."""
    suffix = path.suffix.lower()
    if suffix in CONVERT and path.exists():
        raise DocumentError(path, f"{CONVERT[suffix]}.")
    target = READERS.get(suffix)
    if target is None:
        supported = ", ".join(sorted(READERS))
        raise DocumentError(path, f"format « {path.suffix or 'sans extension'} » non pris en charge ; formats acceptés : {supported}.")
    if not path.exists():
        raise DocumentError(path, "fichier introuvable ; vérifiez le chemin.")
    if path.is_dir():
        raise DocumentError(path, "c'est un dossier, pas un fichier.")
    if path.stat().st_size == 0:
        raise DocumentError(path, "le fichier est vide ; vérifiez qu'il a été copié en entier.")
    module, function = target.split(":")
    reader = getattr(import_module(module), function)
    try:
        document = reader(path, password=password, ocr=ocr) if suffix == ".pdf" else reader(path)
    except DocumentError:
        raise
    except OSError as exc:
        raise DocumentError(path, f"lecture impossible ({exc.strerror or exc}) ; vérifiez les droits d'accès.") from exc
    return without_table_of_contents(document)
