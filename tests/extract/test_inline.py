from extract.inline import parse_inline


def test_escaped_dollar_and_underline():
    text, spans = parse_inline(r"87,9 M\$ et <u>prévues</u> en 2020")
    assert text == "87,9 M$ et prévues en 2020"
    assert [s.text for s in spans if s.underline] == ["prévues"]


def test_superscripts_in_all_three_spellings():
    for raw in ("le 4^e^ plan", "le 4^e plan", "le 4^{e} plan"):
        text, spans = parse_inline(raw)
        assert text == "le 4e plan"
        assert [s.text for s in spans if s.superscript] == ["e"]


def test_bold_and_italic():
    text, spans = parse_inline("Principales **PRIORITÉS COLLECTIVES** et *Lévis Interculturelle*")
    assert text == "Principales PRIORITÉS COLLECTIVES et Lévis Interculturelle"
    assert [s.text for s in spans if s.bold] == ["PRIORITÉS COLLECTIVES"]
    assert [s.text for s in spans if s.italic] == ["Lévis Interculturelle"]


def test_lone_star_stays_literal_as_footnote_mark():
    # A footnote mark must not open an italic span that swallows the paragraph.
    assert parse_inline("Programme (*PMRG) pour adulte")[0] == "Programme (*PMRG) pour adulte"
    assert parse_inline("de la Ville.*")[0] == "de la Ville.*"
    text, spans = parse_inline("*Ces actions « *Soutenir les organismes* » de l'axe")
    assert text == "*Ces actions « Soutenir les organismes » de l'axe"
    assert [s.text for s in spans if s.italic] == ["Soutenir les organismes"]


def test_links_keep_text_and_target():
    text, spans = parse_inline("[https://x.ca/a .pdf](https://x.ca/a.pdf)")
    assert text == "https://x.ca/a .pdf"
    assert spans[0].href == "https://x.ca/a.pdf"
    text, spans = parse_inline("<http://www.logislevis.com/>")
    assert text == "http://www.logislevis.com/" and spans[0].href == text


def test_glued_bold_names_are_separate_spans():
    text, spans = parse_inline("Julie Rousseau**Marlène Roy**")
    assert [s.text for s in spans] == ["Julie Rousseau", "Marlène Roy"]


def test_stray_and_no_break_spaces_collapse():
    assert parse_inline("  Ville\u00a0de   Lévis  ")[0] == "Ville de Lévis"
