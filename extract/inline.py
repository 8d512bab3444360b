"""Inline conversion marks of the text renditions, turned into styled spans.

The corpus text files come from a Markdown-like conversion: ``**bold**``,
``*italic*``, ``<u>underline</u>``, ``^e^`` / ``^{er}`` superscripts, ``[text](url)``,
``<http://...>``, and backslash escapes such as ``\\$``. Emphasis follows the
CommonMark delimiter-run rules (left/right flanking), so that a lone ``*`` used
as a footnote marker ("(*PMRG)", "*Le PMRG donne...") stays literal text
instead of swallowing the rest of the paragraph.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from extract.blocks import Span

_TOKEN = re.compile(
    r"(?P<escape>\\(?P<escaped>[\\`*_{}\[\]()#+\-.!$<>|~^\"']))"
    r"|(?P<link>\[(?P<link_text>[^\]]*)\]\((?P<link_url>[^)\s]*)\))"
    r"|(?P<autolink><(?P<auto_url>(?:https?|ftp|mailto):[^>\s]+)>)"
    r"|(?P<tag></?(?P<tag_name>u|sup|sub|b|i|strong|em|br|span)\b[^>]*/?>)"
    r"|(?P<sup>\^\{(?P<sup_braced>[^}]*)\}|\^(?P<sup_plain>[^\s^]+)\^|\^(?P<sup_open>[^\W\d_]{1,3})(?![^\W_]))"
    r"|(?P<delim>\*+)",
    re.IGNORECASE,
)

_TAG_STYLE = {"u": "underline", "sup": "superscript", "b": "bold", "strong": "bold", "i": "italic", "em": "italic"}


@dataclass
class _Piece:
    text: str
    style: frozenset[str] = frozenset()
    href: str | None = None
    delim: int = 0  # >0: an unresolved run of '*' of this length
    can_open: bool = False
    can_close: bool = False


def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch).startswith(("P", "S"))


def _flanking(before: str, after: str) -> tuple[bool, bool]:
    """CommonMark left- and right-flanking tests for a delimiter run."""
    b_space = not before or before.isspace()
    a_space = not after or after.isspace()
    left = not a_space and (not _is_punct(after) or b_space or _is_punct(before))
    right = not b_space and (not _is_punct(before) or a_space or _is_punct(after))
    return left, right


def _tokenize(text: str) -> list[_Piece]:
    pieces: list[_Piece] = []
    active: set[str] = set()
    pos = 0
    for m in _TOKEN.finditer(text):
        if m.start() > pos:
            pieces.append(_Piece(text[pos : m.start()], frozenset(active)))
        pos = m.end()
        if m.group("escape"):
            pieces.append(_Piece(m.group("escaped"), frozenset(active)))
        elif m.group("link"):
            pieces.append(_Piece(m.group("link_text").strip(), frozenset(active), href=m.group("link_url")))
        elif m.group("autolink"):
            url = m.group("auto_url")
            pieces.append(_Piece(url, frozenset(active), href=url))
        elif m.group("tag"):
            name = m.group("tag_name").lower()
            style = _TAG_STYLE.get(name)
            if name == "br":
                pieces.append(_Piece(" ", frozenset(active)))
            elif style:
                if m.group("tag").startswith("</"):
                    active.discard(style)
                else:
                    active.add(style)
        elif m.group("sup"):
            sup = next(g for g in (m.group("sup_braced"), m.group("sup_plain"), m.group("sup_open")) if g is not None)
            pieces.append(_Piece(sup, frozenset(active | {"superscript"})))
        else:
            run = m.group("delim")
            before = text[m.start() - 1] if m.start() > 0 else ""
            after = text[m.end()] if m.end() < len(text) else ""
            left, right = _flanking(before, after)
            pieces.append(_Piece(run, frozenset(active), delim=len(run), can_open=left, can_close=right))
    if pos < len(text):
        pieces.append(_Piece(text[pos:], frozenset(active)))
    return pieces


def _resolve_emphasis(pieces: list[_Piece]) -> list[_Piece]:
    """Pair delimiter runs (closer with the nearest compatible opener); the rest stay literal."""
    pairs: list[tuple[int, int, str]] = []
    openers: list[int] = []
    for i, p in enumerate(pieces):
        if not p.delim:
            continue
        if p.can_close:
            match = next((j for j in reversed(openers) if pieces[j].delim == p.delim), None)
            if match is not None:
                openers = [j for j in openers if j < match]
                style = {1: "italic", 2: "bold"}.get(p.delim, "bold_italic")
                pairs.append((match, i, style))
                continue
        if p.can_open:
            openers.append(i)
    consumed = {i for a, b, _ in pairs for i in (a, b)}
    out: list[_Piece] = []
    for i, p in enumerate(pieces):
        if i in consumed:
            continue
        extra: set[str] = set()
        for a, b, style in pairs:
            if a < i < b:
                extra |= {"bold", "italic"} if style == "bold_italic" else {style}
        out.append(_Piece(p.text, p.style | extra, p.href))
    return out


_SPACES = re.compile(r"[ \t\u00a0\u202f\u2007\u2009]+")


def normalize_space(text: str) -> str:
    """Collapse runs of spaces (including no-break spaces) and strip the ends."""
    return _SPACES.sub(" ", text).strip()


def parse_inline(text: str) -> tuple[str, tuple[Span, ...]]:
    """Return the clean text of a Markdown-like string and its styled spans."""
    pieces = _resolve_emphasis(_tokenize(text))
    spans: list[Span] = []
    for p in pieces:
        if not p.text:
            continue
        span = Span(
            text=p.text,
            bold="bold" in p.style,
            italic="italic" in p.style,
            underline="underline" in p.style,
            superscript="superscript" in p.style,
            href=p.href,
        )
        if spans and _same_style(spans[-1], span):
            spans[-1] = Span(spans[-1].text + span.text, span.bold, span.italic, span.underline, span.superscript, span.href)
        else:
            spans.append(span)
    clean = normalize_space("".join(s.text for s in spans))
    return clean, tuple(spans)


def _same_style(a: Span, b: Span) -> bool:
    return (a.bold, a.italic, a.underline, a.superscript, a.href) == (b.bold, b.italic, b.underline, b.superscript, b.href)
