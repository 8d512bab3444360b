"""Running headers and footers, and what a scanning office adds to every sheet
(extract/pdf_furniture.py): pages of word boxes laid out by hand, no PDF, no OCR."""

from __future__ import annotations

import random

from extract.pdf_furniture import strip_furniture
from extract.pdf_layout import Box

HEIGHT = 792.0


def _line(text: str, top: float, x0: float = 60.0, size: float = 9.0, conf: float | None = None) -> list[Box]:
    boxes, x = [], x0
    for word in text.split():
        width = 0.5 * size * len(word)
        boxes.append(Box(x, x + width, top, top + size, word, size, conf=conf))
        x += width + 0.3 * size
    return boxes


def _body(page: int, first: float = 80.0) -> list[Box]:
    """A page of running text: a numbered action, then its lines, 14 points apart."""
    words = _line(f"{page + 3}. Soutenir les organismes du milieu en période de pandémie", first, size=10)
    for k in range(1, 30):
        words += _line(f"Ligne {k} du texte courant de la page, assez longue pour être du corps", first + 14 * k, size=10)
    return words


def _texts(words: list[Box]) -> str:
    return " ".join(box.text for box in words)


def test_a_running_header_and_footer_misread_by_ocr_and_moved_by_the_scan_are_furniture():
    rng = random.Random(3)
    header = ["Ville de Lévis — Bilan 2020", "Ville de Lévis — Bilan 2O20", "Vilie de Lévis — Bilan 2020",
              "Ville de Levis — Bilan 2020", "Ville de Lévis – Bilan 2020", "Ville de Lévis — Bilan 2020"]
    pages = []
    for page, text in enumerate(header):
        shift = rng.uniform(-4, 4)  # the sheet lay a little higher or lower on the glass
        words = (_line(text, 34 + shift, conf=90) + _body(page, 80 + shift)
                 + _line(f"Page {page + 1} de 6", 750 + shift, x0=480, conf=92))
        for box in words:
            box.conf = box.conf or 95.0
        pages.append((HEIGHT, words))
    for words in strip_furniture(pages):
        text = _texts(words)
        assert "Bilan" not in text and "Page" not in text
        assert "Soutenir les organismes" in text and "Ligne 29" in text


def test_a_batch_label_over_a_running_header_is_peeled_first_and_its_barcode_goes_with_it():
    pages = []
    for page in range(5):
        words = (_line("IIlI lIl", 4, x0=450, size=22, conf=8)  # the barcode, read as junk
                 + _line(f"LV-2021-{(page * 7919) % 999999:06d}", 24, x0=455, conf=91)
                 + _line("Ville de Lévis — Bilan 2020", 50, conf=94) + _body(page, 90))
        pages.append((HEIGHT, words))
    for words in strip_furniture(pages):
        text = _texts(words)
        assert "LV-" not in text and "IIlI" not in text and "Bilan 2020" not in text
        assert text.startswith(next(w.text for w in words))  # the body is left whole
        assert sum(1 for box in words if box.text == "Ligne") == 29


def test_first_lines_that_change_from_page_to_page_are_body():
    titles = ["AXE 1 LA MOBILITÉ DES PERSONNES", "Mettre en œuvre le plan d'accès universel",
              "Occasions saisies et opportunités nouvelles", "AXE 4 L'ACTION COMMUNAUTAIRE",
              "Soutenir les jardins communautaires"]
    pages = [(HEIGHT, _line(title, 40, size=14) + _body(page, 80)) for page, title in enumerate(titles)]
    for (_, before), after in zip(pages, strip_furniture(pages)):
        assert len(after) == len(before)


def test_a_label_that_repeats_but_lies_close_above_the_body_is_body():
    """"Responsable municipal :" opening many pages at the same height, followed at once by its
    unit: not set apart from the body, so not furniture."""
    pages = [(HEIGHT, _line("Responsable municipal :", 40) + _line("Service du développement social", 50)
              + _body(page, 64)) for page in range(5)]
    for (_, before), after in zip(pages, strip_furniture(pages)):
        assert len(after) == len(before)


def test_a_line_on_too_few_pages_is_not_furniture():
    pages = [(HEIGHT, (_line("Note de la rédaction", 34) if page == 0 else []) + _body(page, 80)) for page in range(6)]
    assert "Note de la rédaction" in _texts(strip_furniture(pages)[0])


def test_a_labels_number_stands_apart_from_the_body_whatever_junk_ocr_read_beside_it():
    """A barcode read "ra" and "VUE" at low confidence, as tall as the label, beside its number:
    with them the number's line would reach down near the body and not stand apart."""
    pages = []
    for page in range(5):
        junk = [Box(440, 455, 10, 35, "ra", 25, conf=6), Box(530, 550, 18, 43, "VUE", 25, conf=18)]
        words = junk + _line(f"LV-2021-{(page * 7919) % 999999:06d}", 33, x0=460, conf=91) + _body(page, 55)
        pages.append((HEIGHT, words))
    for words in strip_furniture(pages):
        assert not {"ra", "VUE"} & {box.text for box in words} and "LV-" not in _texts(words)
        assert sum(1 for box in words if box.text == "Ligne") == 29


def _headed(page: int, header: list[Box]) -> tuple[float, list[Box]]:
    words = header + _body(page, 80)
    for box in words:
        box.conf = 95.0 if box.conf is None else box.conf
    return HEIGHT, words


def test_where_furniture_lies_on_other_pages_a_line_read_with_little_confidence_is_that_furniture_misread():
    pages = [_headed(page, _line("Ville de Lévis — Bilan 2020", 34, conf=93)) for page in range(4)]
    pages.append(_headed(4, _line("vie de Lis ln 2020 vu", 35, conf=40)))
    assert "Lis" not in _texts(strip_furniture(pages)[4])


def test_a_line_read_with_confidence_where_furniture_lies_elsewhere_is_body():
    """A title page whose title stands where the other pages' running header does."""
    pages = [_headed(page, _line("Ville de Lévis — Bilan 2020", 34, conf=93)) for page in range(4)]
    pages.append(_headed(4, _line("Au cœur du courant Lévis", 35, conf=94)))
    assert "courant" in _texts(strip_furniture(pages)[4])


def test_a_line_read_with_little_confidence_away_from_any_furniture_is_body():
    """A faint footnote at the foot of one page, where no page has furniture."""
    pages = [_headed(page, _line("Ville de Lévis — Bilan 2020", 34, conf=93)) for page in range(4)]
    pages.append(_headed(4, _line("Ville de Lévis — Bilan 2020", 34, conf=93) + _line("¹ Note pâle en bas", 740, conf=40)))
    assert "pâle" in _texts(strip_furniture(pages)[4])
