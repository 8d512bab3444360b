"""Render stage: docxtpl templates -> Word documents a writer can finish.

Autoescaping is on (a name with & < > " renders as written); an undefined
variable stops the render with a French message naming it and the template.
Each prefilled fact carries a marker that becomes a Word comment giving its
source. Output bytes are deterministic (fixed zip timestamps and document
dates), writes are atomic, and a document the user edited since the last build
is never overwritten: the new one is written beside it.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from docx.shared import Cm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import Environment, StrictUndefined, TemplateError, UndefinedError

from extract.errors import UserError
from pipeline.drafts.chart import Image
from pipeline.files import REPRODUCIBLE_DATE, stable_zip

_MARK = re.compile(r"⟦(\d+)⟧")
# Characters Word XML cannot hold (control characters other than tab and newlines).
_INVALID_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class RenderError(UserError):
    """A template could not be rendered; the message names the template and the variable."""


@dataclass
class Sources:
    """Provenance notes of prefilled facts; `mark(text)` gives the marker to put in the template."""

    notes: list[str] = field(default_factory=list)
    cleaned: list[str] = field(default_factory=list)  # texts that held characters Word cannot store

    def mark(self, note: str | None) -> str:
        if not note:
            return ""
        self.notes.append(note)
        return f"⟦{len(self.notes) - 1}⟧"

    def clean(self, value):
        """Strip characters Word XML cannot hold, and remember that it was done."""
        if isinstance(value, str):
            fixed = _INVALID_XML.sub("", value)
            if fixed != value:
                self.cleaned.append(fixed[:60])
            return fixed
        if isinstance(value, dict):
            return {k: self.clean(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.clean(v) for v in value]
        return value


def render_document(template: Path, context: dict, sources: Sources) -> bytes:
    """Render a template with its context; bytes of the finished .docx."""
    env = Environment(undefined=StrictUndefined, autoescape=True)
    document = DocxTemplate(str(template))
    try:
        document.render(_images(document, sources.clean(context)), jinja_env=env, autoescape=True)
    except UndefinedError as exc:
        name = re.search(r"'([^']+)' (?:is undefined|has no attribute '([^']+)')", str(exc))
        variable = (name.group(2) or name.group(1)) if name else str(exc)
        raise RenderError(f"modèle « {template.name} » : variable inconnue « {variable} » ; "
                          f"corrigez le modèle (voir templates/README.md pour les variables disponibles).") from exc
    except TemplateError as exc:
        raise RenderError(f"modèle « {template.name} » : balise invalide ({exc}) ; corrigez le modèle dans Word.") from exc
    docx_document = document.docx
    _comments(docx_document, sources.notes)
    properties = docx_document.core_properties
    properties.created = properties.modified = properties.last_printed = REPRODUCIBLE_DATE
    properties.revision = 1
    properties.last_modified_by = "pipeline"
    buffer = io.BytesIO()
    docx_document.save(buffer)
    return stable_zip(buffer.getvalue())


def _images(document: DocxTemplate, value):
    """Images of the context (chart.Image) become docxtpl InlineImages of this document."""
    if isinstance(value, Image):
        return InlineImage(document, io.BytesIO(value.png), width=Cm(value.width_cm))
    if isinstance(value, dict):
        return {k: _images(document, v) for k, v in value.items()}
    if isinstance(value, list):
        return [_images(document, v) for v in value]
    return value


def _comments(document, notes: list[str]) -> None:
    """Markers become Word comments anchored on their paragraph's runs."""
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs += cell.paragraphs
    seen = set()
    for paragraph in paragraphs:
        if id(paragraph._p) in seen or "⟦" not in paragraph.text:
            continue
        seen.add(id(paragraph._p))
        found = []
        for run in paragraph.runs:
            found += [int(n) for n in _MARK.findall(run.text)]
            run.text = _MARK.sub("", run.text)
        runs = [r for r in paragraph.runs if r.text]
        if runs and found:
            document.add_comment(runs, text="\n".join(notes[n] for n in found), author="pipeline", initials="PL")
