"""Ten-year action plan parser (Plan d'action 2020-2030): the catalogue of every action.

Per axis, numbered actions with their titles and, where the layout gives them, the responsible
units, the partners foreseen and the planned years. Two layouts, mixed freely:

* fiches: an axis heading, then "N. Titre" (or "Action N : Titre", "4.b) Titre") and labelled
  fields below it: "Responsable : DVC", "Partenaires pressentis : A ; B" (or the label alone
  and one bullet per name), "Échéancier : 2021, 2023-2024";
* a table: axis rows (merged, or a cell "Axe N"), a header row naming the columns (N°,
  Action, Responsable, Partenaires, Échéancier), or one column per year where a mark (X, ✓,
  ●) says the action is planned that year. Columns are found by their header, so their order
  and number are free; a header repeated on each page is skipped.
"""

from __future__ import annotations

import re

from extract.blocks import Block, BlockDocument
from extract.keys import ACTION_NUMBER, ActionKeyError, canonical_number
from extract.normalize import clean_name, fold
from extract.parsers.common import (ParseContext, axis_heading, axis_of_text, axis_number, is_upper_heading,
                                    narrate_zone, parse_period, prov)
from extract.parsers.plan_deploiement import split_codes
from extract.records import Action, Axis, NameRef, PlanActionRecord

# The plan's title: "Plan d'action 2020-2030", "PLAN D'ACTION DE LA POLITIQUE ... 2020-2030" (not the
# immigration plan, not a deployment plan that cites it).
DOCUMENT_TITLE = re.compile(r"^plan d'action\b(?!.*(?:immigra|d[ée]ploiement)).*\b20\d\d\s*[-–à]\s*20\d\d\b", re.IGNORECASE)
SIGNATURES = (
    DOCUMENT_TITLE,
    re.compile(r"^(?:[ée]ch[ée]anciers?|ann[ée]es?\s+pr[ée]vues?|p[ée]riode\s+de\s+r[ée]alisation)\s*(?::|$)", re.IGNORECASE),
    re.compile(r"^partenaires?\s+(?:pressentis|envisag[ée]s|pr[ée]vus|associ[ée]s)\s*(?::|$)", re.IGNORECASE),
)

_SPAN = re.compile(r"\b(?P<a>20\d\d)\s*[-–à]\s*(?P<b>20\d\d)\b")
_ACTION = re.compile(rf"^(?:actions?\s*(?:n[o°]\s*)?)?(?P<num>{ACTION_NUMBER})\s*(?:[.):–—-]|\s)\s*(?P<title>\S.*)$",
                     re.IGNORECASE)
# Field labels, folded, and the field each fills.
_FIELDS = {
    "leads": re.compile(r"^(?:unites?\s+|services?\s+)?responsables?(?:\s+municipa(?:l|ux|le|les))?(?:\s*\(s\))?$"),
    "partners": re.compile(r"^partenaires?(?:\s*\(s\))?(?:\s+(?:pressentis|potentiels?|envisages|prevus|associes))?$"),
    "years": re.compile(r"^(?:echeanciers?|annees?\s+prevues?|periode(?:\s+de\s+realisation)?|annees?)$"),
}
_FIELD_LINE = re.compile(r"^(?P<label>[^:]{3,45}?)\s*:\s*(?P<value>.*)$")
_COLUMNS = {
    "number": re.compile(r"^(?:n[o°]|#|numero|no\.)$"),
    "title": re.compile(r"^actions?(?:\s+du plan d'action)?$"),
    **_FIELDS,
}
_YEAR_COLUMN = re.compile(r"^20\d\d$")
_NAME_SPLIT = re.compile(r"\s*(?:\n|;|[■▪•●◦])\s*")


def _field_of(label: str) -> str | None:
    folded = fold(label).rstrip(" :")
    return next((name for name, pattern in _FIELDS.items() if pattern.match(folded)), None)


def _names(text: str, block: Block) -> list[NameRef]:
    """Names of a field: one per line, bullet or semicolon; commas stay inside names (the name
    normaliser splits lists written with commas against the registry)."""
    return [NameRef(name=clean_name(p), provenance=prov(block)) for p in _NAME_SPLIT.split(text) if clean_name(p)]


class _Parser:
    def __init__(self, doc: BlockDocument, record: PlanActionRecord):
        self.ctx = ParseContext(doc)
        self.blocks = self.ctx.blocks
        self.doc, self.record = doc, record
        self.axis: int | None = None
        self.current: Action | None = None
        self.columns: dict[int, str] | None = None  # table column -> field ("number", "title", ..., "2021")
        self.spans: dict[int, tuple[float, float]] = {}  # table column -> x extent (PDF), to place marks
        self.width = 0  # the header row's number of cells

    # -- numbers ---------------------------------------------------------------
    def _number(self, raw: str) -> str | None:
        """The action's number within its axis; "2.9" under axis 2 is action 9 written with its axis."""
        try:
            number = canonical_number(raw)
        except ActionKeyError:
            return None
        parts = number.split(".")
        if len(parts) == 2 and parts[1].isdigit() and self.axis is not None and parts[0] == str(self.axis):
            return parts[1]
        return number

    def _open(self, i: int, number: str, title: str, block: Block) -> None:
        self.current = Action(axis=self.axis, number=number, title=" ".join(title.split()), provenance=prov(block))
        self.record.actions.append(self.current)
        self.ctx.use(i)

    def _set(self, name: str, value: str, block: Block) -> None:
        action = self.current
        if name == "leads":
            action.leads += split_codes(value.replace(";", " "), block) if re.fullmatch(r"[A-ZÉÈ\s;,]+", value) \
                else _names(value, block)
        elif name == "partners":
            action.partners += _names(value, block)
        else:
            period = parse_period(value)
            if action.period is not None:
                period = period.model_copy(update={"text": f"{action.period.text}, {period.text}",
                                                   "years": sorted(set(action.period.years) | set(period.years))})
            action.period = period

    # -- axes ------------------------------------------------------------------
    def _axis(self, i: int, number: int, title: str | None, block: Block, taken: int = 1) -> None:
        self.axis, self.current = number, None
        self.record.axes.append(Axis(number=number, title=title or None, provenance=prov(block)))
        self.ctx.use(*range(i, i + taken))

    # -- tables ----------------------------------------------------------------
    def _header(self, block: Block) -> dict[int, str] | None:
        columns = {}
        for k, cell in enumerate(block.cells):
            folded = fold(cell).strip(" :")
            if _YEAR_COLUMN.match(folded):
                columns[k] = folded
                continue
            name = next((n for n, p in _COLUMNS.items() if p.match(folded)), None)
            if name:
                columns[k] = name
        if "title" in columns.values() and len(columns) >= 2:
            return columns
        return None

    def _row(self, i: int, block: Block) -> None:
        cells = block.nonempty_cells
        merged = axis_of_text(cells[0]) if len(cells) == 1 else None
        if merged:
            return self._axis(i, merged[0], merged[1], block)
        axis_cell = next((c for c in cells if re.fullmatch(r"(?i)axe\s*\d", c.strip())), None)
        if axis_cell and len(cells) <= 2:  # "Axe 2 | L'HABITATION ET LE MILIEU DE VIE"
            title = next((c for c in cells if c is not axis_cell), None)
            return self._axis(i, axis_number(axis_cell.strip()[3:]), title, block)
        header = self._header(block)
        if header:
            self.columns = header
            self.spans = {k: s for k, s in enumerate(block.cell_spans) if s is not None and k in header}
            self.width = len(block.cells)
            return self.ctx.use(i)
        if self.columns is None or self.axis is None:
            return self.ctx.unplace(i, "rangée de tableau hors d'un axe ou sans en-tête de colonnes")
        values = self._placed(block)
        number = self._number(" ".join(values["number"].split())) if values.get("number") else None
        title = " ".join(values.get("title", "").split())  # a cell's lines: one title
        if number is None and title and (m := _ACTION.match(title)):  # the number written in the action cell
            number, title = self._number(m.group("num")), m.group("title")
        if number is None or not title:
            return self.ctx.unplace(i, "rangée sans numéro d'action ou sans titre lisible")
        self._open(i, number, title, block)
        for name in ("leads", "partners", "years"):
            if values.get(name):
                self._set(name, values[name], block)
        marked = [field for field, value in values.items() if _YEAR_COLUMN.match(field) and value]
        if marked:
            self._set("years", ", ".join(marked), block)

    def _placed(self, block: Block) -> dict[str, str]:
        """Each cell's field: by its column when the row has the header's cells, else (a PDF row
        that dropped its empty cells) by the header column its x extent overlaps most."""
        columns = self.columns
        out: dict[str, str] = {}
        spans = block.cell_spans
        by_position = len(block.cells) != self.width and self.spans and len(spans) == len(block.cells)
        for k, cell in enumerate(block.cells):
            if not cell.strip():
                continue
            column = k
            if by_position and spans[k] is not None:
                column = max(self.spans, key=lambda c: _overlap(self.spans[c], spans[k]))
            field = columns.get(column)
            if field is not None:
                out[field] = f"{out[field]}\n{cell}" if field in out else cell
        return out

    # -- the document --------------------------------------------------------
    def run(self) -> None:
        blocks, ctx = self.blocks, self.ctx
        first_axis = None
        i = 0
        while i < len(blocks):
            block = blocks[i]
            if block.is_table_row:
                if not block.nonempty_cells:
                    ctx.use(i)
                else:
                    self._row(i, block)
                    first_axis = first_axis if first_axis is not None or self.axis is None else i
                i += 1
                continue
            self.columns = None
            found = axis_heading(blocks, i)
            if found and found[0] is not None:
                self._axis(i, found[0], found[1], block, found[2])
                first_axis = first_axis if first_axis is not None else i
                i += found[2]
                continue
            if self.axis is None:
                i += 1
                continue
            i = self._fiche_block(i, block)
        narrate_zone(ctx, [k for k in ctx.unused(range(first_axis if first_axis is not None else len(blocks)))])

    def _fiche_block(self, i: int, block: Block) -> int:
        ctx, blocks = self.ctx, self.blocks
        text = block.text.strip()
        m = _FIELD_LINE.match(text)
        field = _field_of(m.group("label")) if m else _field_of(text) if len(text) <= 45 else None
        if field and not block.is_list:
            if self.current is None:
                ctx.unplace(i, "champ (responsable, partenaires, échéancier) sans action à laquelle le rattacher")
                return i + 1
            ctx.use(i)
            value = m.group("value").strip() if m else ""
            if value:
                self._set(field, value, block)
                return i + 1
            j = i + 1  # the label alone, one bullet per name below it
            while j < len(blocks) and blocks[j].is_list:
                self._set(field, blocks[j].text, blocks[j])
                ctx.use(j)
                j += 1
            return j
        number_text = block.bullet if block.is_list and block.bullet and block.bullet[:1].isdigit() else None
        m = _ACTION.match(f"{number_text} {text}" if number_text else text)
        if m and not block.is_list or m and number_text:
            number = self._number(m.group("num"))
            if number is not None:
                self._open(i, number, m.group("title"), block)
                return i + 1
        if is_upper_heading(text) and not block.is_list:
            self.current = None  # a section after the catalogue (CONCLUSION...): narrative
            ctx.narrate([k for k in self._until_axis(i + 1)], i)
            return max(self._until_axis(i + 1), default=i) + 1
        ctx.unplace(i, "texte entre les actions, ni titre d'action ni champ reconnu")
        return i + 1

    def _until_axis(self, start: int) -> list[int]:
        out = []
        for k in range(start, len(self.blocks)):
            if axis_heading(self.blocks, k) or self.blocks[k].is_table_row or is_upper_heading(self.blocks[k].text):
                break
            out.append(k)
        return out


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    return min(a[1], b[1]) - max(a[0], b[0])


def parse(doc: BlockDocument, cycle: str | None = None) -> PlanActionRecord:
    """Build the ten-year action plan's record from a block stream."""
    record = PlanActionRecord(source=doc.source)
    for block in doc.blocks:
        if SIGNATURES[0].search(block.text.strip()) and len(block.text) < 200:
            record.title = record.title or " ".join(block.text.split())
            m = _SPAN.search(block.text)
            cycle = cycle or (f"{m.group('a')}-{m.group('b')}" if m else None)
    record.cycle = cycle
    parser = _Parser(doc, record)
    parser.run()
    record.sections, record.unplaced = parser.ctx.sections, parser.ctx.unplaced()
    return record
