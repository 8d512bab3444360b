"""Collect stage: one Excel form per responsible unit out, the filled forms read back cell by
cell, and the cycle's updates file the bilan draft reads."""

from pipeline.collect.answers import CollectOutcome, CollectResult, collect, collect_stage
from pipeline.collect.forms import FormsResult, unit_workbook, write_forms
from pipeline.collect.updates import (
    NOT_DONE, STARTED, STATUSES, ActionUpdate, Answer, Opportunity, Updates, canonical_status, load_updates, updates_yaml,
)

__all__ = [
    "NOT_DONE", "STARTED", "STATUSES", "ActionUpdate", "Answer", "CollectOutcome", "CollectResult", "FormsResult",
    "Opportunity", "Updates", "canonical_status", "collect", "collect_stage", "load_updates", "unit_workbook", "updates_yaml",
    "write_forms",
]
