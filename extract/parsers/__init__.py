"""Kind parsers: one per document kind, all consuming the same block stream.

Adding a kind is one module with `SIGNATURES` (content patterns that identify
it) and `parse(doc, cycle)`, plus one entry in `PARSERS`.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

from extract.blocks import BlockDocument
from extract.errors import UnknownKindError
from extract.parsers import bilan, plan_deploiement, plan_immigration, presentation

PARSERS: dict[str, ModuleType] = {
    "bilan": bilan,
    "plan_deploiement": plan_deploiement,
    "plan_immigration": plan_immigration,
    "presentation": presentation,
}

KIND_LABELS = {
    "bilan": "bilan annuel",
    "plan_deploiement": "plan de déploiement",
    "plan_immigration": "plan d'action en immigration",
    "presentation": "présentation",
}

# A kind needs at least this many distinct signatures to be recognised.
MIN_SIGNATURES = 2


def kind_scores(doc: BlockDocument) -> dict[str, int]:
    """How many of each kind's signature patterns occur in the document."""
    texts = [b.text for b in doc.blocks] + [c for b in doc.blocks for c in b.cells]
    return {
        kind: sum(any(p.search(t) for t in texts) for p in module.SIGNATURES)
        for kind, module in PARSERS.items()
    }


def detect_kind(doc: BlockDocument) -> str:
    """The kind whose signatures match best; a clear French error when none does."""
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
