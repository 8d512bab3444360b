"""Drafts stage: next cycle's Word documents, their contexts built from the ledger, the records
and the units' answers, rendered from the docxtpl templates with a Word comment per fact."""

from pipeline.drafts.chart import status_chart
from pipeline.drafts.cycles import cycle_line, draft_files, earlier_drafts
from pipeline.drafts.front_matter import FrontMatter, front_matter
from pipeline.drafts.contexts import Draft, DraftError, annual_bilan, annual_plan, biennial_bilan, biennial_plan, next_cycle_drafts
from pipeline.drafts.render import RenderError, Sources, render_document

__all__ = [
    "Draft", "DraftError", "FrontMatter", "front_matter", "RenderError", "cycle_line", "draft_files", "earlier_drafts", "Sources", "annual_bilan", "annual_plan", "biennial_bilan", "biennial_plan",
    "next_cycle_drafts", "render_document", "status_chart",
]
