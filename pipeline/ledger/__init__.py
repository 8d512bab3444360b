"""Ledger stage: the records of every cycle reconciled into one entry per action, the status
each bilan gives it, the consistency findings between documents, and next cycle's plan."""

from pipeline.ledger.build import Ledger, NamedRecord, build_ledger, ledger_json
from pipeline.ledger.consistency import check, report_markdown
from pipeline.ledger.model import CycleFacts, LedgerEntry, LedgerName, Link, same_title
from pipeline.ledger.progression import ALL_AXES, COLUMNS as PROGRESS_COLUMNS, ProgressRow, progression as plan_progression
from pipeline.ledger.next_cycle import (
    CarriedItem, CycleError, PlannedAction, SelectError, Unit, carried_items, carried_actions, cycle_plan, planned_actions, units_of,
)
from pipeline.ledger.status import CANCELLED, DONE, LABELS, PLANNED, POSTPONED, SUSPENDED, UNPLANNED, Status, status_of
from pipeline.ledger.workbook import ledger_workbook
from pipeline.ledger.write import ledger_and_findings, write_catalogue, write_ledger

__all__ = [
    "ALL_AXES", "PROGRESS_COLUMNS", "ProgressRow", "plan_progression", "CANCELLED", "CarriedItem", "DONE", "carried_items", "LABELS", "PLANNED", "POSTPONED", "SUSPENDED", "UNPLANNED", "CycleError", "SelectError", "CycleFacts",
    "Ledger", "LedgerEntry", "LedgerName", "Link", "NamedRecord", "PlannedAction", "ledger_json", "Status", "Unit", "build_ledger", "carried_actions", "check", "cycle_plan",
    "ledger_and_findings", "ledger_workbook", "planned_actions", "report_markdown", "status_of",
    "same_title", "units_of", "write_catalogue", "write_ledger",
]
