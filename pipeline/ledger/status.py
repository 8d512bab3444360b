"""An action's status in a cycle, read from what the bilan says of it.

Postponed ("reportées à l'année 2021"), suspended ("suspendu", "mis en
suspend", "forcé l'arrêt"), cancelled ("annulée") or done / under way. The
sentence that decided is kept as evidence; when the wording is ambiguous (a
cancelled part of an action that was otherwise carried out, or two verdicts in
one fiche), the status is marked uncertain instead of guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.normalize import fold

PLANNED = "planned"  # in the cycle's plan, nothing reported (yet)
DONE = "done_or_under_way"  # entamée ou réalisée
POSTPONED = "postponed"
SUSPENDED = "suspended"
CANCELLED = "cancelled"
UNPLANNED = "unplanned_work"  # an "occasion saisie" citing the action

LABELS = {
    PLANNED: "prévue",
    DONE: "entamée ou réalisée",
    POSTPONED: "reportée",
    SUSPENDED: "suspendue",
    CANCELLED: "annulée",
    UNPLANNED: "occasion saisie (non prévue)",
}

_PATTERNS = [
    (POSTPONED, re.compile(r"\breport(e|ee|es|ees|er)\b|\bremis(e|es)? a plus tard\b")),
    (SUSPENDED, re.compile(r"\bsuspendu(e|s|es)?\b|\bmis(e|es)? en suspen[sd]\b|\bforce l'arret\b|\ben pause\b|\binterrompu(e|s|es)?\b")),
    (CANCELLED, re.compile(r"\bannule(e|s|es)?\b|\babandonne(e|s|es)?\b")),
]


_UNDER_WAY = re.compile(r"\ben cours\b|\ben processus\b|\bamorce(e|s|es)?\b|\bentame(e|s|es)?\b|\ben planification\b|"
                        r"\bphase de planification\b|\ba venir\b|\bse poursui")


@dataclass
class Status:
    status: str
    uncertain: bool = False
    evidence: list[str] | None = None
    reason: str | None = None
    under_way: list[str] | None = None  # sentences saying the work goes on ("en cours", "amorcée")


def _verdicts(sentences: list[str]) -> list[tuple[str, str]]:
    found = []
    for sentence in sentences:
        folded = fold(sentence)
        for status, pattern in _PATTERNS:
            if pattern.search(folded):
                found.append((status, sentence))
                break
    return found


def status_of(notes: list[str], achievements: list[str]) -> Status:
    """The status an action's bilan fiche gives it."""
    verdicts = _verdicts(notes) + _verdicts(achievements)
    kinds = {status for status, _ in verdicts}
    evidence = [sentence for _, sentence in verdicts] or None
    if not verdicts:
        if achievements:
            going_on = [a for a in achievements if _UNDER_WAY.search(fold(a))]
            return Status(DONE, under_way=going_on or None)
        return Status(DONE, uncertain=True, reason="aucune réalisation ni note : statut non écrit dans le bilan")
    for status in (POSTPONED, SUSPENDED):
        if status in kinds:
            uncertain = len(kinds - {status}) > 0
            return Status(status, uncertain=uncertain, evidence=evidence,
                          reason="plusieurs verdicts dans la même fiche" if uncertain else None)
    # Only "annulée": the whole action, or a part of it while the rest was carried out?
    if achievements:
        return Status(DONE, uncertain=True, evidence=evidence,
                      reason="une partie est annulée, mais des réalisations sont rapportées")
    return Status(CANCELLED, evidence=evidence)
