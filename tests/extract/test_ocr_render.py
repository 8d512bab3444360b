"""A scanned page's image: taken as the scanner stored it when rendering would give back the
same pixels, rendered otherwise (see extract/ocr_image.render)."""

from pathlib import Path

import numpy as np
import pypdfium2
import pytest
from PIL import Image

from extract.ocr_image import _stored_scan, render

ROOT = Path(__file__).resolve().parents[2]


def _sheet(mode: str = "L") -> Image.Image:
    """A letter page at 200 dpi with grey levels, dark marks and an asymmetric corner: a copy
    turned, flipped or shifted by a pixel reads differently."""
    rng = np.random.default_rng(3)
    pixels = rng.integers(150, 256, size=(2200, 1700)).astype(np.uint8)
    pixels[100:140, 200:900] = 20
    pixels[:30, :50] = 0
    image = Image.fromarray(pixels)
    return image.convert(mode)


def _pdf(tmp_path: Path, image: Image.Image, dpi: float = 200, name: str = "scan.pdf") -> Path:
    path = tmp_path / name
    image.save(path, "PDF", resolution=dpi)
    return path


def _both(path: Path, dpi: float = 200, rotate: int = 0):
    document = pypdfium2.PdfDocument(str(path))
    try:
        page = document[0]
        if rotate:
            page.set_rotation(rotate)
        stored = _stored_scan(page, dpi)
        drawn = page.render(scale=dpi / 72.0, grayscale=True).to_numpy()
        return stored, (drawn if drawn.ndim == 2 else drawn[:, :, 0]), render(page, dpi)
    finally:
        document.close()


@pytest.mark.parametrize("mode", ["L", "1"])
def test_a_grey_or_one_bit_scan_is_taken_as_stored_with_the_rendered_pixels(tmp_path, mode):
    stored, drawn, image = _both(_pdf(tmp_path, _sheet(mode)))
    assert stored is not None and stored.shape == (2200, 1700)
    assert np.array_equal(stored, drawn) and np.array_equal(image, drawn)


@pytest.mark.parametrize("case", ["another resolution", "colour", "turned page", "text besides"])
def test_anything_else_is_rendered(tmp_path, case):
    if case == "another resolution":
        stored, drawn, image = _both(_pdf(tmp_path, _sheet()), dpi=150)
    elif case == "colour":
        stored, drawn, image = _both(_pdf(tmp_path, _sheet("RGB")))
    elif case == "turned page":
        stored, drawn, image = _both(_pdf(tmp_path, _sheet()), rotate=90)
        assert image.shape == (1700, 2200)
    else:
        stored, drawn, image = _both(ROOT / "tests" / "fixtures" / "bilan-2020.pdf")
    assert stored is None
    assert np.array_equal(image, drawn)
