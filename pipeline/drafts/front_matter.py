"""What a bilan draft carries over from the last bilan before its words of the mayor: the slogan
of its cover, the credits and contact block, and the introduction (to review).

A bilan's front matter, as every rendition reads it (text, PDF, Word): an untitled section with
the slogan, the title section ("BILAN 2020"), then credit sections ("COORDINATION DES TRAVAUX",
"RÉDACTION") whose short lines are names, roles, the address, the telephone and e-mail, then
the introduction's prose, then signatures and the first "MOT DU …" heading. The introduction is
the run of prose paragraphs after the credits' short lines; the first short line after it (a
signature) ends it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

# Headings that end the front matter: the words, the summary, the first axis.
_END = re.compile(r"^(mot\b|sommaire\b|axe\s+\d|priorit|conclusion\b)", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…»)]\s*$")
_OWN_MARK = re.compile(r"^\s*\[?À (revoir|rédiger|compléter)\b", re.IGNORECASE)
PROSE_WORDS = 12  # a credit line (a name, a role, an address) is shorter, and has no sentence end


@dataclass
class FrontMatter:
    cycle: str | None = None
    source: str = ""
    slogan: str = ""
    credits: list[dict] = field(default_factory=list)  # {"title", "lines"}
    intro: list[str] = field(default_factory=list)


def is_prose(text: str) -> bool:
    return len(text.split()) >= PROSE_WORDS and bool(_SENTENCE_END.search(text))


def front_matter(bilan) -> FrontMatter:
    """The front matter of a bilan record (an empty one when there is none)."""
    if bilan is None:
        return FrontMatter()
    out = FrontMatter(cycle=bilan.cycle, source=Path(bilan.source.path).name)
    state = "credits"  # then "intro", then "done"
    for section in bilan.sections:
        title = (section.title or "").strip()
        if title and _END.match(title):
            break
        cover = not title or title == (bilan.title or "").strip()  # the untitled opening, the title's section
        lines = []
        for text in section.paragraphs:
            if _OWN_MARK.match(text):
                continue  # a draft's own "À revoir" line, read back from a finished draft
            if is_prose(text):
                if state == "done":
                    break
                state = "intro"
                out.intro.append(text)
            elif state == "intro":
                state = "done"
                break
            elif cover:
                # The slogan opens the document, before its title; the cover's other short lines
                # (a subtitle, the policy's name) are the draft's own.
                if not out.slogan and not title and not out.credits:
                    out.slogan = text
            elif state == "credits":
                lines.append(text)
        if lines:
            out.credits.append({"title": title, "lines": lines})
        if state == "done":
            break
    return out


def latest_bilan(records: list, before_cycle: str):
    """The last bilan of a cycle that starts before `before_cycle` (the draft's)."""
    start = _start(before_cycle)
    bilans = [r for r in records if r.kind == "bilan" and r.cycle and _start(r.cycle) < start]
    return max(bilans, key=lambda r: (_start(r.cycle), -bilans.index(r)), default=None)


def _start(cycle: str) -> int:
    return int(str(cycle).split("-")[0])


def context(front: FrontMatter, mark) -> dict:
    """The template variables: slogan, credits, intro (paragraphs with their source marks), intro_from."""
    where = f"Repris du bilan {front.cycle} ({front.source}) ; à revoir."
    return {
        "slogan": front.slogan,
        "credits": front.credits,
        "intro": [{"text": text, "src": mark(where)} for text in front.intro],
        "intro_from": front.cycle or "",
    }
