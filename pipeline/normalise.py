"""Normalisation stage: every lead and partner of a record resolved to registry entities.

A name written as a list is split into one item per organisation; each item
keeps the written form, its provenance and role. The review report lists what
stayed unresolved (with the closest registry candidates) and the written forms
merged into one entity, so staff can curate registry.yaml.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.names import Resolution, Resolver
from pipeline.records import NameRef
from pipeline.registry import Registry, load_registry

DEFAULT_REGISTRY = Path(__file__).resolve().parent.parent / "registry.yaml"


@dataclass
class NameUse:
    """Where a written name was met: document, place (action key) and provenance."""

    document: str
    place: str
    locator: str


@dataclass
class Review:
    """What a normalisation pass found worth a look."""

    unresolved: dict[str, tuple[Resolution, list[NameUse]]] = field(default_factory=dict)
    forms: dict[str, dict[str, list[NameUse]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))

    def note(self, resolution: Resolution, use: NameUse) -> None:
        if resolution.resolved:
            for entity_id in resolution.ids:
                self.forms[entity_id][resolution.text].append(use)
        elif not resolution.generic:
            entry = self.unresolved.setdefault(resolution.text, (resolution, []))
            entry[1].append(use)


_resolvers: dict[Path, Resolver] = {}


def resolver_for(path: Path | None = None) -> Resolver:
    """One resolver per registry file and process."""
    path = (path or DEFAULT_REGISTRY).resolve()
    if path not in _resolvers:
        _resolvers[path] = Resolver(load_registry(path))
    return _resolvers[path]


def _locator(ref: NameRef) -> str:
    p = ref.provenance
    if p.page is not None:
        return f"page {p.page}"
    if p.line is not None:
        return f"ligne {p.line}"
    if p.paragraph is not None:
        return f"paragraphe {p.paragraph + 1}"
    return ""


def normalise_names(refs: list[NameRef], resolver: Resolver, review: Review | None, document: str, place: str) -> list[NameRef]:
    """Resolve and split a list of written names."""
    out: list[NameRef] = []
    registry: Registry = resolver.registry
    for ref in refs:
        for resolution in resolver.resolve(ref.name):
            if review is not None:
                review.note(resolution, NameUse(document, place, _locator(ref)))
            if resolution.resolved and len(resolution.ids) > 1:
                pieces = [(registry.entities[i].name, i) for i in resolution.ids]
            else:
                pieces = [(resolution.text, resolution.ids[0] if resolution.ids else None)]
            for name, entity_id in pieces:
                out.append(NameRef(name=name, id=entity_id, generic=resolution.generic, role=ref.role,
                                   provenance=ref.provenance))
    return out


def normalise_record(record, resolver: Resolver, review: Review | None = None):
    """Resolve every lead and partner of a record in place; returns the record."""
    doc = Path(record.source.path).name
    for action in getattr(record, "actions", []):
        number = action.number if action.number.startswith(f"{action.axis}.") else f"{action.axis}.{action.number}"
        place = f"action {number}"
        action.leads = normalise_names(action.leads, resolver, review, doc, place)
        action.partners = normalise_names(action.partners, resolver, review, doc, place)
    for k, opportunity in enumerate(getattr(record, "opportunities", []), start=1):
        place = f"occasion saisie, axe {opportunity.axis}"
        opportunity.leads = normalise_names(opportunity.leads, resolver, review, doc, place)
        opportunity.partners = normalise_names(opportunity.partners, resolver, review, doc, place)
    for priority in getattr(record, "priorities", []):
        priority.partners = normalise_names(priority.partners, resolver, review, doc, f"priorité {priority.rank}")
    for group in ("programs", "other_plans"):
        for program in getattr(record, group, []):
            program.leads = normalise_names(program.leads, resolver, review, doc, f"plan ou programme « {program.title} »")
    for actor in getattr(record, "actors", []):
        found = resolver.resolve_one(actor.name)
        actor.id = found.ids[0] if found.resolved else None
    return record


def default_registry_path() -> Path:
    return DEFAULT_REGISTRY


__all__ = ["Review", "NameUse", "normalise_record", "normalise_names", "resolver_for", "load_registry"]
