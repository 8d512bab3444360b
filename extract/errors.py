"""Domain errors raised while reading or parsing a document, with French messages."""

from __future__ import annotations

from pathlib import Path


class DocumentError(Exception):
    """A file could not be turned into a record; the message says why and what to do, in French."""

    def __init__(self, path: str | Path, message: str):
        self.path = Path(path)
        self.message = message
        super().__init__(f"{self.path.name} : {message}")


class UnknownKindError(DocumentError):
    """The content matches none of the known document kinds."""
