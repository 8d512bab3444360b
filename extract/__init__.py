"""Readers (one per input format) and kind parsers (one per document kind)."""
