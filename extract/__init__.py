"""Extraction: one reader per input format -> the block stream -> one parser per document kind
-> typed records.

The record model (`extract.records`), the action keys (`extract.keys`), the error root
(`extract.errors`) and the text normalisation (`extract.normalize`) live here too, since
the parsers are their only writers; later stages import them, and this package imports
nothing of `pipeline`. Its public face for the pipeline is what this module exports and
those four modules.
"""

from extract.notices import Heard, defects_summary, heard
from extract.ocr import OcrSettings
from extract.parsers import KIND_LABELS, PARSERS, detect_kind, parser_for
from extract.readers import read_blocks
from extract.verify import doubtful_fields

__all__ = ["KIND_LABELS", "Heard", "PARSERS", "OcrSettings", "defects_summary", "detect_kind", "heard", "doubtful_fields", "parser_for", "read_blocks"]

# Modules of this package that later stages may import directly (the layering test reads it).
PUBLIC_MODULES = ("extract", "extract.records", "extract.keys", "extract.errors", "extract.normalize")
