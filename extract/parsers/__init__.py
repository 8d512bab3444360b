"""Kind parsers: one per document kind, all consuming the same block stream.

Adding a kind is one module with `SIGNATURES` (content patterns that identify
it) and `parse(doc, cycle)`, plus one entry in `PARSERS`. A module may also give
`DOCUMENT_TITLE`: a document whose title (one of its first blocks) names one kind that way
is of that kind, whatever other kinds' words it quotes (a biennial bilan quotes the
immigration plan's fields, a master plan's tables a deployment plan's columns).
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

from extract.blocks import BlockDocument
from extract.errors import UnknownKindError
from extract.parsers import bilan, plan_action, plan_deploiement, plan_immigration, presentation

PARSERS: dict[str, ModuleType] = {
    "bilan": bilan,
    "plan_deploiement": plan_deploiement,
    "plan_immigration": plan_immigration,
    "presentation": presentation,
    "plan_action": plan_action,
}

KIND_LABELS = {
    "bilan": "bilan annuel",
    "plan_deploiement": "plan de déploiement",
    "plan_immigration": "plan d'action en immigration",
    "presentation": "présentation",
    "plan_action": "plan d'action décennal, catalogue des actions",
}

# A kind needs at least this many distinct signatures to be recognised.
MIN_SIGNATURES = 2
# The first blocks, where a document's title stands.
TITLE_BLOCKS = 8


def kind_scores(doc: BlockDocument) -> dict[str, int]:
    """How many of each kind's signature patterns occur in the document."""
    texts = [b.text for b in doc.blocks] + [c for b in doc.blocks for c in b.cells]
    return {
        kind: sum(any(p.search(t) for t in texts) for p in module.SIGNATURES)
        for kind, module in PARSERS.items()
    }


def titled_kinds(doc: BlockDocument) -> list[str]:
    """The kinds the document's title names (see `DOCUMENT_TITLE`)."""
    heads = [b.text.strip() for b in doc.blocks[:TITLE_BLOCKS] if not b.is_table_row]
    return [kind for kind, module in PARSERS.items()
            if getattr(module, "DOCUMENT_TITLE", None) is not None
            and any(module.DOCUMENT_TITLE.search(t) for t in heads)]


def detect_kind(doc: BlockDocument) -> str:
    """The kind the title names, else the one whose signatures match best; a clear French error
    when none does."""
    titled = titled_kinds(doc)
    if len(titled) == 1:
        return titled[0]
    scores = kind_scores(doc)
    best = max(scores, key=lambda k: scores[k])
    tied = [k for k, v in scores.items() if v == scores[best]]
    if len(tied) > 1 and scores[best] >= MIN_SIGNATURES:
        raise UnknownKindError(
            doc.source.path,
            f"type de document ambigu ({' ou '.join(tied)}) ; indiquez le type avec --kind ou dans config.yaml.",
        )
    if scores[best] < MIN_SIGNATURES:
        known = ", ".join(f"{k} ({label})" for k, label in KIND_LABELS.items())
        raise UnknownKindError(
            doc.source.path,
            f"type de document non reconnu ; types connus : {known}. Indiquez le type avec --kind ou dans config.yaml.",
        )
    return best


def parser_for(kind: str) -> Callable:
    return PARSERS[kind].parse
