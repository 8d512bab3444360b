"""Reading order from geometry alone, on hand-built word boxes (no PDF needed)."""

from extract.pdf_layout import Box, LayoutSettings, region_blocks, xycut


def line(text, x, top, size=10.0, bold=False, gap=3.0):
    boxes, cursor = [], x
    for word in text.split():
        width = 5.0 * len(word)
        boxes.append(Box(cursor, cursor + width, top, top + size, word, size, bold))
        cursor += width + gap
    return boxes


def fiche(number, top, side_x, main_x):
    main = line(f"{number}. Titre de l'action {number}", main_x, top, bold=True) + line("• Réalisation faite.", main_x, top + 14)
    side = line("Responsable :", side_x, top) + line("• Service X", side_x, top + 12)
    return main + side


def order(boxes):
    settings = LayoutSettings(body_size=10)
    out = []
    for region in xycut(boxes, min(b.x0 for b in boxes), settings):
        out += [(block.text, block.role) for block, _ in region_blocks(region, 1, settings)]
    return out


def test_side_column_on_the_right_is_read_after_its_own_fiche():
    boxes = fiche(1, 100, side_x=400, main_x=50) + fiche(2, 160, side_x=400, main_x=50)
    texts = [t for t, _ in order(boxes)]
    assert texts.index("Service X") < texts.index("2. Titre de l'action 2")
    assert texts[:4] == ["1. Titre de l'action 1", "Réalisation faite.", "Responsable :", "Service X"]


def test_side_column_on_the_left_is_still_read_after_the_main_text():
    boxes = fiche(1, 100, side_x=50, main_x=250) + fiche(2, 160, side_x=50, main_x=250)
    result = order(boxes)
    assert [t for t, _ in result][:4] == ["1. Titre de l'action 1", "Réalisation faite.", "Responsable :", "Service X"]
    assert dict(result)["Responsable :"] == "aside"


def test_equal_columns_are_read_one_after_the_other():
    left = line("Début de la colonne gauche", 50, 100) + line("fin gauche.", 50, 112) + line("suite gauche", 50, 140)
    right = line("Début de la colonne droite", 330, 100) + line("fin droite.", 330, 112) + line("suite droite", 330, 140)
    texts = [t for t, _ in order(left + right)]
    assert texts.index("suite gauche") < texts.index("Début de la colonne droite fin droite.")
