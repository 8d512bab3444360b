"""Reading order from geometry alone, on hand-built word boxes (no PDF needed)."""

from extract.pdf_layout import Box, LayoutSettings, region_blocks
from extract.pdf_columns import bind_bullets, shared_gutter
from extract.pdf_xycut import xycut


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


def test_a_side_column_of_boxes_pairs_each_box_with_the_text_beside_it():
    # A layout table's rows with no whitespace across them: each box goes after its own fiche.
    boxes = []
    for k, top in enumerate((100, 130, 160), 1):
        boxes += line(f"{k}. Titre {k}", 250, top, bold=True) + line(f"• Réalisation {k}.", 250, top + 12)
        boxes.append(Box(50, 200, top, top + 28, container=k - 1))
    regions = xycut(boxes, 50, LayoutSettings(body_size=10))
    sequence = [f"BOX{r.boxes[0].container}" if r.boxes[0].container is not None else r.boxes[0].text for r in regions]
    assert sequence == ["1.", "BOX0", "2.", "BOX1", "3.", "BOX2"]
    assert [r.role for r in regions if r.boxes[0].container is not None] == ["aside"] * 3


def test_a_bullet_stays_with_its_item_across_a_wide_hanging_indent():
    boxes = []
    for k, top in enumerate((100, 112, 124)):
        boxes += [Box(250, 254, top, top + 10, "\uf0b7", 10.0)] + line(f"Élément numéro {k} de la liste", 268, top)
    bind_bullets(boxes, 10.0)
    assert all(b.reach == 268 for b in boxes if b.text == "\uf0b7")
    texts = [t for t, _ in order(boxes)]
    assert texts == ["Élément numéro 0 de la liste", "Élément numéro 1 de la liste", "Élément numéro 2 de la liste"]


def test_a_dash_inside_a_sentence_binds_nothing():
    boxes = line("Une phrase – suivie", 50, 100)
    bind_bullets(boxes, 10.0)
    assert all(b.reach is None for b in boxes)


def test_a_narrow_gutter_parts_columns_when_the_far_side_starts_on_one_edge():
    side = [b for k in range(6) for b in line(f"Nom {k}", 50, 100 + 12 * k)]
    main = [b for k in range(4) for b in line(f"Texte principal numéro {k}", 84, 100 + 12 * k)]
    # 11 points between the columns ("Nom k" ends at x = 73): less than a gutter (14), but the
    # main text's lines all start at x = 84.
    texts = [t for t, _ in order(side + main)]
    assert not any("Nom" in t and "Texte" in t for t in texts), texts


def test_a_river_of_word_spaces_is_no_narrow_gutter():
    # Justified lines whose wide spaces line up, but whose words after them start anywhere.
    boxes = []
    for k, start in enumerate((120, 125, 131, 118)):
        boxes += line("mot " * 4, 50, 100 + 12 * k, gap=3.0)
        boxes += line("suite de la ligne", start, 100 + 12 * k)
    assert all(len(r.boxes) == len(boxes) for r in xycut(boxes, 50, LayoutSettings(body_size=10)))


def test_a_heading_set_tight_over_two_columns_comes_off_first():
    heading = line("AXE 3 — LE DÉVELOPPEMENT DES QUARTIERS À ÉCHELLE HUMAINE", 50, 80, size=14.0, bold=True)
    assert max(b.x1 for b in heading) > 300  # it runs over the gutter
    left = [b for k in range(3) for b in line(f"Gauche {k}", 50, 97 + 12 * k)]
    right = [b for k in range(3) for b in line(f"Droite {k}", 300, 97 + 12 * k)]
    texts = [t for t, _ in order(heading + left + right)]
    assert texts[0] == "AXE 3 — LE DÉVELOPPEMENT DES QUARTIERS À ÉCHELLE HUMAINE"
    assert not any("Gauche" in t and "Droite" in t for t in texts), texts


def test_a_heading_on_a_short_measure_between_two_sections_of_columns_follows_them():
    # Axis 3 in two columns, then "AXE 4" on half the width, below both columns, then axis 4's columns.
    # Columns alike (as wide): neither is a side column.
    left = [b for k in range(6) for b in line(f"Gauche trois {k} du texte courant en colonne", 50, 100 + 12 * k)]
    right = [b for k in range(8) for b in line(f"Droite trois {k} du texte courant en colonne", 300, 100 + 12 * k)]
    heading = line("AXE 4 L'ACTION COMMUNAUTAIRE", 50, 215, size=14.0, bold=True)
    after = [b for k in range(3) for x, side in ((50, "Gauche"), (300, "Droite"))
             for b in line(f"{side} quatre {k} du texte courant en colonne", x, 240 + 12 * k)]
    texts = [t for t, _ in order(left + right + heading + after)]
    at = texts.index("AXE 4 L'ACTION COMMUNAUTAIRE")
    assert all("trois" in t for t in texts[:at]) and any("Droite trois" in t for t in texts[:at]), texts
    assert all("quatre" in t for t in texts[at + 1:]), texts


def test_a_subheading_inside_a_column_is_no_section_break():
    # The right column goes on beside the left column's subheading: column by column.
    left = [b for k in range(4) for b in line(f"Gauche {k} du texte courant en colonne", 50, 100 + 12 * k)] \
        + line("Intertitre", 50, 165, size=13.0, bold=True) \
        + [b for k in range(3) for b in line(f"Suite {k} du texte courant en colonne", 50, 185 + 12 * k)]
    right = [b for k in range(10) for b in line(f"Droite {k} du texte courant en colonne", 300, 100 + 12 * k)]
    texts = [t for t, _ in order(left + right)]
    assert texts.index("Intertitre") < min(k for k, t in enumerate(texts) if "Droite" in t), texts


def test_a_short_row_reads_with_the_narrow_gutter_other_pages_show():
    settings = LayoutSettings(body_size=10)

    def page(rows):
        side = [b for k in range(rows) for b in line(f"Nom {k}", 50, 100 + 12 * k)]
        main = [b for k in range(rows) for b in line(f"Texte principal {k}", 84, 100 + 12 * k)]
        return side + main

    short = page(2)  # two lines a side: too short to show its own narrow gutter
    assert len(xycut(short, 50, settings)) == 1
    settings.gutter_hint = shared_gutter([page(6), page(5), short], settings)
    assert settings.gutter_hint is not None
    regions = xycut(short, 50, settings)
    assert sorted(" ".join(b.text for b in r.boxes) for r in regions) == ["Nom 0 Nom 1", "Texte principal 0 Texte principal 1"]


def test_a_list_item_below_a_side_box_keeps_the_main_columns_measure():
    # The side box ends beside the title; the item's sentence ends at the main column's edge and
    # the item goes on: the side column's edge, far to the right, makes no short line of it.
    title = line("15. Poursuivre l'intervention menée pour équiper les bâtiments", 50, 100, bold=True)
    side = line("Responsable municipal :", 400, 100) + line("• Service de la sécurité", 410, 112)
    words = "44 sur 44 bâtiments municipaux visés, dont tous les centres communautaires"
    item = (line("• " + words, 50, 150) + line("sont actuellement équipés d'un défibrillateur.", 62, 162)
            + line("Les défibrillateurs sont disponibles et fonctionnels.", 62, 174))
    right = max(b.x1 for b in item)
    side = [b for b in side if b.x0 > right + 30]  # a real gutter between the columns
    texts = [t for t, _ in order(title + side + item)]
    assert any(t.startswith("44 sur 44") and t.endswith("disponibles et fonctionnels.") for t in texts), texts


def test_two_ocr_words_whose_boxes_overlap_stay_two_words_and_pdf_pieces_join():
    from extract.pdf_layout import _line_text

    ocr = [Box(215.3, 242.6, 131.8, 143.1, "Axe", 12.5, conf=96.0), Box(236.5, 243.7, 135.4, 146.7, "3", 12.5, conf=95.0)]
    pdf = [Box(100.0, 120.0, 100.0, 110.0, "Lé", 10.0), Box(120.2, 140.0, 100.0, 110.0, "vis", 10.0)]
    assert _line_text(ocr, 12.5) == "Axe 3"  # a blurred 3's box over the e: Tesseract saw the space
    assert _line_text(pdf, 10.0) == "Lévis"
