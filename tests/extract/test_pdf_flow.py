"""What spans pages and column segments in a PDF's block stream (extract/pdf_flow.py), on
hand-built blocks: side text cut by a page, list depth measured from the item's column."""


from extract.blocks import Block, BlockDocument, BlockKind
from extract.parsers import parser_for
from extract.pdf_flow import assign_lists, carry_asides
from extract.records import Provenance, Source


def block(text, page, bbox, kind=BlockKind.LIST_ITEM, role=None, bold=False, depth=0):
    return Block(kind, text, Provenance(page=page, bbox=bbox), role=role, bold=bold, depth=depth,
                 bullet="•" if kind is BlockKind.LIST_ITEM else None, font_size=10.0)


def test_a_side_column_cut_by_a_page_goes_on_at_the_next_page_top():
    # A layout table's row split by the page: its side cell (left) goes on over the page.
    blocks = [
        block("Réalisation faite.", 1, (250, 100, 520, 120)),
        block("Partenaires :", 1, (90, 100, 160, 110), BlockKind.PARAGRAPH, "aside", bold=True),
        block("Centre d'éducation pour adultes", 1, (90, 700, 210, 720), role="aside"),
        block("Université du Québec à Rimouski", 2, (90, 80, 214, 100)),
        block("Note de la réalisation, à droite.", 2, (250, 80, 520, 100), BlockKind.PARAGRAPH),
        block("Caisse Desjardins de Lévis, la plus longue ligne", 2, (90, 104, 228, 114)),
        block("11. Implanter un projet de médiation citoyenne", 2, (250, 140, 520, 160), BlockKind.PARAGRAPH, bold=True),
        block("OBJECTIF", 2, (90, 300, 140, 310), BlockKind.PARAGRAPH, bold=True),
    ]
    carry_asides(blocks)
    # The main text beside the side column does not stop the carry; a heading in it does.
    assert [b.role for b in blocks[3:]] == ["aside", None, "aside", None, None]


def test_text_that_finishes_a_main_paragraph_is_not_carried_into_the_side_column():
    # Two page columns: a box ends column 1's page, column 2's paragraph goes on at the next
    # page's top, in column 1 again, in lower case.
    blocks = [
        block("Participation active aux chantiers de l'Espace de concertation sur les pratiques", 1,
              (320, 700, 572, 730), BlockKind.PARAGRAPH),
        block("Espace de concertation sur les pratiques (ECPAR)", 1, (46, 676, 286, 694), role="aside"),
        block("responsable (ECPAR) comprenant des échanges", 2, (50, 59, 292, 90), BlockKind.PARAGRAPH),
    ]
    carry_asides(blocks)
    assert blocks[2].role is None


def test_sub_items_on_a_new_page_keep_their_depth():
    # Provisional depths are indents from the segment's left; a box cut the column so that a
    # segment of sub-items starts at their own indent (depth 0 there).
    blocks = [
        block("Réseautage des acteurs :", 1, (232, 400, 516, 428), depth=0),
        block("Comité de crise COVID-19", 1, (250, 442, 527, 480), depth=0),
        block("Regroupement des organismes", 1, (250, 484, 512, 508), depth=0),
        block("Comité de coordination de l'Initiative", 2, (250, 85, 532, 138), depth=18),
        block("Confirmation du statut permanent", 2, (232, 180, 530, 218), depth=0),
    ]
    assign_lists(blocks)
    assert [b.depth for b in blocks] == [0, 1, 1, 1, 0]
    assert len({b.list_id for b in blocks}) == 1


def test_a_box_label_waiting_for_its_list_lets_the_text_beside_it_through():
    # Reading order of a box cut by a page: its label, the achievements beside the box, then
    # the label's list.
    para, item = BlockKind.PARAGRAPH, BlockKind.LIST_ITEM
    blocks = [
        Block(BlockKind.HEADING, "AXE 2 L'HABITATION ET LE MILIEU DE VIE", Provenance(page=1), level=1),
        block("13. Participer activement à l'initiative la Fête des voisins.", 1, None, para, bold=True),
        block("Responsable municipal :", 1, None, para, "aside", bold=True),
        block("Réalisation de la Fête des Voisins en mode virtuel.", 2, None, item),
        block("Octroi d'un soutien financier au Centre aide et prévention jeunesse.", 2, None, item),
        block("Service du développement social et communautaire", 2, None, item, "aside"),
        block("Partenaires :", 2, None, para, "aside", bold=True),
        block("Organismes communautaires lévisiens", 2, None, item, "aside"),
    ]
    assign_lists(blocks)
    doc = BlockDocument(source=Source(path="bilan.pdf", sha256="0" * 64, format="pdf"), blocks=blocks)
    record = parser_for("bilan")(doc)
    action = record.actions[0]
    assert action.number == "13"
    assert [n.name for n in action.leads] == ["Service du développement social et communautaire"]
    assert [n.name for n in action.partners] == ["Organismes communautaires lévisiens"]
    assert [a.text for a in action.achievements] == [
        "Réalisation de la Fête des Voisins en mode virtuel.",
        "Octroi d'un soutien financier au Centre aide et prévention jeunesse."]


def test_an_axis_heading_whose_last_words_are_a_block_of_their_own_is_one_heading():
    # A wide leading (or a scan's line gap) set "PERSONNES" apart: capitals of the heading's size,
    # right below it. On its own it would close the last axis, leaving it empty.
    def heading(text, top):
        return Block(BlockKind.HEADING, text, Provenance(page=3, bbox=(52, top, 510, top + 14)), level=1, bold=True,
                     font_size=14.5)

    blocks = [
        heading("AXE 5 LE DÉVELOPPEMENT ET L'ÉPANOUISSEMENT DES", 64),
        heading("PERSONNES", 83),
        block("4. (b) Mettre à la disposition de la population du matériel sportif.", 3, (52, 122, 360, 155),
              BlockKind.PARAGRAPH, bold=True),
        block("Soutien à un projet pilote de prêt de patins.", 3, (64, 167, 373, 200)),
        heading("CONCLUSION", 400),
        block("Le texte de la conclusion.", 3, (52, 420, 360, 430), BlockKind.PARAGRAPH),
    ]
    assign_lists(blocks)
    doc = BlockDocument(source=Source(path="bilan.pdf", sha256="0" * 64, format="pdf"), blocks=blocks)
    record = parser_for("bilan")(doc)
    assert [(a.number, a.title) for a in record.axes] == [(5, "LE DÉVELOPPEMENT ET L'ÉPANOUISSEMENT DES PERSONNES")]
    assert [(a.axis, a.number) for a in record.actions] == [(5, "4.b")]
    assert [s.title for s in record.sections] == ["CONCLUSION"]


def test_a_tick_read_as_a_roman_five_opens_no_axis():
    # A reader's tick in the margin, read by OCR as "V" and set large: alone, it is no "AXE 5"
    # (with it, axis 2's later actions were filed under axis 5). "AXE 5" alone still is one.
    def heading(text, top, page=5):
        return Block(BlockKind.HEADING, text, Provenance(page=page, bbox=(52, top, 510, top + 14)), level=1,
                     bold=True, font_size=14.5)

    tick = Block(BlockKind.HEADING, "V", Provenance(page=6, bbox=(20, 300, 34, 320)), level=1, font_size=16)
    blocks = [
        heading("AXE 2 L'HABITATION ET LE MILIEU DE VIE", 64),
        block("1. Élaborer une stratégie de développement du logement social.", 5, (52, 122, 360, 135),
              BlockKind.PARAGRAPH, bold=True),
        block("Rédaction de la stratégie.", 5, (64, 147, 373, 160)),
        tick,
        block("11. Implanter un projet de médiation citoyenne.", 6, (52, 300, 360, 313), BlockKind.PARAGRAPH, bold=True),
        block("Signature d'un protocole d'entente.", 6, (64, 325, 373, 338)),
        heading("AXE 5", 64, page=7),
        block("4. (b) Mettre à la disposition de la population du matériel sportif.", 7, (52, 122, 360, 135),
              BlockKind.PARAGRAPH, bold=True),
        block("Soutien à un projet pilote de prêt de patins.", 7, (64, 147, 373, 160)),
    ]
    assign_lists(blocks)
    doc = BlockDocument(source=Source(path="bilan.pdf", sha256="0" * 64, format="pdf"), blocks=blocks)
    record = parser_for("bilan")(doc)
    assert [a.number for a in record.axes] == [2, 5]
    assert [(a.axis, a.number) for a in record.actions] == [(2, "1"), (2, "11"), (5, "4.b")]


def test_a_sentence_ending_in_capitals_does_not_close_the_last_axis():
    # "COVID-19." set apart from its note (a scan's highlighter stroke over the line) reads as an
    # all-capitals line: a title would end the last axis (CONCLUSION...), a sentence's end does not.
    blocks = [
        Block(BlockKind.HEADING, "AXE 5 LE DÉVELOPPEMENT ET L'ÉPANOUISSEMENT DES PERSONNES",
              Provenance(page=18, bbox=(52, 64, 510, 78)), level=1, bold=True, font_size=14.5),
        block("7. (d) Contribuer à la bonification du programme ACCÈS-LOISIRS Lévis.", 18, (52, 122, 360, 135),
              BlockKind.PARAGRAPH, bold=True),
        block("➔ Travaux mis en suspend en raison de la pandémie de", 18, (64, 147, 373, 160)),
        block("COVID-19.", 18, (74, 175, 120, 188), BlockKind.PARAGRAPH),
        block("10. Évaluer la possibilité de se doter de bibliomobiles.", 18, (52, 222, 360, 235),
              BlockKind.PARAGRAPH, bold=True),
        block("Acquisition d'une première bibliomobile.", 18, (64, 247, 373, 260)),
        Block(BlockKind.HEADING, "CONCLUSION", Provenance(page=19, bbox=(52, 64, 510, 78)), level=1, bold=True,
              font_size=14.5),
        block("Le texte de la conclusion.", 19, (52, 90, 360, 100), BlockKind.PARAGRAPH),
    ]
    assign_lists(blocks)
    doc = BlockDocument(source=Source(path="bilan.pdf", sha256="0" * 64, format="pdf"), blocks=blocks)
    record = parser_for("bilan")(doc)
    assert [(a.axis, a.number) for a in record.actions] == [(5, "7.d"), (5, "10")]
    assert [s.title for s in record.sections] == ["CONCLUSION"]
