"""What the kind parsers share: block accounting, labels, names, nested items, footnote marks."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from extract.blocks import Block, BlockDocument, BlockKind
from extract.inline import normalize_space
from extract.normalize import clean_name, fold
from extract.records import Item, NameRef, Period, Provenance, Section, Source, Unplaced


def prov(block: Block) -> Provenance:
    return block.provenance.rounded()


class ParseContext:
    """Tracks which blocks a parser used, so nothing is ever dropped silently.

    Every block must be used (as data or as structure), kept in a narrative
    section, or it ends up in the record's `unplaced` list with a reason.
    """

    def __init__(self, doc: BlockDocument):
        self.doc = doc
        self.blocks = doc.blocks
        self._used = [False] * len(doc.blocks)
        self._reasons: dict[int, str] = {}
        self.sections: list[Section] = []

    def use(self, *indices: int) -> None:
        for i in indices:
            self._used[i] = True

    def unused(self, indices: Iterable[int] | None = None) -> list[int]:
        """The given block indices (all by default) that nothing has used yet."""
        return [i for i in (range(len(self.blocks)) if indices is None else indices) if not self._used[i]]

    def unplace(self, index: int, reason: str) -> None:
        self._reasons[index] = " ".join(reason.split())  # one line: a cell's text may hold line breaks

    def narrate(self, indices: Sequence[int], title: int | None = None) -> None:
        """Keep blocks as narrative text under a title block (front matter, conclusion...)."""
        first = title if title is not None else (indices[0] if indices else None)
        if first is None:
            return
        self.sections.append(
            Section(
                title=self.blocks[title].text if title is not None else None,
                paragraphs=[self.blocks[i].text for i in indices],
                provenance=prov(self.blocks[first]),
            )
        )
        self.use(*indices)
        if title is not None:
            self.use(title)

    def unplaced(self) -> list[Unplaced]:
        out = []
        for i, block in enumerate(self.blocks):
            if not self._used[i]:
                reason = self._reasons.get(i, "texte non rattaché à une action ou une section")
                out.append(Unplaced(text=block.text, reason=reason, provenance=prov(block)))
        return out

    def source(self) -> Source:
        return self.doc.source


# Labels that introduce the lists of a fiche ("Responsable municipal :", "Partenaires :").
LABELS = {
    "leads": re.compile(r"^responsables?\s+municipa(?:l|ux|le|les)\s*:?$"),
    "partners": re.compile(r"^partenaires?(?:\s+potentiels?)?\s*:?$"),
    "carriers": re.compile(r"^porteurs?\s+de\s+projets?\s*:?$"),
    "reference": re.compile(r"^references?\s*:?$"),
    "objective": re.compile(r"^objectifs?\s*:?$"),
}


# What a speck of dust or a stray stroke is read as beside a label ("Partenaires :.", ". Partenaires :").
_STRAY = " .,;'’‘`\"·•*°_~-"


def label_of(block: Block) -> str | None:
    """The label a paragraph stands for ("leads", "partners"...), or None. A label set as a
    list item (a designer's bullet, a speck read as one) is still a label."""
    if block.is_table_row or len(block.text) > 40:
        return None
    folded = fold(block.text).strip(_STRAY)
    for name, pattern in LABELS.items():
        if pattern.match(folded):
            return name
    return None


NOTE_GLYPHS = "➔⇒➡→►▶➜➝➞"
# A space a draft leaves for the writer ("[À compléter : réalisations 2021]", "[À rédiger : …]"):
# never a fact of the document.
PLACEHOLDER = re.compile(r"^\[(?:à|a) (?:compléter|completer|rédiger|rediger)\b", re.IGNORECASE)


def note_text(block: Block) -> str | None:
    """The note a block carries ("➔ Reporté..."), whether the glyph is in its text or is its bullet."""
    if block.text and block.text[0] in NOTE_GLYPHS:
        return block.text
    if block.bullet and block.bullet in NOTE_GLYPHS:
        return f"{block.bullet} {block.text}"
    return None


SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_FOOTNOTE_START = re.compile(rf"^(?P<marker>[{SUPERSCRIPT_DIGITS}]+|\*)\s*(?P<text>\S.*)$")
_REF_MARK = re.compile(rf"[{SUPERSCRIPT_DIGITS}]+|\s?\*(?=\s|\)|$|[.,;:])|(?<=\()\*(?=\w)")


def footnote_start(block: Block) -> tuple[str, str] | None:
    """(marker, text) when a paragraph is a footnote ("¹ Action également...", "*Le PMRG...")."""
    if block.is_list or block.is_table_row:
        return None
    m = _FOOTNOTE_START.match(block.text)
    if not m:
        return None
    if m.group("marker") == "*" and not m.group("text")[0].isupper():
        return None
    return m.group("marker"), m.group("text")


def split_refs(text: str) -> tuple[str, list[str]]:
    """Strip footnote call marks from a text ("...immigrantes.¹", "(*PMRG)") and return them."""
    refs = [m.group().strip() for m in _REF_MARK.finditer(text)]
    if not refs:
        return text, []
    return normalize_space(_REF_MARK.sub("", text)), refs


def name_refs(blocks: Iterable[Block], role: str | None = None) -> list[NameRef]:
    return [NameRef(name=clean_name(b.text), role=role, provenance=prov(b)) for b in blocks if clean_name(b.text)]


def build_items(blocks: Sequence[Block], strip_refs: bool = False, depths: Sequence[int] | None = None) -> list[Item]:
    """Nest list blocks into items by their depth (a deeper item is a child of the one above)."""
    roots: list[Item] = []
    stack: list[tuple[int, Item]] = []
    for n, block in enumerate(blocks):
        text, refs = split_refs(block.text) if strip_refs else (block.text, [])
        item = Item(text=text, footnote_refs=refs, provenance=prov(block))
        depth = depths[n] if depths is not None else (block.depth if block.is_list else 0)
        while stack and stack[-1][0] >= depth:
            stack.pop()
        if stack:
            stack[-1][1].children.append(item)
        else:
            roots.append(item)
        stack.append((depth, item))
    return roots


_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}
AXIS_HEADING = re.compile(r"^axe(?:\s+|(?=\d))(?P<num>\d{1,2}|[ivx]{1,4})\b\s*[:.–—-]?\s*(?P<title>.*)$", re.IGNORECASE)


_AXIS_TAG = re.compile(r"^(?:axe(?:\s+|(?=\d)))?(?P<num>\d{1,2}|[IVX]{1,4})\s*[:.–—-]?$", re.IGNORECASE)
_TITLE_THEN_TAG = re.compile(r"^(?P<title>.+?)\s*[:.–—-]?\s+axe(?:\s+|(?=\d))(?P<num>\d{1,2}|[ivx]{1,4})$", re.IGNORECASE)
# A band whose title and tag, side by side in two cells, were read line by line together.
_TAG_INSIDE = re.compile(r"\baxe\s*(?P<num>\d{1,2})\b", re.IGNORECASE)
_BARE_FIRST = re.compile(r"^(?P<num>\d{1,2})\s*[:.–—-]?\s+(?P<title>\D.*)$")
_BARE_LAST = re.compile(r"^(?P<title>\D.*?)\s*[:.–—-]?\s+(?P<num>\d{1,2})$")


def _heading_like(block: Block) -> bool:
    return not block.is_list and not block.is_table_row and (block.role == "band" or block.level > 0 or block.bold
                                                              or is_upper_heading(block.text, max_words=20))


def _axis_title(text: str, band: bool) -> bool:
    return bool(text) and (is_upper_heading(text, max_words=20) or band and len(text.split()) <= 20)


def _wraps_on(block: Block, nxt: Block | None) -> bool:
    """Whether `nxt` is the rest of heading `block`, set as a block of its own (a line set apart
    by a wider leading, a second text frame): capitals of the same size, right below it on the
    same page, starting where it starts. Without it, the rest ("PERSONNES") is a heading that
    closes the axis it names."""
    if nxt is None or nxt.is_list or nxt.is_table_row or not is_upper_heading(nxt.text, max_words=8):
        return False
    if AXIS_HEADING.match(nxt.text.strip()) or _AXIS_TAG.match(nxt.text.strip()):
        return False
    here, there = block.provenance.bbox, nxt.provenance.bbox
    size, other = block.font_size, nxt.font_size
    if here is None or there is None or not size or not other or block.provenance.page != nxt.provenance.page:
        return False
    return (abs(size - other) <= 0.1 * size and 0 <= there[1] - here[3] <= 0.8 * size
            and abs(there[0] - here[0]) <= size)


def axis_heading(blocks: Sequence[Block], i: int) -> tuple[int, str, int] | None:
    """(axis number, title, blocks it takes) when block i opens an axis, however its parts are set:
    "AXE 2 TITLE", "TITLE AXE 2", or, in a coloured band, "2 TITLE" and "TITLE 2"; a tag and a
    title may also be two blocks in a row, in either order."""
    block = blocks[i]
    if block.is_list or block.is_table_row:
        return None
    text, band = block.text.strip(), block.role == "band"
    m = AXIS_HEADING.match(text)
    if m and m.group("title") and _axis_title(m.group("title"), True) \
            and (is_upper_heading(text, max_words=20) or band or block.level > 0):
        if _wraps_on(block, blocks[i + 1] if i + 1 < len(blocks) else None):
            return axis_number(m.group("num")), f"{m.group('title')} {blocks[i + 1].text.strip()}", 2
        return axis_number(m.group("num")), m.group("title"), 1
    m = _TITLE_THEN_TAG.match(text)
    if m and _axis_title(m.group("title"), band):
        return axis_number(m.group("num")), m.group("title"), 1
    if band:
        m = _BARE_FIRST.match(text) or _BARE_LAST.match(text)
        if m and _axis_title(m.group("title"), band):
            return int(m.group("num")), m.group("title"), 1
        m = _TAG_INSIDE.search(text)
        if m and _axis_title(rest := normalize_space(text[:m.start()] + " " + text[m.end():]), band):
            return axis_number(m.group("num")), rest, 1  # the tag read between the title's lines
    tag = _AXIS_TAG.match(text)
    if tag and _heading_like(block) and (text[:1].isalpha() or band or block.level > 0):
        number = axis_number(tag.group("num"))
        for j in (i + 1, i - 1):
            if 0 <= j < len(blocks) and _heading_like(blocks[j]) and is_upper_heading(blocks[j].text, max_words=20) \
                    and not AXIS_HEADING.match(blocks[j].text) and not _AXIS_TAG.match(blocks[j].text.strip()):
                if j == i - 1:
                    return None  # the title before the tag opens the axis (see below)
                return number, blocks[j].text, 2
        if text[:3].lower() == "axe":
            return number, "", 1  # "AXE 5" alone; a bare "V" alone is a tick read as a letter
    nxt = blocks[i + 1] if i + 1 < len(blocks) else None
    if nxt is not None and _heading_like(block) and is_upper_heading(text, max_words=20) and _heading_like(nxt):
        tag = _AXIS_TAG.match(nxt.text.strip())
        if tag and (nxt.text[:1].isalpha() or nxt.role == "band" or nxt.level > 0):
            return axis_number(tag.group("num")), text, 2
    return None


def axis_of_text(text: str) -> tuple[int, str] | None:
    """(axis number, title) of a text that names an axis with its tag: "AXE 1 — TITRE",
    "Axe 1 : Titre", "AXE 5", "TITRE — AXE 1" (a merged table row, a heading)."""
    text = text.strip()
    m = AXIS_HEADING.match(text) or _TITLE_THEN_TAG.match(text)
    if not m or axis_number(m.group("num")) is None:
        return None
    return axis_number(m.group("num")), m.group("title").strip()


def axis_headings(blocks: Sequence[Block]) -> list[tuple[int, int, str, int]]:
    """(block index, axis number, title, blocks taken) of every axis heading, in order."""
    out = []
    i = 0
    while i < len(blocks):
        found = axis_heading(blocks, i)
        if found and found[0] is not None:
            out.append((i, *found))
            i += found[2]
        else:
            i += 1
    return out


def axis_number(token: str) -> int | None:
    token = token.strip().upper()
    if token.isdigit():
        return int(token)
    return _ROMAN.get(token)


def is_upper_heading(text: str, max_words: int = 14) -> bool:
    """An all-capitals short line: how the documents write their section titles."""
    letters = [c for c in text if c.isalpha()]
    return (
        len(letters) >= 4
        and sum(c.isupper() for c in letters) / len(letters) > 0.85
        and len(text.split()) <= max_words
    )


def narrate_zone(ctx: ParseContext, indices: Sequence[int]) -> None:
    """Keep a run of blocks as narrative sections, one per all-capitals title."""
    title: int | None = None
    current: list[int] = []
    for i in list(indices) + [None]:
        block = ctx.blocks[i] if i is not None else None
        if block is None or (block.kind.value in ("heading", "paragraph") and (block.level or is_upper_heading(block.text))):
            if title is not None or current:
                ctx.narrate(current, title)
            title, current = i, []
        else:
            current.append(i)


def labelled_table_rows(doc: BlockDocument, labels: dict[str, re.Pattern[str]]) -> BlockDocument:
    """Tables whose header row names fields become the labelled paragraphs a text layout has.

    A header row has at least two cells that match `labels` (label -> pattern on the folded
    header). Each row below it, up to the end of the table, becomes one paragraph per cell: a
    cell under a labelled column reads "Label : value", another cell (the action) as written; a
    merged row (one cell) as written. Header rows repeated on each page are dropped."""
    out: list[Block] = []
    columns: dict[int, str] | None = None
    for block in doc.blocks:
        if not block.is_table_row:
            columns = None
            out.append(block)
            continue
        header = {k: label for k, cell in enumerate(block.cells)
                  for label, pattern in labels.items() if cell and pattern.match(fold(cell))}
        if len(header) >= 2:
            columns = header
            continue
        if columns is None:
            out.append(block)
            continue
        for k, cell in enumerate(block.cells):
            text = normalize_space(cell.replace("\n", " "))
            if text:
                text = f"{columns[k]} : {text}" if k in columns else text
                out.append(Block(BlockKind.PARAGRAPH, text, block.provenance, lines=(text,)))
    return BlockDocument(source=doc.source, blocks=out, warnings=doc.warnings)



_YEARS = re.compile(r"(?P<a>20\d\d)(?:\s*[-–à]\s*(?P<b>20\d\d))?")
_FREQUENCY = re.compile(r"\d+\s*x\s*/\s*(?:an|année|mois)", re.IGNORECASE)


def parse_period(text: str) -> Period:
    """"1x/an sur 3 ans (2022-2024)" -> years [2022, 2023, 2024], frequency "1x/an"."""
    years: set[int] = set()
    for m in _YEARS.finditer(text):
        a, b = int(m.group("a")), int(m.group("b") or m.group("a"))
        years.update(range(min(a, b), max(a, b) + 1))
    freq = _FREQUENCY.search(text)
    return Period(text=text, years=sorted(years), frequency=re.sub(r"\s+", "", freq.group()) if freq else None)
