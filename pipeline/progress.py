"""The batch progress display (tqdm): files done out of all, files left, the file being read,
the time left, on one line redrawn on a terminal: « 12/40 · 28 restants · en cours : X.pdf ·
reste 0:42 ».

A batch of scanned documents can take minutes. Messages written during the batch go above the
line (tqdm clears and redraws it), whole and in input order. When stderr is not a terminal
(make, CI, a log file), or with --quiet, nothing but the messages is written.
"""

from __future__ import annotations

import shutil
import sys
from typing import TextIO

from tqdm import tqdm

QUIET = False  # set by --quiet: no progress line, the messages alone


class _Bar(tqdm):
    # No monitor thread: the batch forks its workers after the bar is made, and forking a
    # process that runs threads may deadlock the child.
    monitor_interval = 0


class Progress:
    def __init__(self, names: list[str], stream: TextIO | None = None, enabled: bool | None = None):
        self.names = list(names)
        self.stream = stream or sys.stderr
        shown = (not QUIET and self.stream.isatty()) if enabled is None else enabled
        self.enabled = shown and len(self.names) > 1
        size = shutil.get_terminal_size((100, 24))
        self.bar = _Bar(total=len(self.names), file=self.stream, disable=not self.enabled, leave=False,
                        # The terminal's size, or 100 × 24 when it says none (a fresh pseudo-terminal:
                        # tqdm would hide its line below a screen of no rows).
                        ncols=min(120, size.columns - 1), nrows=size.lines, mininterval=0.2,
                        desc=self._description(0),
                        bar_format="{n_fmt}/{total_fmt} · {desc} · reste {remaining} {bar:12}")

    def _description(self, done: int) -> str:
        left = len(self.names) - done
        current = f"en cours : {self.names[done]}" if done < len(self.names) else "terminé"
        return f"{left} restant{'s' if left > 1 else ''} · {current}"[:90]

    def step(self, name: str | None = None) -> None:
        """One more file done (its name, for callers that know it; the next one is shown)."""
        if self.enabled:  # the new description first: update() may draw the line at once
            self.bar.set_description_str(self._description(self.bar.n + 1), refresh=False)
        self.bar.update(1)
        self.bar.refresh()  # a step is a whole file: always worth drawing

    def say(self, line: str) -> None:
        """Write a message line without breaking the progress line."""
        if self.enabled:
            self.bar.write(line, file=self.stream)
        else:
            print(line, file=self.stream)

    def close(self) -> None:
        self.bar.close()
