"""What the dashboard's tests share: the counts a reader of ledger.json would make, and a
ledger whose names are hostile to HTML."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

HOSTILE_PARTNER = '<script>alert("partenaire")</script> & Fils "Les \'Amis\'"'
HOSTILE_TITLE = 'Loger <img src=x onerror=alert(1)> & « accueillir » "tous"'


def ledger_counts(ledger: list[dict]) -> Counter:
    """(axis, cycle, status) -> actions, read straight from ledger.json (a cycle without a status is
    one where only a programme stands for the action)."""
    counts: Counter = Counter()
    for entry in ledger:
        for cycle, facts in entry["cycles"].items():
            counts[(entry["axis"], cycle, facts.get("status") or "mentioned")] += 1
    return counts


def hostile_ledger(path: Path) -> list[dict]:
    """The built ledger with an action's title and a partner rewritten with <, & and quotes."""
    ledger = json.loads(path.read_text(encoding="utf-8"))
    entry = next(e for e in ledger if any(f.get("bilan") for f in e["cycles"].values()))
    entry["title"] = HOSTILE_TITLE
    bilan = next(f["bilan"] for f in entry["cycles"].values() if f.get("bilan"))
    bilan["title"] = HOSTILE_TITLE
    bilan["partners"].append({"name": HOSTILE_PARTNER, "id": None})
    bilan["achievements"].insert(0, "Réalisé </blockquote><script>alert('preuve')</script>")
    return ledger
