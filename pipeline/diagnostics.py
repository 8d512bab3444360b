"""One diagnostic type for every report: consistency findings, collect problems, extraction warnings.

A diagnostic has a stable code (other tools rely on it), a severity, a French message, the
files it concerns (`sources`), where in them when it is one place (`where`: "page 3",
"feuille « Actions », cellule F4"), the action it concerns when it is one, and details
for tools. It is rendered one way for each medium: a terminal line, Markdown, JSON.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
LABELS = {ERROR: "erreur", WARNING: "avertissement", INFO: "information"}
_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}


class Diagnostic(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str
    severity: Severity
    message: str
    sources: list[str] = Field(default_factory=list)
    where: str | None = None
    axis: int | None = None
    number: str | None = None
    details: dict[str, Any] = Field(default_factory=dict)

    @property
    def place(self) -> str:
        """"DVC.xlsx, feuille « Actions », cellule F4": the files, then the place inside them."""
        return ", ".join([*self.sources, *([self.where] if self.where else [])])

    def line(self) -> str:
        """The terminal line: « erreur [code] fichier, lieu : message »."""
        place = f"{self.place} : " if self.place else ""
        return f"{LABELS[self.severity]} [{self.code}] {place}{self.message}"

    def markdown(self) -> str:
        """A Markdown list item: one place first, or the files it concerns after the message."""
        if self.where:
            return f"- **{self.code}** — {self.place} : {self.message}"
        sources = f" _(sources : {', '.join(self.sources)})_" if self.sources else ""
        return f"- **{self.code}** — {self.message}{sources}"

    def as_json(self) -> dict[str, Any]:
        """The JSON object (`check --json`): code, severity, axis, number, message, sources, details
        and, for one place, where."""
        out = {"code": self.code, "severity": self.severity.value, "axis": self.axis, "number": self.number,
               "message": self.message, "sources": self.sources, "details": self.details}
        if self.where:
            out["where"] = self.where
        return out


def counts(diagnostics: list[Diagnostic]) -> dict[Severity, int]:
    return {s: sum(d.severity == s for d in diagnostics) for s in Severity}


def counts_text(diagnostics: list[Diagnostic]) -> str:
    """« 2 erreur(s), 5 avertissement(s), 3 information(s) »."""
    n = counts(diagnostics)
    return f"{n[ERROR]} erreur(s), {n[WARNING]} avertissement(s), {n[INFO]} information(s)"


def by_severity(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Errors first, then warnings and information, each kept in its own order."""
    return sorted(diagnostics, key=lambda d: _ORDER[d.severity])


def markdown(diagnostics: list[Diagnostic], level: int = 2) -> list[str]:
    """Markdown lines: one heading per severity present, one item per diagnostic."""
    lines: list[str] = []
    for severity in Severity:
        chosen = [d for d in diagnostics if d.severity == severity]
        if not chosen:
            continue
        lines += [f"{'#' * level} {LABELS[severity].capitalize()}s", ""]
        lines += [d.markdown() for d in chosen]
        lines.append("")
    return lines


def text(diagnostics: list[Diagnostic]) -> str:
    """One line per diagnostic, then the counts, for the terminal."""
    return "\n".join([d.line() for d in diagnostics] + [f"{counts_text(diagnostics)}."])
