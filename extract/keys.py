"""Action numbers: one canonical spelling for every way the documents write them.

"4.b", "4. (b)", "4 b)", "4b", "4.(b)" are all "4.b"; "2.7.1" stays "2.7.1";
"19. (a)" is "19.a". Numbers stay strings because sub-actions are letters.
"""

from __future__ import annotations

import re

from extract.errors import UserError

# A number, optionally followed by a letter sub-action or dotted sub-numbers.
ACTION_NUMBER = r"\d{1,2}(?:\s*\.\s*\d{1,2}){0,2}(?:\s*\.?\s*\(?\s*[a-z]\s*\)|\s*\.\s*[a-z]\b|(?<=\d)[a-z]\b)?"
_PARTS = re.compile(r"\d{1,2}|[a-z]")


class ActionKeyError(UserError, ValueError):
    """An action number no document spelling explains ("numéro d'action illisible")."""


def canonical_number(raw: str) -> str:
    """Return the canonical action number ("4. (b)" -> "4.b")."""
    text = raw.strip().rstrip(".").strip()
    if not re.fullmatch(ACTION_NUMBER, text):
        raise ActionKeyError(f"numéro d'action illisible : « {raw} »")
    return ".".join(_PARTS.findall(text))


def action_key(axis: int, number: str) -> str:
    """The ledger key of an action: "<axis>.<canonical number>" ("5.7.d")."""
    return f"{axis}.{canonical_number(number)}"


def parse_key(text: str) -> str:
    """An action key as a person writes it, axis first ("2.11", "5.7.d", "5.4. (b)") -> "5.4.b"."""
    axis, dot, number = str(text).strip().partition(".")
    if not dot or not axis.strip().isdigit():
        raise ActionKeyError(f"numéro d'action illisible : « {str(text).strip()} »")
    return action_key(int(axis), number)


def sort_key(number: str) -> tuple:
    """Order canonical numbers naturally: 2 < 4.b < 10 < 19.a."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in number.split("."))
