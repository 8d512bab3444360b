"""Preview of the drafts: each Word draft rendered by LibreOffice to PDF, its pages to PNG, and one
contact sheet per document (every page, small, on one image) so a reviewer sees the whole draft
at a glance.

output/apercu/<draft>.pdf, <draft>-page-01.png …, <draft>-planche.png. LibreOffice runs with a
profile of its own per call (two previews can run side by side); pages are rendered by pypdfium2
(the renderer pdfplumber ships).
"""

from __future__ import annotations

import io
import math
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pypdfium2
from PIL import Image, ImageDraw

from extract.errors import UsageError
from pipeline.files import write_bytes_atomic

PAGE_DPI = 80  # readable on screen, small enough to commit one under docs/
SHEET_COLUMNS = 6
SHEET_PAGE_WIDTH = 220  # pixels per page on the contact sheet
INSTALL = "apt-get install libreoffice-writer-nogui (Windows, macOS : https://fr.libreoffice.org)"


class PreviewError(UsageError):
    """LibreOffice is missing or could not convert a draft; French message."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(source: Path, target: Path, timeout: float = 180) -> Path:
    """source.docx -> target (PDF), by LibreOffice headless."""
    program = soffice()
    if program is None:
        raise PreviewError(f"aperçu impossible : LibreOffice (soffice) est introuvable ; installez-le : {INSTALL}.")
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profil"
        done = subprocess.run([program, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                               "--outdir", tmp, str(source)], capture_output=True, timeout=timeout)
        made = Path(tmp) / f"{source.stem}.pdf"
        if done.returncode != 0 or not made.exists():
            raise PreviewError(f"{source.name} : LibreOffice n'a pas pu le convertir en PDF ; ouvrez-le dans Word ou "
                               "LibreOffice pour vérifier qu'il n'est pas endommagé.")
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(made, target)
    return target


def page_images(pdf: Path, dpi: int = PAGE_DPI) -> list[Image.Image]:
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        return [page.render(scale=dpi / 72).to_pil().convert("RGB") for page in document]
    finally:
        document.close()


def contact_sheet(pages: list[Image.Image], columns: int = SHEET_COLUMNS, width: int = SHEET_PAGE_WIDTH) -> Image.Image:
    """Every page on one image, in reading order, each framed and numbered."""
    columns = max(1, min(columns, len(pages)))
    rows = math.ceil(len(pages) / columns)
    height = max(round(p.height * width / p.width) for p in pages)
    gap, label = 12, 16
    sheet = Image.new("RGB", (columns * (width + gap) + gap, rows * (height + gap + label) + gap), "#D9D9D9")
    draw = ImageDraw.Draw(sheet)
    for n, page in enumerate(pages):
        x = gap + (n % columns) * (width + gap)
        y = gap + (n // columns) * (height + gap + label)
        small = page.resize((width, round(page.height * width / page.width)), Image.LANCZOS)
        sheet.paste(small, (x, y))
        draw.rectangle((x - 1, y - 1, x + small.width, y + small.height), outline="#808080")
        draw.text((x, y + small.height + 2), f"page {n + 1}", fill="#404040")
    return sheet


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def showcase(pages: list[Image.Image], texts: list[str]) -> Image.Image:
    """The page that shows a draft best: the first with its leads beside the actions (a fiche, a
    plan table's header), else the first."""
    return pages[next((n for n, text in enumerate(texts) if "RESPONSABLE" in text), 0)]


def _texts(pdf: Path) -> list[str]:
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def preview(drafts: list[Path], folder: Path, showcases: dict[Path, Path] | None = None) -> list[Path]:
    """PDF, page PNGs and contact sheet of each draft in `folder`; a draft in `showcases` also gets
    its most telling page written there (the README's images). The files written."""
    written = []
    for draft in drafts:
        pdf = to_pdf(draft, folder / f"{draft.stem}.pdf")
        pages = page_images(pdf)
        for old in folder.glob(f"{draft.stem}-page-*.png"):
            old.unlink()  # a shorter draft leaves no stale pages behind
        for n, page in enumerate(pages, start=1):
            target = folder / f"{draft.stem}-page-{n:02d}.png"
            write_bytes_atomic(target, _png(page))
            written.append(target)
        sheet = folder / f"{draft.stem}-planche.png"
        write_bytes_atomic(sheet, _png(contact_sheet(pages)))
        written += [pdf, sheet]
        if showcases and draft in showcases:
            write_bytes_atomic(showcases[draft], _png(showcase(pages, _texts(pdf))))
            written.append(showcases[draft])
    return written
