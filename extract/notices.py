"""What the reading libraries say while they read a file, caught and told in French.

pdfminer, pdfplumber, pypdfium2 and python-docx report a damaged file's defects as they meet
them, through `logging` or `warnings`, in English: « Could not get FontBBox from font
descriptor », « MediaBox missing from /Page », « Data-loss while decompressing corrupted data ».
Left alone they reach stderr naming no file, out of order in a batch. Here they are caught
while one file is read (`heard`), kept raw for the record's diagnostics and `--verbose`, and
summed up in one French line naming the kinds of defect (`summary`).
"""

from __future__ import annotations

import logging
import re
import warnings
from contextlib import contextmanager
from dataclasses import dataclass

# The kinds of defect, from the words of the libraries' messages (first match wins).
_KINDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"FontBBox|font descriptor|\bfont\b.*(width|size|bbox)", re.I), "police sans dimensions"),
    (re.compile(r"cmap|unicode|encoding|glyph|char(acter)? code", re.I), "police sans correspondance de caractères"),
    (re.compile(r"\bfont", re.I), "police mal formée"),
    (re.compile(r"MediaBox|CropBox|page size|/Page\b", re.I), "page sans dimensions"),
    (re.compile(r"decompress|inflate|zlib|flate|corrupt|data-loss|stream", re.I), "flux endommagé"),
    (re.compile(r"xref|trailer|startxref|object|offset|generation|indirect", re.I), "table des objets endommagée"),
    (re.compile(r"password|encrypt|decrypt", re.I), "chiffrement mal formé"),
    (re.compile(r"style|numbering|relationship|part|xml|namespace", re.I), "structure du document mal formée"),
]
_OTHER = "autre défaut signalé à la lecture"


@dataclass(frozen=True)
class Heard:
    """One message a library gave while a file was read: who said it, and what (raw)."""

    source: str
    message: str


class _Collector(logging.Handler):
    def __init__(self, into: list[Heard]):
        super().__init__(logging.WARNING)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
        except Exception:  # a library's own badly formed message: its template, as written
            text = str(record.msg)
        self.into.append(Heard(record.name, " ".join(text.split())))


@contextmanager
def heard():
    """Catch every warning and every log record of level WARNING or above while the block
    runs; yields the list they are added to, in the order they came."""
    messages: list[Heard] = []
    root = logging.getLogger()
    collector = _Collector(messages)
    saved_handlers, saved_level = root.handlers[:], root.level
    root.handlers = [collector]  # and no other: nothing reaches stderr by the root's handlers
    root.setLevel(min(saved_level or logging.WARNING, logging.WARNING))
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            # Warnings meant for developers, hidden by Python's defaults, stay hidden: they say
            # nothing of the file (a ResourceWarning may even come from another object's
            # collection while this file is read).
            for category in (ResourceWarning, DeprecationWarning, PendingDeprecationWarning, ImportWarning):
                warnings.filterwarnings("ignore", category=category)
            yield messages
            messages.extend(Heard(w.category.__module__ if w.category.__module__ != "builtins" else "warnings",
                                  " ".join(str(w.message).split())) for w in caught)
    finally:
        root.handlers, root.level = saved_handlers, saved_level


def kinds_of(messages: list[Heard]) -> list[str]:
    """The kinds of defect the messages name, each once, in the order first met."""
    out: list[str] = []
    for item in messages:
        kind = next((label for pattern, label in _KINDS if pattern.search(item.message)), _OTHER)
        if kind not in out:
            out.append(kind)
    return out


def defects_summary(messages: list[Heard], suffix: str) -> str | None:
    """The French line for a file's library messages (None when there were none)."""
    if not messages:
        return None
    what = "du PDF" if suffix.lower() == ".pdf" else "du document Word" if suffix.lower() == ".docx" else "du fichier"
    return (f"défauts de structure {what} ({', '.join(kinds_of(messages))}) ; le texte extrait peut être incomplet "
            "(détails : --verbose).")
