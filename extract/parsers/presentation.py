"""Presentation parser: the shared-governance slides (constats, timeline, effects, actions, actors).

Slides repeat their section title on every page and sometimes a whole slide
(the ecosystem of actors): repeated content is kept once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extract.blocks import Block, BlockDocument
from extract.normalize import clean_name, fold
from extract.parsers.common import ParseContext, build_items, narrate_zone, prov
from extract.records import Actor, Effect, Item, PresentationRecord, Survey, TimelineStep

SIGNATURES = (
    re.compile(r"^pr[ée]sentation$", re.IGNORECASE),
    re.compile(r"plan de la pr[ée]sentation", re.IGNORECASE),
    re.compile(r"p[ée]riode de questions", re.IGNORECASE),
    re.compile(r"constats", re.IGNORECASE),
)

_MONTHS = {
    "janv": 1, "jan": 1, "fevr": 2, "fev": 2, "mars": 3, "avr": 4, "mai": 5, "juin": 6,
    "juil": 7, "aout": 8, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_DATE = re.compile(r"^(?P<day>\d{1,2})\s+(?P<month>[a-z]+)\.?\s+(?P<year>20\d\d)$")
_SECTION = re.compile(r"^\d\.\s+[A-ZÀ-Ý]")
_ZONE = re.compile(r"zone de contr[ôo]le\s+(?P<zone>faible|moyen|[ée]lev[ée])", re.IGNORECASE)


def parse_date(text: str) -> str | None:
    """"23 FÉV. 2021" -> "2021-02-23"."""
    m = _DATE.match(fold(text))
    if not m:
        return None
    month = next((n for key, n in _MONTHS.items() if m.group("month").startswith(key)), None)
    return f"{m.group('year')}-{month:02d}-{int(m.group('day')):02d}" if month else None


_SURVEY = re.compile(r"^sondage\s*(?:n[o°]\s*)?(\d{1,2})$")


def _is_description(block: Block) -> bool:
    """A step's description under its date and label: plain text, not another date or survey."""
    folded = fold(block.text)
    return (not block.is_list and not block.is_table_row and not block.bold and parse_date(block.text) is None
            and not folded.startswith("sondage") and not _SECTION.match(block.text))


def _label_and_description(block: Block) -> tuple[str, str | None]:
    """A step's label is its first line, or its leading capitals when the lines were joined."""
    if len(block.lines) > 1:
        return block.lines[0], " ".join(block.lines[1:])
    words = block.text.split()
    caps = 0
    while caps < len(words) and words[caps].isupper() and len(words[caps]) > 1:
        caps += 1
    if 0 < caps < len(words):
        return " ".join(words[:caps]), " ".join(words[caps:])
    return block.text, None


def _list_run(blocks: Sequence[Block], start: int) -> list[int]:
    """Indices of the list items that directly follow `start` (one list, possibly nested)."""
    run = []
    k = start + 1
    while k < len(blocks) and blocks[k].is_list:
        run.append(k)
        k += 1
    return run


def _items(ctx: ParseContext, indices: list[int]) -> list[Item]:
    ctx.use(*indices)
    items = build_items([ctx.blocks[k] for k in indices])
    for item in items:
        item.text = clean_name(item.text) if item.text.endswith((";", ",")) else item.text
    return items


def parse(doc: BlockDocument, cycle: str | None = None) -> PresentationRecord:
    """Build a presentation record from a block stream."""
    ctx = ParseContext(doc)
    blocks = ctx.blocks
    record = PresentationRecord(source=ctx.source())
    section = ""
    in_ecosystem = in_timeline = False
    seen_actors: set[tuple[str, tuple[str, ...]]] = set()
    for i, block in enumerate(blocks):
        text, folded = block.text, fold(block.text)
        if block.is_list or block.is_table_row:
            continue
        if _SECTION.match(text):
            section, in_ecosystem, in_timeline = folded, False, False
            ctx.use(i)
            continue
        if record.title is None and "gouvernance" in folded and text.isupper():
            record.title = text
            ctx.use(i)
            continue
        date = parse_date(text)
        if date and not in_timeline and record.date is None:
            record.date, cycle = date, cycle or date[:4]
            ctx.use(i)
            continue
        if "ecosysteme" in folded:
            in_ecosystem, in_timeline = True, False
            ctx.use(i)
            continue
        if "ligne du temps" in folded:
            in_timeline, in_ecosystem = True, False
            ctx.use(i)
            continue
        first_line = parse_date(block.lines[0]) if in_timeline and not date and len(block.lines) > 1 else None
        if in_timeline and first_line:
            # The date and its step set in one style: "23 FÉV. 2021" / "PORTRAIT" / description.
            record.timeline.append(TimelineStep(date=first_line, label=block.lines[1],
                                                description=" ".join(block.lines[2:]) or None, provenance=prov(block)))
            ctx.use(i)
            following = blocks[i + 1] if i + 1 < len(blocks) else None
            if len(block.lines) == 2 and following is not None and _is_description(following):
                record.timeline[-1].description = following.text
                ctx.use(i + 1)
            continue
        if in_timeline and date:
            label = blocks[i + 1] if i + 1 < len(blocks) and not blocks[i + 1].is_list else None
            if label is not None and not parse_date(label.text) and folded != "sondage":
                step, description = _label_and_description(label)
                record.timeline.append(TimelineStep(date=date, label=step, description=description, provenance=prov(block)))
                ctx.use(i, i + 1)
            continue
        if in_timeline and (m := _SURVEY.match(folded)):
            record.surveys.append(Survey(number=int(m.group(1)), provenance=prov(block)))
            ctx.use(i)
            continue
        if in_timeline and folded == "sondage" and i + 1 < len(blocks) and blocks[i + 1].text.isdigit():
            record.surveys.append(Survey(number=int(blocks[i + 1].text), provenance=prov(block)))
            ctx.use(i, i + 1)
            continue
        if in_timeline and text.isdigit() and i + 1 < len(blocks) and fold(blocks[i + 1].text) == "sondage" \
                and not (i > 0 and fold(blocks[i - 1].text) == "sondage"):
            # The badge's number set beside its word, and read first (a box beside the text).
            record.surveys.append(Survey(number=int(text), provenance=prov(blocks[i + 1])))
            ctx.use(i, i + 1)
            continue
        run = _list_run(blocks, i)
        if not run:
            continue
        if "constats" in folded and text.rstrip().endswith(":"):
            record.findings = _items(ctx, run)
        elif m := _ZONE.search(text):
            zone = fold(m.group("zone")).replace("eleve", "élevé")
            record.effects.append(Effect(zone=zone, items=_items(ctx, run), provenance=prov(block)))
        elif "actions envisagees" in folded:
            record.planned_actions = _items(ctx, run)
        elif in_ecosystem and "?" in text:
            if not record.gaps:
                record.gaps = _items(ctx, run)
            else:
                ctx.use(*run)  # the same question, repeated on the next slide
        elif in_ecosystem and len(text.split()) <= 6:
            roles = tuple(clean_name(blocks[k].text) for k in run)
            key = (folded, roles)
            if key not in seen_actors:
                seen_actors.add(key)
                record.actors.append(Actor(name=text, roles=list(roles), provenance=prov(block)))
            ctx.use(*run)
        else:
            continue
        ctx.use(i)
    record.timeline.sort(key=lambda step: step.date)
    record.surveys.sort(key=lambda survey: survey.number)
    record.cycle = cycle
    narrate_zone(ctx, ctx.unused())
    record.sections, record.unplaced = ctx.sections, ctx.unplaced()
    return record
