"""A table of contents is not content: its entries repeat the document's headings with page
numbers. Read as text, it opens sections twice (an axis, "SOMMAIRE") and leaves stray page
numbers unattached.

Whatever the format, a table of contents is a run of entries, each with its page number: after
dot leaders, a tab or spaces, in a cell of its own (a tab read as a column), or as a block of
its own (a number the layout set flush right). Each entry names another block of the document
(a heading, before or after it: the same words, one the other's opening, or nearly the same),
in the document's order, and the pages never go down. An entry worded otherwise than its heading
(its page set apart by leaders, a tab or a cell) or a group label ("Objectifs et actions :") may
sit between them. A run of at least MIN_ENTRIES named entries is dropped, with its title just
above it ("TABLE DES MATIÈRES", "SOMMAIRE", "CONTENTS"), and the reader says so in a note.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from extract.blocks import Block, BlockDocument

MIN_ENTRIES = 3
MAX_GAP = 2  # entries in a row that match no heading (worded otherwise), inside a table of contents
GROUP_WORDS = 6
HEADING_WORDS = 25  # a block an entry may name: a heading, a title (not a paragraph)
MAX_COMPARISONS = 200_000  # entry-heading comparisons per document, at most
SIMILAR = 88  # rapidfuzz ratio of an entry and a heading worded nearly the same
# An entry and its page: after leaders, spaces or a dash, or glued to the entry's last letter
# ("PERSONNES10"), never the end of a longer number ("en 2021").
_PAGE = re.compile(r"^(?P<core>.*?\S)(?P<sep>[\s.·…_\-]+|(?<=[^\W\d_]))(?P<page>\d{1,3})$")
_NUMBER = re.compile(r"^\d{1,3}$")
_TITLE = re.compile(r"^(table des matières|sommaire|contents|table of contents|tdm)\s*:?$", re.IGNORECASE)
_LEADERS = re.compile(r"[.·…_]{3,}")
_WORD = re.compile(r"[^\W_]+")


def _norm(text: str) -> str:
    """Words only: an entry and its heading differ in punctuation and case ("Axe 1 : La mobilité",
    "AXE 1 LA MOBILITÉ")."""
    return " ".join(_WORD.findall(_LEADERS.sub(" ", text).casefold()))


@dataclass(frozen=True)
class _Entry:
    words: str
    page: int | None
    set_apart: bool  # the page after leaders, a tab, spaces or in its own cell or block


def _entry(blocks: list[Block], j: int) -> _Entry | None:
    """Block j read as a possible entry (None for a table row that cannot be one)."""
    block = blocks[j]
    text = block.text
    if block.is_table_row:
        cells = block.nonempty_cells
        if len(block.cells) == 2 and len(cells) == 2 and _NUMBER.match(cells[1].strip()):
            return _Entry(_norm(cells[0]), int(cells[1]), True)  # a tab read as a column
        if len(cells) != 1:
            return None  # a data table's row (a summary's counts are no pages)
        text = cells[0]
    if j + 1 < len(blocks) and _NUMBER.match(blocks[j + 1].text.strip()):
        return _Entry(_norm(text), int(blocks[j + 1].text), True)  # its page, a block of its own
    match = _PAGE.match(text.strip())
    if match and _norm(match.group("core")):
        sep = match.group("sep")
        return _Entry(_norm(match.group("core")), int(match.group("page")),
                      bool(_LEADERS.search(sep) or "\t" in sep or "  " in sep))
    return _Entry(_norm(text), None, False)


def _opens(read: list[_Entry | None], blocks: list[Block], i: int) -> bool:
    """Cheap test before any matching: MIN_ENTRIES entries in a row from i, each with its page,
    pages rising."""
    pages, j = [], i
    while len(pages) < MIN_ENTRIES and j < len(blocks):
        entry = read[j]
        if entry is None or entry.page is None or (pages and entry.page < pages[-1]):
            return False
        pages.append(entry.page)
        j += 2 if j + 1 < len(blocks) and _NUMBER.match(blocks[j + 1].text.strip()) and not blocks[j].is_table_row else 1
    return len(pages) == MIN_ENTRIES


def _same(entry: str, heading: str) -> bool:
    """An entry names a heading: the same words, one the other's opening ("Axe 2 : L'habitation…"
    for a heading "AXE 2" whose title is set apart), or nearly the same ("AXE I" for "Axe 1")."""
    if not entry or not heading:
        return False
    short, long_ = sorted((entry.split(), heading.split()), key=len)
    if len(short) >= 2 and long_[:len(short)] == short:
        return True
    return fuzz.ratio(entry, heading) >= SIMILAR


def _runs(blocks: list[Block]) -> list[tuple[int, int]]:
    """(first, last) indexes of each table of contents."""
    # What an entry can name: the document's short blocks (headings, titles), words only, by
    # first word (an entry and its heading open alike), so a long document is not compared
    # block against block.
    # A heading opens content: a block followed by another line with a page (a listing, the
    # table of contents itself) is named by no entry.
    read = [_entry(blocks, k) for k in range(len(blocks))]
    paged = [e is not None and e.page is not None for e in read]
    if sum(paged) < MIN_ENTRIES:
        return []
    named: dict[str, list[tuple[int, str]]] = {}
    for k, b in enumerate(blocks):
        if b.is_table_row or len(b.text.split()) > HEADING_WORDS or (k + 1 < len(blocks) and paged[k + 1]) \
                or paged[k] and k + 1 < len(blocks) and _NUMBER.match(blocks[k + 1].text.strip()):
            continue
        if words := (read[k].words if read[k] is not None and read[k].page is None else _norm(b.text)):
            named.setdefault(words.split()[0], []).append((k, words))

    matches: dict[str, list[int]] = {}
    budget = [MAX_COMPARISONS]

    def target(entry: _Entry, j: int, after: int) -> int | None:
        """The first block after `after` (not j itself) that the entry names. Each distinct entry
        is compared with its bucket once; a document that would need more than MAX_COMPARISONS
        comparisons (thousands of numbered lines opening alike) stops being searched."""
        if entry.words not in matches:
            bucket = named.get(entry.words.split()[0], []) if entry.words else []
            budget[0] -= len(bucket)
            matches[entry.words] = [k for k, text in bucket if _same(entry.words, text)] if budget[0] >= 0 else []
        found = matches[entry.words]
        n = bisect.bisect_right(found, after)
        return next((k for k in found[n:n + 2] if k != j), None)

    runs, i = [], 0
    while i < len(blocks):
        if not paged[i] or not _opens(read, blocks, i):
            i += 1  # a table of contents opens with entries and their rising pages
            continue
        entries = gap = 0
        j, last_target, last_page, end = i, -1, 0, None
        while j < len(blocks):
            entry = read[j]
            if entry is None or (entry.page is not None and entry.page < last_page):
                break
            step = 2 if entry.page is not None and entry.set_apart and not blocks[j].is_table_row \
                and j + 1 < len(blocks) and _NUMBER.match(blocks[j + 1].text.strip()) else 1
            hit = target(entry, j, last_target) if entry.page is not None else None
            if hit is not None:
                entries, gap, last_target = entries + 1, 0, hit
            else:
                label = blocks[j].text.rstrip().endswith(":") and len(entry.words.split()) <= GROUP_WORDS
                if not ((entry.page is not None and entry.set_apart) or label) or gap == MAX_GAP:
                    break
                gap += 1
            if entry.page is not None:
                last_page, end = entry.page, j + step - 1
            j += step
        if entries >= MIN_ENTRIES and end is not None:
            start = i - 1 if i > 0 and _TITLE.match(_norm(blocks[i - 1].text)) else i
            runs.append((start, end))
            i = end + 1
        else:
            i += 1
    return runs


def without_table_of_contents(document: BlockDocument) -> BlockDocument:
    runs = _runs(document.blocks)
    if not runs:
        return document
    dropped = {i for first, last in runs for i in range(first, last + 1)}
    notes = []
    for first, last in runs:
        where = document.blocks[first].provenance.describe()
        notes.append(f"table des matières non lue comme contenu ({where}, {last - first + 1} blocs) : "
                     "ses entrées répètent les titres du document")
    return replace(document, blocks=[b for i, b in enumerate(document.blocks) if i not in dropped],
                   warnings=[*document.warnings, *notes])
