"""Word's automatic numbering: the label Word shows before a numbered paragraph ("7.", "4.b)",
"2.7.1"), computed from the document's numbering definitions, since it is not in the text.

Each list instance (`w:num`) counts its levels from its abstract definition's `start` (or its
own `startOverride`); a paragraph at level k advances level k and restarts the deeper ones,
and its label is the level's `lvlText` with "%1".."%9" replaced by the levels' counters,
each in its level's format (decimal, letters, roman numerals). Bullets have no label.
"""

from __future__ import annotations

from docx.oxml.ns import qn

_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letters(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else ""


def _formatted(n: int, fmt: str) -> str | None:
    if fmt in ("decimal", "decimalZero", "decimalEnclosedFullstop", "decimalEnclosedParen"):
        return f"{n:02d}" if fmt == "decimalZero" else str(n)
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    return None  # bullet, none, or a format the project's documents do not use


def _val(element, tag: str, default=None):
    child = element.find(qn(tag)) if element is not None else None
    return child.get(qn("w:val")) if child is not None else default


class Numbering:
    """The labels of one document's numbered paragraphs, in reading order."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # abstractNumId -> ilvl -> (start, fmt, text)
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstractNumId, start overrides)
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for abstract in root.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in abstract.findall(qn("w:lvl")):
                ilvl = int(lvl.get(qn("w:ilvl"), "0"))
                levels[ilvl] = (int(_val(lvl, "w:start", "1") or 1), _val(lvl, "w:numFmt", "decimal") or "decimal",
                                _val(lvl, "w:lvlText", "") or "")
            self.levels[abstract.get(qn("w:abstractNumId"))] = levels
        for num in root.findall(qn("w:num")):
            overrides = {}
            for override in num.findall(qn("w:lvlOverride")):
                start = _val(override, "w:startOverride")
                if start is not None:
                    overrides[int(override.get(qn("w:ilvl"), "0"))] = int(start)
            self.nums[num.get(qn("w:numId"))] = (_val(num, "w:abstractNumId"), overrides)

    def label(self, num_id: str, ilvl: int) -> str | None:
        """Advance the list at this level and return the label Word shows ("7."), or None (a
        bullet, an unknown list)."""
        found = self.nums.get(num_id)
        levels = self.levels.get(found[0]) if found else None
        if not levels or ilvl not in levels:
            return None
        abstract, overrides = found
        counters = self.counters.setdefault(num_id, {})
        start = overrides.get(ilvl, levels[ilvl][0])
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if _formatted(1, levels[ilvl][1]) is None:
            return None
        text = levels[ilvl][2]
        for k in range(9):
            if f"%{k + 1}" not in text:
                continue
            fmt = levels.get(k, (1, "decimal", ""))[1]
            value = counters.get(k, overrides.get(k, levels.get(k, (1, "", ""))[0]))
            text = text.replace(f"%{k + 1}", _formatted(value, fmt) or "")
        return text.strip() or None
