"""The « à vérifier » list of a record read by OCR: each field holding a word Tesseract read
with a low confidence, named in French, so the writer knows what to proofread.

A block keeps the doubtful words of its OCR words (`Block.doubts`); a record keeps the
provenance of the block each of its facts came from. Walking the record, every object whose
provenance is such a block's, and whose text holds one of its doubtful words, is listed.
"""

from __future__ import annotations

from pydantic import BaseModel

from extract.blocks import Block
from extract.records import Doubt, Provenance

# A record's fields as the writer names them.
_NAMES = {
    "actions": "action", "achievements": "réalisation", "children": "sous-élément", "leads": "responsable",
    "partners": "partenaire", "notes": "note", "opportunities": "occasion saisie", "summary": "sommaire",
    "footnotes": "note de bas de page", "axes": "axe", "sections": "section", "priorities": "priorité",
    "programs": "programme", "other_plans": "autre plan", "funds": "fonds", "timeline": "calendrier",
    "surveys": "sondage", "effects": "effet", "actors": "acteur", "findings": "constat", "gaps": "écart",
    "planned_actions": "action prévue", "parents": "action parente", "unplaced": "passage non rattaché",
}
_TEXTS = ("number", "title", "text", "name", "label", "objective", "expected_results")


def _key(provenance: Provenance) -> tuple:
    return provenance.page, provenance.rounded().bbox


def doubtful_fields(record, blocks: list[Block]) -> list[Doubt]:
    """The record's fields that hold a doubtful OCR word, in document order, each once."""
    doubts: dict[tuple, set[str]] = {}
    for block in blocks:
        if block.doubts:
            doubts.setdefault(_key(block.provenance), set()).update(block.doubts)
    if not doubts:
        return []
    out: list[Doubt] = []
    seen: set[tuple[str, str]] = set()

    def visit(model: BaseModel, place: str) -> None:
        provenance = getattr(model, "provenance", None)
        words = doubts.get(_key(provenance)) if isinstance(provenance, Provenance) and provenance.ocr else None
        if words:
            for name in _TEXTS:
                text = getattr(model, name, None)
                found = sorted(w for w in words if isinstance(text, str) and w in text.split())
                if found and (place, text) not in seen:
                    seen.add((place, text))
                    out.append(Doubt(field=place if name in ("text", "name", "label") else f"{place} › {_name_fr(name)}",
                                     text=text, words=found, provenance=provenance.rounded()))
        for field, value in model:
            items = value if isinstance(value, list) else [value]
            for item in items:
                if isinstance(item, BaseModel) and field not in ("provenance", "source"):
                    label = f"action {item.key}" if field == "actions" else _NAMES.get(field, field)
                    visit(item, f"{place} › {label}" if place and field != "actions" else label)

    visit(record, "")
    return out


def _name_fr(field: str) -> str:
    return {"number": "numéro", "title": "titre", "objective": "objectif",
            "expected_results": "résultats attendus"}.get(field, field)
