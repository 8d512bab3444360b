"""A writer finishing a bilan draft in Word, as the tests do it with python-docx: achievements
in place of the placeholders, a "➔ Reportée" note, a new partner, the SOMMAIRE counted, the
words of the mayor and of the Commission written, empty occasions sections removed."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import docx
from docx.text.paragraph import Paragraph

_AXIS = re.compile(r"^AXE (\d)\b")
_ACTION = re.compile(r"^(\d{1,2}(?:\.[a-z])?)\. ")


def _after(paragraph: Paragraph, text: str, style: str | None = None) -> Paragraph:
    """A new paragraph right after `paragraph`, with its style unless another is given."""
    new = copy.deepcopy(paragraph._p)
    paragraph._p.addnext(new)
    out = Paragraph(new, paragraph._parent)
    for run in out.runs[1:]:
        run._r.getparent().remove(run._r)
    if out.runs:
        out.runs[0].text = text
    else:
        out.add_run(text)
    if style:
        out.style = style
    return out


def paragraphs(document):
    """Every paragraph in reading order: the body's and, where a table stands, its cells' (the
    fiches are two-column tables)."""
    from docx.oxml.ns import qn
    from docx.table import _Cell

    def walk(element, parent):
        for child in element.iterchildren():
            if child.tag == qn("w:p"):
                yield Paragraph(child, parent)
            elif child.tag == qn("w:tbl"):
                for tc in child.iter(qn("w:tc")):
                    yield from walk(tc, _Cell(tc, parent))

    yield from walk(document.element.body, document._body)


def _subtitle(document) -> Paragraph:
    return next(p for p in document.paragraphs if p.style.name == "Subtitle")


def _remove(paragraph: Paragraph) -> None:
    paragraph._p.getparent().remove(paragraph._p)


def finish_bilan(draft: Path, target: Path, cycle: str, postponed: dict[str, str], going_on: set[str],
                 new_partners: dict[str, str]) -> dict[str, list[str]]:
    """Fill `draft` and save it as `target`; returns each action's achievements as written."""
    document = docx.Document(str(draft))
    axis, key, written = None, None, {}
    last_partner: dict[str, Paragraph] = {}
    in_partners = False
    for paragraph in list(paragraphs(document)):
        text = paragraph.text.strip()
        if m := _AXIS.match(text):
            axis, key = int(m.group(1)), None
            continue
        if (m := _ACTION.match(text)) and paragraph.style.name == "Titre d'action" and axis:
            key, in_partners = f"{axis}.{m.group(1)}", False
            continue
        if text.startswith("[À compléter : réalisations"):
            if key in postponed:
                paragraph.style = document.styles["Note"]
                paragraph.runs[0].text = postponed[key]
                for run in paragraph.runs[1:]:
                    run.text = ""
                written[key] = []
            else:
                sentence = (f"Travaux en cours en {cycle} pour l'action {key}." if key in going_on
                            else f"Réalisation {cycle} de l'action {key} menée à terme.")
                paragraph.runs[0].text = sentence
                for run in paragraph.runs[1:]:
                    run.text = ""
                written[key] = [sentence]
            continue
        if text == "Partenaires :":
            in_partners = True
            last_partner[key] = paragraph
            continue
        if text == "Responsable municipal :" or paragraph.style.name != "Élément latéral":
            in_partners = False
        elif in_partners:
            last_partner[key] = paragraph
        if text.startswith("[À rédiger : mot du maire]"):
            paragraph.runs[0].text = "Le maire salue le travail des partenaires."
        elif text.startswith("[À rédiger : mot de la présidence"):
            paragraph.runs[0].text = "La présidente remercie les membres de la Commission."
        elif text.startswith("[À rédiger"):
            paragraph.runs[0].text = "Le bilan montre une année de travail soutenu."
        if text.startswith("[À compléter : objectif, réalisations"):
            heading = paragraph._p.getprevious()
            section = heading.getprevious() if heading is not None else None
            _remove(paragraph)
            for element in (heading, section):
                if element is not None:
                    element.getparent().remove(element)
    for key, name in new_partners.items():
        _after(last_partner[key], name, "Élément latéral")
    summary = document.tables[0]
    per_axis = {}
    for key, achievements in written.items():
        per_axis.setdefault(int(key.split(".")[0]), []).append(bool(achievements))
    for row in summary.rows[1:]:
        label = row.cells[0].text.strip()
        n = int(label[0]) if label[:1].isdigit() else None
        started = sum(per_axis.get(n, [])) if n else sum(sum(v) for v in per_axis.values())
        row.cells[2].text = str(started)
        row.cells[3].text = "0"
    subtitle = _subtitle(document)  # the draft's subtitle becomes the document's
    for run in subtitle.runs:
        run.text = ""
    subtitle.runs[0].text = f"Bilan {cycle} de la Politique de développement social et communautaire"
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(target))
    return written


_PRIORITY = re.compile(r"^PRIORITÉ (\d+) — (.+)$")
_PROGRAM = re.compile(r"^(\d+)\. (.+) \(axe \d\)$")


def finish_biennial_bilan(draft: Path, target: Path, cycle: str, achievements: dict[str, str],
                          notes: dict[str, str]) -> None:
    """Fill a biennial bilan draft: each priority's or programme's achievement (by title), and
    a "➔" note under the ones in `notes`; the words of the Commission and the conclusion."""
    document = docx.Document(str(draft))
    title = None
    for paragraph in list(paragraphs(document)):
        text = paragraph.text.strip()
        if m := _PRIORITY.match(text) or _PROGRAM.match(text):
            title = m.group(2)
            continue
        if text.startswith("[À compléter : réalisations de la priorité]") or text == f"Réalisations {cycle} : [À compléter]":
            sentence = achievements.get(title, f"Travaux réalisés pour « {title} ».")
            if text.startswith("Réalisations"):
                paragraph.runs[0].text = f"Réalisations {cycle} :"
                for run in paragraph.runs[1:]:
                    run.text = ""
                below = _after(paragraph, sentence, "List Bullet")
            else:
                paragraph.runs[0].text = sentence
                for run in paragraph.runs[1:]:
                    run.text = ""
                below = paragraph
            if title in notes:
                _after(below, notes[title], "Normal")
        elif text.startswith("[À rédiger"):
            paragraph.runs[0].text = "Texte rédigé par la Commission."
            for run in paragraph.runs[1:]:
                run.text = ""
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(target))
