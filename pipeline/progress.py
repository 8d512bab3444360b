"""The batch progress display: one status line on a terminal, « [12/40] lecture de X.pdf ».

A batch of scanned documents can take minutes; on a terminal the line is redrawn as each
document is done, and cleared before any other line is written, so messages stay whole and in
input order. When the output is not a terminal (make, CI, a log file) it writes nothing: the
messages alone say what happened.
"""

from __future__ import annotations

import sys
from typing import TextIO


class Progress:
    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool | None = None):
        self.total = total
        self.done = 0
        self.stream = stream or sys.stderr
        self.enabled = (self.stream.isatty() if enabled is None else enabled) and total > 1
        self._shown = ""

    def _draw(self, text: str) -> None:
        if self.enabled:
            self.stream.write("\r" + text.ljust(len(self._shown)))
            self.stream.flush()
            self._shown = text

    def _clear(self) -> None:
        if self.enabled and self._shown:
            self.stream.write("\r" + " " * len(self._shown) + "\r")
            self.stream.flush()
            self._shown = ""

    def step(self, name: str) -> None:
        """One more document done; the next one is being read."""
        self.done += 1
        self._draw(f"[{self.done}/{self.total}] lu : {name}"[:100])

    def say(self, line: str) -> None:
        """Write a message line without breaking the status line."""
        shown = self._shown
        self._clear()
        print(line, file=self.stream)
        if shown:
            self._draw(shown)

    def close(self) -> None:
        self._clear()
