"""Walks over a typed record: its items in document order, and its fiches with the fields that
hold written names (what normalising, the names review and the consistency report all walk)."""

from __future__ import annotations


def walk_items(items):
    """Every item and sub-item, in document order."""
    for item in items:
        yield item
        yield from walk_items(item.children)


def name_holders(record):
    """(French place label, fiche, its fields that hold written names, its achievements) for each
    fiche of a record: the one list of name fields that normalising, the names review and the
    consistency report all walk."""
    for action in getattr(record, "actions", []):
        yield f"action {action.key}", action, ("leads", "partners"), action.achievements
    for opportunity in getattr(record, "opportunities", []):
        label = f"occasion saisie, axe {opportunity.axis}" + (f" (no {opportunity.action_number})" if opportunity.action_number else "")
        yield label, opportunity, ("leads", "partners"), opportunity.achievements
    for priority in getattr(record, "priorities", []):
        yield f"priorité {priority.rank}", priority, ("partners",), []
    for program in getattr(record, "programs", []) + getattr(record, "other_plans", []):
        yield f"plan ou programme « {program.title} »", program, ("leads",), []


def fiche_places(record):
    """(French place label, leads and partners, achievements) for each fiche of a record."""
    for place, fiche, fields, achievements in name_holders(record):
        yield place, [ref for name in fields for ref in getattr(fiche, name)], achievements
