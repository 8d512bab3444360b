"""A soft scan (a carbon copy: blurred letters, grey ink on grey paper) read as a sharp one (no
Tesseract): its bold blurred letters make no table rules, and letters whose boxes Tesseract gave
as the word's own still have their own height (a stop on the baseline stays, a capital I stays),
and a soft page is sharpened before Tesseract reads it."""

import sys
from pathlib import Path

import numpy as np
import pypdfium2
import pytest
from PIL import Image, ImageDraw, ImageFilter

from extract.ocr_cleanup import SOFT, refocus, softness
from extract.ocr_drawings import faint_ink, find_rules
from extract.ocr_hocr import _hocr_words
from extract.ocr_image import prepare, render
from tests.helpers import dejavu

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
from scans import scan  # noqa: E402
PLAN = ROOT / "tests" / "fixtures" / "plan-deploiement-2020.pdf"


def _soft(image: Image.Image, blur: float, ink: float = 100, paper: float = 215) -> np.ndarray:
    """The page as a carbon copy gives it: blurred, grey ink on grey paper."""
    soft = np.asarray(image.filter(ImageFilter.GaussianBlur(blur)), dtype=np.float32)
    return (ink + soft * (paper - ink) / 255.0).astype(np.uint8)


def _level_rules(pdf: Path) -> list[list[tuple[int, int, int, int]]]:
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        return [[r for r in prepare(render(document[k], 200), 200).rules if r[2] - r[0] > r[3] - r[1]]
                for k in range(len(document))]
    finally:
        document.close()


@pytest.mark.parametrize("angle,seed", [(-1.0, 37), (0.6, 5)])
def test_a_carbon_copys_blurred_letters_make_no_rules(tmp_path, angle, seed):
    """The plan as a carbon copy: the tops of its blurred bold letters join into runs a third
    of an inch long, which made "rules" (one to four a page) whose wiping took the letters'
    middles off ("collectifs" read "c..l.. tifs"). Every rule found lies on one of the page's
    own, as the same page scanned sharp shows them."""
    sharp = _level_rules(scan(PLAN, tmp_path / "net.pdf", dpi=200, angle=angle, noise="aucun", seed=seed))
    soft = _level_rules(scan(PLAN, tmp_path / "carbone.pdf", dpi=200, angle=angle, noise="aucun", seed=seed,
                             habit="copie carbone"))
    for page, (own, found) in enumerate(zip(sharp, soft)):
        stray = [r for r in found if not any(abs(r[1] - q[1]) <= 8 and r[0] < q[2] and q[0] < r[2] for q in own)]
        assert not stray, (page, stray)
        assert len(found) >= len(own) - 4, page  # the grid itself is still found


def test_a_rule_with_a_shading_along_part_of_it_is_still_a_rule():
    """A highlighter's stroke under part of a rule runs deeper than a rule along a third of it:
    the rule is still one."""
    image = Image.new("L", (1800, 300), 255)
    draw = ImageDraw.Draw(image)
    draw.line((40, 150, 1760, 150), fill=0, width=2)
    draw.rectangle((600, 151, 1150, 160), fill=60)
    gray = np.asarray(image)
    rules = find_rules(faint_ink(gray, 200), 200)[0]
    assert any(r[2] - r[0] >= 1600 and abs((r[1] + r[3]) / 2 - 151) <= 6 for r in rules), rules


def _word_hocr(face, text: str, x: int, line_top: int, line_bottom: int, stop_box=None) -> str:
    """A word's hOCR as Tesseract writes it on a soft scan: every letter's box is the word's
    own (its top and bottom), only the stop has a box of its own."""
    chars = []
    for k, char in enumerate(text):
        x0 = x + int(face.getlength(text[:k]))
        x1 = x + int(face.getlength(text[:k + 1]))
        if char == "." and stop_box is not None:
            chars.append(f"<span class='ocrx_cinfo' title='x_bboxes {stop_box}'>{char}</span>")
        else:
            chars.append(f"<span class='ocrx_cinfo' title='x_bboxes {x0} {line_top} {x1} {line_bottom}'>{char}</span>")
    box = f"bbox {x} {line_top} {x + int(face.getlength(text))} {line_bottom}; x_wconf 90"
    return f"<span class='ocrx_word' title='{box}'>{''.join(chars)}</span> "


def test_letters_given_the_words_box_keep_their_own_height():
    """"quartiers." keeps its stop, "Implanter" its capital: with every letter as tall as the
    word (the q's tail, the line above's descenders within its box), the stop seemed to float
    above the letters' foot and went as a speck, and the I was no taller than the short letters
    and became an i."""
    face = dejavu(26)
    image = Image.new("L", (900, 160), 255)
    draw = ImageDraw.Draw(image)
    draw.text((40, 20), "développement pour", font=face, fill=0)  # descenders reach the line below's box
    draw.text((40, 56), "dans les quartiers.", font=face, fill=0)
    draw.text((40, 100), "Implanter un projet", font=face, fill=0)
    gray = _soft(image, 1.3, ink=0, paper=255)
    ascent, descent = face.getmetrics()
    base = 56 + ascent
    x_quartiers = 40 + int(face.getlength("dans les "))
    stop_x = x_quartiers + int(face.getlength("quartiers"))
    ink = np.argwhere(gray[base - 8:base + 2, stop_x:stop_x + 12] < 192)
    stop = (f"{stop_x + ink[:, 1].min()} {base - 8 + ink[:, 0].min()} "
            f"{stop_x + ink[:, 1].max() + 1} {base - 8 + ink[:, 0].max() + 1}")
    first = ("<span class='ocr_line' title='bbox 40 50 700 90; baseline 0 -8; x_size 26; x_descenders 6'>"
             + _word_hocr(face, "dans", 40, 50, base, None) + _word_hocr(face, "les", 40 + int(face.getlength("dans ")), 50, base)
             + _word_hocr(face, "quartiers.", x_quartiers, 50, base + descent, stop) + "</span>")
    second = ("<span class='ocr_line' title='bbox 40 94 700 134; baseline 0 -8; x_size 26; x_descenders 6'>"
              + _word_hocr(face, "Implanter", 40, 94, 100 + ascent + descent) + "</span>")
    reads = list(_hocr_words(f"<html><body><div class='ocr_page'>{first}{second}</div></body></html>", True, gray))
    texts = [r.text for r in reads]
    assert "quartiers." in texts and "Implanter" in texts, texts


def _page_of_text(blur: float) -> np.ndarray:
    """Lines of 11 pt text at 200 dpi, blurred by `blur` px (0: as a sharp scan has them)."""
    face = dejavu(30)
    image = Image.new("L", (1600, 700), 255)
    draw = ImageDraw.Draw(image)
    for k in range(10):
        draw.text((60, 40 + 64 * k), "Soutenir des initiatives contribuant au maintien de l'agriculture", font=face, fill=0)
    return _soft(image, blur, ink=0, paper=255) if blur else np.asarray(image)


def test_a_soft_page_is_told_from_a_sharp_one():
    """The blur measured on the letters' edges: a sharp page, or one softened a little (a
    rendering at 150 dpi), stays under SOFT; a carbon copy's blur is over it."""
    assert softness(_page_of_text(0), 200) < SOFT
    assert softness(_page_of_text(0.6), 200) < SOFT
    assert softness(_page_of_text(1.33), 200) >= SOFT
    assert softness(_page_of_text(2.0), 200) > softness(_page_of_text(1.33), 200)


def test_only_a_soft_page_is_sharpened():
    sharp = _page_of_text(0)
    assert refocus(sharp, sharp, 200) is sharp
    soft = _page_of_text(1.33)
    sharpened = refocus(soft, soft, 200)
    assert softness(sharpened, 200) < softness(soft, 200) - 0.2
    # The letters keep their weight: as much ink as the sharp page's, within a tenth.
    assert abs(np.count_nonzero(sharpened < 128) - np.count_nonzero(sharp < 128)) <= 0.1 * np.count_nonzero(sharp < 128)
