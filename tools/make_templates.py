"""Bootstrap the docxtpl templates in templates/ (run once, on purpose).

The templates reproduce the published documents' shape (tests/fixtures/bilan-2020.pdf,
plan-deploiement-2020.pdf): a cover, the credits, axis bands, each bilan fiche as a
borderless two-column table (achievements beside "Responsable municipal" and
"Partenaires"), plan tables with fitted columns, repeated header rows and rows that
never split, page numbers and a table of contents. Every look is a named style
(tools/word_layout.py), so the writer restyles in one place.

The .docx files it writes are the source of truth afterwards: staff restyle
them in Word (fonts, colours, logo, margins). Running this again overwrites
them, so it refuses when a template already exists unless --force is given.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH

sys.path.insert(0, str(Path(__file__).resolve().parent))
import word_layout as w  # noqa: E402  (a sibling module of this script)

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
SIDE_CM = 5.4  # the published bilan's side column
PLAN_COLUMNS_CM = [1.6, 8.4, 3.0, 4.59]  # N°, action, unit codes, suivi: 17.59 cm
POLICY = "Politique de développement social et communautaire — Ville de Lévis"


def _each(container, loop: str, item: str, style: str | None = "List Bullet") -> None:
    """One paragraph repeated by a docxtpl paragraph loop."""
    w.paragraph(container, "{%p for " + loop + " %}")
    w.paragraph(container, item, style)
    w.paragraph(container, "{%p endfor %}")


def _when(container, condition: str, build) -> None:
    w.paragraph(container, "{%p if " + condition + " %}")
    build()
    w.paragraph(container, "{%p endif %}")


def _cover(doc, title: str, subtitle: str, slogan: bool = False) -> None:
    if slogan:
        _when(doc, "slogan", lambda: w.paragraph(doc, "{{ slogan }}", "Slogan"))
    w.paragraph(doc, title, "Title")
    w.paragraph(doc, subtitle, "Subtitle")
    w.paragraph(doc, POLICY, "Ligne de couverture")


def _fiche(doc, title: str, main, side) -> None:
    """A borderless two-column row: title and main content wide, leads and partners narrow
    (shaded) on the right, as in the published bilan."""
    table = doc.add_table(rows=1, cols=2)
    w.grid(table, [w.TEXT_WIDTH_CM - SIDE_CM, SIDE_CM], borders=None)
    left, right = table.rows[0].cells
    w.paragraph(left, title, "Titre d'action")
    main(left)
    w.shade(right, w.PALE)
    w.vertical_top(right)
    side(right)
    w.paragraph(doc, "", "Espacement")


def _side_lists(cell, lists: list[tuple[str, str, str, str | None]]) -> None:
    """Labelled lists of the side column: (label, loop, item, condition or None)."""
    for label, loop, item, condition in lists:
        if condition:
            w.paragraph(cell, "{%p if " + condition + " %}")
        w.paragraph(cell, label, "Étiquette latérale")
        _each(cell, loop, item, "Élément latéral")
        if condition:
            w.paragraph(cell, "{%p endif %}")


def _front_matter(doc, mot_du_maire: bool) -> None:
    """Credits and contact block, the introduction carried from the last bilan (to review), the
    words of the mayor and of the Commission's chair, the table of contents."""
    w.paragraph(doc, "{%p for group in credits %}")
    w.paragraph(doc, "{{ group.title }}", "Titre des crédits")
    _each(doc, "line in group.lines", "{{ line }}", "Crédits")
    w.paragraph(doc, "{%p endfor %}")
    w.page_break(doc)
    _when(doc, "intro", lambda: (
        w.paragraph(doc, "À revoir : introduction reprise du bilan {{ intro_from }}", "À revoir"),
        _each(doc, "p in intro", "{{ p.text }}{{ p.src }}", None)))
    _when(doc, "not intro", lambda: w.paragraph(doc, "[À rédiger : introduction]", "Espace à rédiger"))
    if mot_du_maire:
        w.paragraph(doc, "MOT DU MAIRE", "Heading 1")
        w.paragraph(doc, "[À rédiger : mot du maire]", "Espace à rédiger")
    w.paragraph(doc, "MOT DE LA PRÉSIDENCE DE LA COMMISSION CONSULTATIVE DE DÉVELOPPEMENT SOCIAL ET COMMUNAUTAIRE",
                "Heading 1")
    w.paragraph(doc, "[À rédiger : mot de la présidence de la Commission]", "Espace à rédiger")
    w.page_break(doc)
    w.paragraph(doc, "TABLE DES MATIÈRES", "TOC Heading")
    w.table_of_contents(doc)
    w.page_break(doc)


def _conclusion(doc):
    """The bilan's last section, to write, and its page footer."""
    w.paragraph(doc, "CONCLUSION", "Heading 1")
    w.paragraph(doc, "[À rédiger : conclusion]", "Espace à rédiger")
    w.page_footer(doc, "Bilan {{ cycle }}")
    return doc


def annual_plan():
    doc = w.document()
    _cover(doc, "PLAN DE DÉPLOIEMENT {{ cycle }}", "{{ subtitle }}")
    w.paragraph(doc, "{{ intro }}")
    w.paragraph(doc, "{%p for axis in axes %}")
    table = doc.add_table(rows=0, cols=4)
    band = w.band_row(table, "AXE {{ axis.number }} — {{ axis.title }}")
    header = w.header_row(table, ["N°", "ACTIONS DU PLAN D'ACTION", "RESPONSABLE", "SUIVI"])
    for row in (band, header):
        w.repeat_header(row)
    w.loop_rows(table, "a in axis.actions", ["{{ a.number }}", "{{ a.title }}{{ a.src }}", "{{ a.leads }}", "{{ a.reason }}"])
    w.grid(table, PLAN_COLUMNS_CM)
    w.paragraph(doc, "", "Espacement")
    w.paragraph(doc, "{%p endfor %}")
    w.paragraph(doc, "GLOSSAIRE", "Heading 2")
    _each(doc, "g in glossary", "{{ g.code }} : {{ g.name }}", "Glossaire")
    w.page_footer(doc, "Plan de déploiement {{ cycle }}")
    return doc


def annual_bilan():
    doc = w.document()
    _cover(doc, "BILAN {{ cycle }}", "{{ subtitle }}", slogan=True)
    _front_matter(doc, mot_du_maire=True)
    w.paragraph(doc, "SOMMAIRE", "Heading 1")
    table = doc.add_table(rows=0, cols=4)
    header = w.header_row(table, ["Axe d'intervention", "Nb d'actions prévues en {{ cycle }}",
                                  "Nb d'actions entamées ou réalisées", "Nb d'occasions saisies ou d'opportunités nouvelles"])
    w.repeat_header(header)
    w.loop_rows(table, "row in summary", ["{{ row.label }}", "{{ row.planned }}", "{{ row.started }}", "{{ row.opportunities }}"])
    w.grid(table, [8.0, 3.0, 3.2, 3.39])
    _when(doc, "chart", lambda: (w.paragraph(doc, "{{ chart }}", align=WD_ALIGN_PARAGRAPH.CENTER),
                                  w.paragraph(doc, "{{ chart_caption }}", "Espace à rédiger", align=WD_ALIGN_PARAGRAPH.CENTER)))
    w.paragraph(doc, "{%p for axis in axes %}")
    w.paragraph(doc, "AXE {{ axis.number }} {{ axis.title }}", "Bandeau d'axe")
    w.paragraph(doc, "{%p for a in axis.actions %}")

    def achievements(cell):
        _each(cell, "item in a.achievements", "{{ item }}")
        _each(cell, "note in a.notes", "{{ note }}", "Note")

    _fiche(doc, "{{ a.number }}. {{ a.title }}{{ a.src }}", achievements, lambda cell: _side_lists(cell, [
        ("Responsable municipal :", "lead in a.leads", "{{ lead.name }}{{ lead.src }}", None),
        ("Partenaires :", "partner in a.partners", "{{ partner.name }}{{ partner.src }}", "a.partners")]))
    w.paragraph(doc, "{%p endfor %}")
    w.paragraph(doc, "Occasions saisies et opportunités nouvelles", "Heading 2")
    w.paragraph(doc, "{%p for o in axis.opportunities %}")

    def opportunity(cell):
        w.paragraph(cell, "{{ o.objective }}{{ o.src }}")
        _each(cell, "item in o.achievements", "{{ item }}")

    _fiche(doc, "OBJECTIF", opportunity, lambda cell: _side_lists(cell, [
        ("Responsable municipal :", "lead in o.leads", "{{ lead }}", "o.leads"),
        ("Partenaires :", "partner in o.partners", "{{ partner }}", "o.partners")]))
    w.paragraph(doc, "{%p endfor %}")
    _when(doc, "not axis.opportunities", lambda: (
        w.paragraph(doc, "OBJECTIF", "Titre d'action"),
        w.paragraph(doc, "[À compléter : objectif, réalisations, responsables et partenaires des occasions saisies]",
                    "Espace à rédiger")))
    w.paragraph(doc, "{%p endfor %}")
    return _conclusion(doc)


def biennial_bilan():
    doc = w.document()
    _cover(doc, "BILAN {{ cycle }}", "{{ subtitle }}", slogan=True)
    _front_matter(doc, mot_du_maire=False)
    w.paragraph(doc, "PRIORITÉS COLLECTIVES", "Heading 1")
    w.paragraph(doc, "{%p for p in priorities %}")
    w.paragraph(doc, "PRIORITÉ {{ p.rank }} — {{ p.title }}{{ p.src }}", "Heading 2")

    def priority(cell):
        w.paragraph(cell, "Réalisations {{ cycle }} :", "Étiquette latérale")
        w.paragraph(cell, "[À compléter : réalisations de la priorité]", "List Bullet")

    _fiche(doc, "Axe {{ p.axis }} — Objectif : {{ p.objective }}", priority, lambda cell: _side_lists(cell, [
        ("Partenaires responsables :", "n in p.partners", "{{ n.name }}{{ n.src }}", None)]))
    w.paragraph(doc, "{%p endfor %}")
    w.paragraph(doc, "PLANS ET PROGRAMMES MUNICIPAUX PRIORISÉS", "Heading 1")
    w.paragraph(doc, "{%p for g in programs %}")
    w.paragraph(doc, "{{ g.rank }}. {{ g.title }} (axe {{ g.axis }}){{ g.src }}", "Heading 2")

    def program(cell):
        w.paragraph(cell, "Réalisations {{ cycle }} : [À compléter]")
        _when(cell, "g.annex", lambda: w.paragraph(
            cell, "Les actions de ce plan prévues en {{ cycle }} sont reprises à la fin du document.", "Note"))

    def program_side(cell):
        w.paragraph(cell, "Responsable municipal :", "Étiquette latérale")
        w.paragraph(cell, "{{ g.leads }}", "Élément latéral")

    _fiche(doc, "Objectif : {{ g.objective }}", program, program_side)
    w.paragraph(doc, "{%p endfor %}")
    w.paragraph(doc, "{%p if annex %}")
    w.paragraph(doc, "{{ annex.title }} : actions dont la période visée comprend {{ years }}", "Heading 1")
    w.paragraph(doc, "OBJECTIFS ET ACTIONS", "Heading 3")
    w.paragraph(doc, "{%p for axis in annex.axes %}")
    w.paragraph(doc, "AXE {{ axis.number }} {{ axis.title }}", "Heading 2")
    w.paragraph(doc, "{%p for a in axis.actions %}")

    def action(cell):
        w.paragraph(cell, "Résultats attendus : {{ a.expected_results }}")
        w.paragraph(cell, "Période visée : {{ a.period }}")

    def side(cell):
        w.paragraph(cell, "Partenaires potentiels : {{ a.partners }}", "Texte de tableau")

    _fiche(doc, "{{ a.number }} {{ a.title }}{{ a.src }}", action, side)
    w.paragraph(doc, "{%p endfor %}")
    w.paragraph(doc, "{%p endfor %}")
    w.paragraph(doc, "{%p endif %}")
    return _conclusion(doc)


def _ranked_table(doc, name: str, items: str) -> None:
    """Realities and strategies: rank and title narrow, the description wide."""
    table = doc.add_table(rows=0, cols=2)
    w.loop_rows(table, f"{name} in {items}", [f"{{{{ {name}.rank }}}}. {{{{ {name}.title }}}}", f"{{{{ {name}.description }}}}"])
    w.grid(table, [5.5, w.TEXT_WIDTH_CM - 5.5])


def biennial_plan():
    doc = w.document()
    _cover(doc, "PLAN DE DÉPLOIEMENT {{ cycle }}", "{{ subtitle }}")
    w.paragraph(doc, "{{ intro }}")
    w.paragraph(doc, "RÉALITÉS ACTUELLES ayant un impact direct sur la prestation de services des acteurs du milieu",
                "Heading 1")
    _ranked_table(doc, "r", "realities")
    w.paragraph(doc, "Principales PRIORITÉS COLLECTIVES retenues, par ordre d'importance", "Heading 1")
    table = doc.add_table(rows=0, cols=4)
    w.repeat_header(w.header_row(table, ["PRIORITÉS", "AXE", "OBJECTIFS", "PARTENAIRES RESPONSABLES"]))
    w.loop_rows(table, "p in priorities", ["{{ p.rank }}. {{ p.title }}{{ p.src }}", "Axe {{ p.axis }}", "{{ p.objective }}",
                                           "{{ p.partners }}"])
    w.grid(table, [4.4, 1.8, 7.0, 4.39])
    for heading, name in (("PLANS et PROGRAMMES MUNICIPAUX priorisés pour le développement social et communautaire", "programs"),
                          ("Autres PLANS MUNICIPAUX en lien avec les travaux de la communauté en développement social", "other_plans")):
        w.paragraph(doc, heading, "Heading 1")
        table = doc.add_table(rows=0, cols=4)
        w.repeat_header(w.header_row(table, ["PLANS OU PROGRAMMES", "AXE", "OBJECTIF", "RESPONSABLE"]))
        w.loop_rows(table, "g in " + name, ["{{ g.rank }}. {{ g.title }}{{ g.src }}", "Axe {{ g.axis }}",
                                            "{{ g.objective }}", "{{ g.leads }}"])
        w.grid(table, [5.0, 1.8, 7.2, 3.59])
    w.paragraph(doc, "GLOSSAIRE", "Heading 2")
    _each(doc, "g in glossary", "{{ g.code }} : {{ g.name }}", "Glossaire")
    w.paragraph(doc, "STRATÉGIES DE MISE EN ACTION", "Heading 1")
    _ranked_table(doc, "s", "strategies")
    w.paragraph(doc, "FONDS DE SOUTIEN FINANCIER en appui à la réalisation du Plan d'action de la Politique", "Heading 1")
    w.paragraph(doc, "{{ fund }}")
    w.page_footer(doc, "Plan de déploiement {{ cycle }}")
    return doc


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
