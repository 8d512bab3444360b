"""Normalisation stage: every lead and partner of a record resolved to registry entities.

A name written as a list is split into one item per organisation; each item
keeps the written form, its provenance and role (pipeline/review.py reports
what stayed unresolved).
"""

from __future__ import annotations

from pathlib import Path

from pipeline.config import DEFAULT_REGISTRY
from pipeline.names.resolver import Resolver
from extract.records import NameRef
from pipeline.names.registry import Registry, load_registry



_resolvers: dict[Path, Resolver] = {}


def resolver_for(path: Path | None = None) -> Resolver:
    """One resolver per registry file and process."""
    path = (path or DEFAULT_REGISTRY).resolve()
    if path not in _resolvers:
        _resolvers[path] = Resolver(load_registry(path))
    return _resolvers[path]


def normalise_names(refs: list[NameRef], resolver: Resolver) -> list[NameRef]:
    """Resolve and split a list of written names."""
    out: list[NameRef] = []
    registry: Registry = resolver.registry
    for ref in refs:
        for resolution in resolver.resolve(ref.name):
            if resolution.resolved and len(resolution.ids) > 1:
                pieces = [(registry.entities[i].name, i) for i in resolution.ids]
            else:
                pieces = [(resolution.text, resolution.ids[0] if resolution.ids else None)]
            for name, entity_id in pieces:
                out.append(NameRef(name=name, id=entity_id, generic=resolution.generic, role=ref.role,
                                   provenance=ref.provenance))
    return out


def normalise_record(record, resolver: Resolver):
    """Resolve every lead and partner of a record in place; returns the record."""
    for fiche in getattr(record, "actions", []) + getattr(record, "opportunities", []):
        fiche.leads = normalise_names(fiche.leads, resolver)
        fiche.partners = normalise_names(fiche.partners, resolver)
    for priority in getattr(record, "priorities", []):
        priority.partners = normalise_names(priority.partners, resolver)
    for program in getattr(record, "programs", []) + getattr(record, "other_plans", []):
        program.leads = normalise_names(program.leads, resolver)
    for actor in getattr(record, "actors", []):
        found = resolver.resolve_one(actor.name)
        actor.id = found.ids[0] if found.resolved else None
    return record


__all__ = ["normalise_record", "normalise_names", "resolver_for", "load_registry"]
