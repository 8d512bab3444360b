"""Extraction stage: each file read into its typed record (names resolved) in a bounded worker,
several at once, through a content-hash cache."""

from pipeline.extraction.batch import (
    Extracted, Extraction, Job, cache_folder, error_message, extract_batch, extract_document, record_json_text,
    records_for,
)
from pipeline.extraction.cache import RecordCache, code_version, default_folder
from pipeline.extraction.isolation import Task, default_jobs, run_isolated, run_many

__all__ = [
    "Extracted", "Extraction", "Job", "RecordCache", "Task", "cache_folder", "code_version", "default_folder",
    "default_jobs", "error_message", "extract_batch", "extract_document", "record_json_text", "records_for",
    "run_isolated", "run_many",
]
