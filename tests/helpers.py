"""Helpers the tests share (importable, unlike conftest.py)."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def isolated_config(folder: Path) -> Path:
    """A copy of the project's config.yaml in folder: the same documents, registry, links and
    templates (absolute paths), every output and the extraction cache under folder/output."""
    data = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    for doc in data["documents"]:
        doc["path"] = str(ROOT / doc["path"])
        if doc.get("same_as"):
            doc["same_as"] = str(ROOT / doc["same_as"])
    for link in data.get("links", []):
        link["document"] = str(ROOT / link["document"])
    data["registry"] = str(ROOT / data.get("registry", "registry.yaml"))
    data.setdefault("drafts", {})["templates"] = str(ROOT / "templates")
    data["outputs"] = {key: str(folder / value) for key, value in data["outputs"].items()}
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def require_tool(command: str, package: str) -> None:
    """For a test that needs an outside program (LibreOffice, Tesseract, Chromium): outside CI it is
    skipped with the reason when the program is absent; under CI=true it fails instead, so a
    missing install step can never leave CI green."""
    import os
    import shutil

    import pytest

    if shutil.which(command) is not None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{command} absent sous CI : .ci/run doit installer {package}.")
    pytest.skip(f"{command} absent : apt-get install {package}")


def dejavu(pixels: int, bold: bool = False):
    """DejaVu Sans (bold or not) at a size in pixels, to draw a synthetic page; the test is
    skipped, with the package to install, where the font is absent."""
    import pytest
    from PIL import ImageFont

    path = Path("/usr/share/fonts/truetype/dejavu") / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    if not path.exists():
        pytest.skip(f"police absente : {path} (paquet fonts-dejavu-core)")
    return ImageFont.truetype(str(path), pixels)


def pdf_pages(source: Path, indexes: list[int], target: Path) -> Path:
    """Write `target`, a PDF of some of `source`'s pages (0-based `indexes`, negative from the end)."""
    import pypdfium2

    pages, origin = pypdfium2.PdfDocument.new(), pypdfium2.PdfDocument(str(source))
    try:
        pages.import_pages(origin, [k % len(origin) for k in indexes])
        pages.save(str(target))
    finally:
        origin.close()
        pages.close()
    return target


def ocr_words(path: Path) -> list[str]:
    """The words (runs of letters and digits) the PDF reader gives for `path`, scanned pages read
    by OCR at 200 dpi, table cells included, in reading order."""
    import re

    from extract.ocr import OcrSettings
    from extract.pdf_reader import read_pdf

    text = " ".join(" ".join(block.cells) if block.cells else block.text
                    for block in read_pdf(path, ocr=OcrSettings(dpi=200)).blocks)
    return re.findall(r"\w+", text)
