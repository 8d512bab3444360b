"""The error root of the whole tool, and the errors raised while reading or parsing a document.

Every failure the user is told about derives from `UserError`: its text is one French
line that names the file (or the key) and says what to do, and `exit_code` is what the
command line exits with. The CLI turns it into that line in one place. The root lives
here, below every stage, because the pipeline imports extract and never the reverse.
"""

from __future__ import annotations

from pathlib import Path


class UserError(Exception):
    """A failure the user can act on: one French line, and the command's exit code."""

    exit_code = 1


class UsageError(UserError):
    """The command was called with a file, a folder or a setting that cannot work."""

    exit_code = 2


class DocumentError(UserError):
    """A file could not be turned into a record; the message says why and what to do, in French."""

    def __init__(self, path: str | Path, message: str):
        self.path = Path(path)
        self.message = message
        super().__init__(f"{self.path.name} : {message}")

    def __reduce__(self):  # raised in a worker process, it crosses back whole (pickle)
        return type(self), (self.path, self.message)


class UnknownKindError(DocumentError):
    """The content matches none of the known document kinds."""
