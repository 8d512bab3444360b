"""Bootstrap the docxtpl templates in templates/ (run once, on purpose).

The .docx files it writes are the source of truth afterwards: staff restyle
them in Word (fonts, colours, logo, margins). Running this again overwrites
them, so it refuses when a template already exists unless --force is given.
"""

from __future__ import annotations

import sys
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
BLUE = RGBColor(0x1D, 0x4F, 0x91)


def _document() -> docx.Document:
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    for name, size in (("Title", 26), ("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11)):
        style = document.styles[name]
        style.font.color.rgb = BLUE
        style.font.size = Pt(size)
        style.font.name = "Calibri"
    return document


def _p(document, text: str, style: str | None = None, bold: bool = False, align=None):
    paragraph = document.add_paragraph(style=style)
    run = paragraph.add_run(text)
    run.bold = bold
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _shade(cell, color: str = "1D4F91") -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), color)
    cell._tc.get_or_add_tcPr().append(shading)


def _header_row(table, texts: list[str]) -> None:
    for cell, text in zip(table.rows[-1].cells, texts):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        _shade(cell)


def _widths(table, centimetres: list[float]) -> None:
    from docx.shared import Cm

    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, centimetres):
            cell.width = Cm(width)


def _loop_rows(table, loop: str, cells: list[str]) -> None:
    """docxtpl row loop: a row holding only {%tr for %}, the content row, a row holding {%tr endfor %}."""
    table.add_row().cells[0].text = "{%tr for " + loop + " %}"
    for cell, text in zip(table.add_row().cells, cells):
        cell.text = text
    table.add_row().cells[0].text = "{%tr endfor %}"


def _each(document, loop: str, item: str, style: str | None = "List Bullet") -> None:
    """One paragraph repeated by a docxtpl paragraph loop (a bullet unless style says otherwise)."""
    _p(document, "{%p for " + loop + " %}")
    _p(document, item, style)
    _p(document, "{%p endfor %}")


def _labelled_list(document, condition: str, label: str, loop: str, item: str) -> None:
    """A bold label and its bullets, both left out when condition is empty."""
    _p(document, "{%p if " + condition + " %}")
    _p(document, label, bold=True)
    _each(document, loop, item)
    _p(document, "{%p endif %}")


def _cover(document, title: str, subtitle: str) -> None:
    _p(document, title, "Title", align=WD_ALIGN_PARAGRAPH.CENTER)
    _p(document, subtitle, align=WD_ALIGN_PARAGRAPH.CENTER)
    _p(document, "Politique de développement social et communautaire — Ville de Lévis", align=WD_ALIGN_PARAGRAPH.CENTER)
    document.add_page_break()


def annual_plan() -> docx.Document:
    document = _document()
    _cover(document, "PLAN DE DÉPLOIEMENT {{ cycle }}", "{{ subtitle }}")
    _p(document, "{{ intro }}")
    _p(document, "{%p for axis in axes %}")
    _p(document, "AXE {{ axis.number }} {{ axis.title }}", "Heading 1")
    table = document.add_table(rows=2, cols=4)
    table.style = "Table Grid"
    table.rows[0].cells[0].text = "{{ axis.title }}"
    table.rows[0].cells[1].text = "Axe {{ axis.number }}"
    _shade(table.rows[0].cells[0], "DDE6F3")
    _shade(table.rows[0].cells[1], "DDE6F3")
    _header_row(table, ["N°", "ACTIONS DU PLAN D'ACTION", "RESPONSABLE", "SUIVI"])
    _loop_rows(table, "a in axis.actions", ["{{ a.number }}", "{{ a.title }}{{ a.src }}", "{{ a.leads }}", "{{ a.reason }}"])
    _widths(table, [1.4, 8.0, 2.6, 5.0])
    _p(document, "")
    _p(document, "{%p endfor %}")
    _p(document, "GLOSSAIRE", "Heading 1")
    _each(document, "g in glossary", "{{ g.code }} : {{ g.name }}", style=None)
    return document


def annual_bilan() -> docx.Document:
    document = _document()
    _cover(document, "BILAN {{ cycle }}", "{{ subtitle }}")
    _p(document, "MOT DU MAIRE", "Heading 2")
    _p(document, "[À rédiger : mot du maire]")
    _p(document, "MOT DE LA PRÉSIDENCE DE LA COMMISSION CONSULTATIVE DE DÉVELOPPEMENT SOCIAL ET COMMUNAUTAIRE", "Heading 2")
    _p(document, "[À rédiger : mot de la présidence de la Commission]")
    _p(document, "SOMMAIRE", "Heading 2")
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    _header_row(table, ["Axe d'intervention", "Nb d'actions prévues en {{ cycle }}", "Nb d'actions entamées ou réalisées",
                        "Nb d'occasions saisies ou d'opportunités nouvelles"])
    _loop_rows(table, "row in summary", ["{{ row.label }}", "{{ row.planned }}", "{{ row.started }}", "{{ row.opportunities }}"])
    _widths(table, [7.0, 3.0, 3.5, 3.5])
    _p(document, "{%p if chart %}")
    _p(document, "{{ chart }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    _p(document, "{{ chart_caption }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    _p(document, "{%p endif %}")
    _p(document, "{%p for axis in axes %}")
    _p(document, "AXE {{ axis.number }} {{ axis.title }}", "Heading 1")
    _p(document, "{%p for a in axis.actions %}")
    _p(document, "{{ a.number }}. {{ a.title }}{{ a.src }}", bold=True)
    _each(document, "item in a.achievements", "{{ item }}")
    _each(document, "note in a.notes", "{{ note }}", style=None)
    _p(document, "Responsable municipal :", bold=True)
    _each(document, "lead in a.leads", "{{ lead.name }}{{ lead.src }}")
    _labelled_list(document, "a.partners", "Partenaires :", "partner in a.partners", "{{ partner.name }}{{ partner.src }}")
    _p(document, "{%p endfor %}")
    _p(document, "Occasions saisies et opportunités nouvelles", "Heading 2")
    _p(document, "{%p for o in axis.opportunities %}")
    _p(document, "OBJECTIF", "Heading 3")
    _p(document, "{{ o.objective }}{{ o.src }}")
    _each(document, "item in o.achievements", "{{ item }}")
    _labelled_list(document, "o.leads", "Responsable municipal :", "lead in o.leads", "{{ lead }}")
    _labelled_list(document, "o.partners", "Partenaires :", "partner in o.partners", "{{ partner }}")
    _p(document, "{%p endfor %}")
    _p(document, "{%p if not axis.opportunities %}")
    _p(document, "OBJECTIF", "Heading 3")
    _p(document, "[À compléter : objectif, réalisations, responsables et partenaires des occasions saisies]")
    _p(document, "{%p endif %}")
    _p(document, "{%p endfor %}")
    _p(document, "CONCLUSION", "Heading 2")
    _p(document, "[À rédiger : conclusion]")
    return document


def biennial_bilan() -> docx.Document:
    document = _document()
    _cover(document, "BILAN {{ cycle }}", "{{ subtitle }}")
    _p(document, "MOT DE LA PRÉSIDENCE DE LA COMMISSION CONSULTATIVE DE DÉVELOPPEMENT SOCIAL ET COMMUNAUTAIRE", "Heading 2")
    _p(document, "[À rédiger : mot de la présidence de la Commission]")
    _p(document, "PRIORITÉS COLLECTIVES", "Heading 1")
    _p(document, "{%p for p in priorities %}")
    _p(document, "PRIORITÉ {{ p.rank }} — {{ p.title }}{{ p.src }}", "Heading 2")
    _p(document, "Axe {{ p.axis }} — Objectif : {{ p.objective }}")
    _p(document, "Partenaires responsables :", bold=True)
    _each(document, "n in p.partners", "{{ n.name }}{{ n.src }}")
    _p(document, "Réalisations {{ cycle }} :", bold=True)
    _p(document, "[À compléter : réalisations de la priorité]", "List Bullet")
    _p(document, "{%p endfor %}")
    _p(document, "PLANS ET PROGRAMMES MUNICIPAUX PRIORISÉS", "Heading 1")
    _p(document, "{%p for g in programs %}")
    _p(document, "{{ g.rank }}. {{ g.title }} (axe {{ g.axis }}){{ g.src }}", "Heading 2")
    _p(document, "Objectif : {{ g.objective }}")
    _p(document, "Responsable municipal : {{ g.leads }}")
    _p(document, "Réalisations {{ cycle }} : [À compléter]")
    _p(document, "{%p if g.annex %}")
    _p(document, "Les actions de ce plan prévues en {{ cycle }} sont reprises à la fin du document.")
    _p(document, "{%p endif %}")
    _p(document, "{%p endfor %}")
    _p(document, "{%p if annex %}")
    _p(document, "{{ annex.title }} : actions dont la période visée comprend {{ years }}", "Heading 2")
    _p(document, "OBJECTIFS ET ACTIONS", "Heading 3")
    _p(document, "{%p for axis in annex.axes %}")
    _p(document, "AXE {{ axis.number }} {{ axis.title }}", "Heading 3")
    _p(document, "{%p for a in axis.actions %}")
    _p(document, "{{ a.number }} {{ a.title }}{{ a.src }}", bold=True)
    _p(document, "Partenaires potentiels : {{ a.partners }}")
    _p(document, "Résultats attendus : {{ a.expected_results }}")
    _p(document, "Période visée : {{ a.period }}")
    _p(document, "{%p endfor %}")
    _p(document, "{%p endfor %}")
    _p(document, "{%p endif %}")
    _p(document, "CONCLUSION", "Heading 2")
    _p(document, "[À rédiger : conclusion]")
    return document


def biennial_plan() -> docx.Document:
    document = _document()
    _cover(document, "PLAN DE DÉPLOIEMENT {{ cycle }}", "{{ subtitle }}")
    _p(document, "{{ intro }}")
    _p(document, "RÉALITÉS ACTUELLES ayant un impact direct sur la prestation de services des acteurs du milieu", "Heading 1")
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    _loop_rows(table, "r in realities", ["{{ r.rank }}. {{ r.title }}", "{{ r.description }}"])
    _p(document, "Principales PRIORITÉS COLLECTIVES retenues, par ordre d'importance", "Heading 1")
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    _header_row(table, ["PRIORITÉS", "AXE D'INTERVENTION", "OBJECTIFS", "PARTENAIRES RESPONSABLES"])
    _loop_rows(table, "p in priorities", ["{{ p.rank }}. {{ p.title }}{{ p.src }}", "Axe {{ p.axis }}", "{{ p.objective }}",
                                          "{{ p.partners }}"])
    _widths(table, [4.5, 2.0, 6.0, 4.5])
    for heading, name in (("PLANS et PROGRAMMES MUNICIPAUX priorisés pour le développement social et communautaire", "programs"),
                          ("Autres PLANS MUNICIPAUX en lien avec les travaux de la communauté en développement social", "other_plans")):
        _p(document, heading, "Heading 1")
        table = document.add_table(rows=1, cols=5)
        table.style = "Table Grid"
        _header_row(table, ["", "PLANS OU PROGRAMMES", "", "OBJECTIF", "RESPONSABLE"])
        _loop_rows(table, "g in " + name, ["{{ g.rank }}.", "{{ g.title }}{{ g.src }}", "Axe {{ g.axis }}", "{{ g.objective }}",
                                           "{{ g.leads }}"])
        _widths(table, [1.0, 4.0, 1.8, 7.0, 3.2])
    _each(document, "g in glossary", "{{ g.code }} : {{ g.name }}", style=None)
    _p(document, "STRATÉGIES DE MISE EN ACTION", "Heading 1")
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    _loop_rows(table, "s in strategies", ["{{ s.rank }}. {{ s.title }}", "{{ s.description }}"])
    _p(document, "FONDS DE SOUTIEN FINANCIER en appui à la réalisation du Plan d'action de la Politique", "Heading 1")
    _p(document, "{{ fund }}")
    return document


BUILDERS = {
    "plan-deploiement.docx": annual_plan,
    "bilan.docx": annual_bilan,
    "bilan-biennal.docx": biennial_bilan,
    "plan-deploiement-biennal.docx": biennial_plan,
}


def main(force: bool, names: list[str]) -> None:
    for name, build in BUILDERS.items():
        if names and name not in names:
            continue
        target = TEMPLATES / name
        if target.exists() and not force:
            print(f"{target} existe déjà : conservé (--force pour le remplacer)")
            continue
        build().save(str(target))
        print(f"modèle écrit : {target}")


if __name__ == "__main__":
    # python tools/make_templates.py [--force] [bilan.docx ...]: only the named templates, if any.
    main("--force" in sys.argv, [a for a in sys.argv[1:] if not a.startswith("--")])
