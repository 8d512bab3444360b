"""Text reader: the Markdown-like text renditions of the corpus -> blocks.

Layout conventions of the renditions: blank lines separate blocks; "- " (or a
bullet glyph) starts a list item whose depth is given by its indentation;
a line with tabs is a table row (one cell per tab); "| a | b |" lines are a
pipe table; other consecutive lines form one paragraph.
"""

from __future__ import annotations

import re
from pathlib import Path

from charset_normalizer import from_bytes

from extract.blocks import Block, BlockDocument, BlockKind
from extract.records import Provenance, Source
from extract.errors import DocumentError
from extract.hyphenation import join_lines
from extract.inline import normalize_space, parse_inline

_BULLET = re.compile(r"^(?P<indent>[ \t]*)(?P<bullet>[-–•▪■◦●○♦*+])[ \t\u00a0]+(?P<text>\S.*)$")
_BARE_BULLET = re.compile(r"^(?P<indent>[ \t]*)(?P<bullet>[-–•▪■◦●])$")
_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.+?)\s*#*\s*$")
_PIPE_SEPARATOR = re.compile(r"^\s*\|?(\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*\|?\s*$")


def decode_text(path: Path, data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), else the detected legacy encoding (cp1252, latin-1)."""
    if not data.strip():
        raise DocumentError(path, "le fichier est vide ; vérifiez qu'il a été copié en entier.")
    if b"\x00" in data[:4096]:
        raise DocumentError(path, "ce n'est pas un fichier texte (contenu binaire) ; fournissez le .txt, .pdf ou .docx d'origine.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = from_bytes(data, cp_isolation=["cp1252", "latin_1", "utf_16", "mac_roman"]).best()
        if best is None:
            raise DocumentError(path, "encodage du texte non reconnu ; enregistrez le fichier en UTF-8.") from None
        text = str(best)
    # Text has letters and few control characters; random bytes decoded as cp1252 do not.
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f" or 0x7f <= ord(c) < 0xa0)
    letters = sum(1 for c in text if c.isalpha())
    if controls > 0.02 * len(text) or letters < 0.3 * len(text.strip()):
        raise DocumentError(path, "ce n'est pas un fichier texte (contenu binaire) ; fournissez le .txt, .pdf ou .docx d'origine.")
    return text


def _indent_width(indent: str) -> int:
    return len(indent.replace("\t", "    "))


def _depth(indent: str) -> int:
    width = _indent_width(indent)
    return 0 if width == 0 else min((width + 1) // 2, 6)


def _clean_lines(lines: list[str], paragraph_text: str) -> tuple[str, ...]:
    """Each visual line without conversion marks; emphasis that spans lines is resolved on the
    whole paragraph, so a star the paragraph used as emphasis is dropped from its lines."""
    cleaned = [normalize_space(parse_inline(line)[0]) for line in lines]
    if "*" not in paragraph_text:
        cleaned = [normalize_space(line.replace("*", "")) for line in cleaned]
    return tuple(cleaned)


def _split_cells(line: str) -> list[str]:
    if line.lstrip().startswith("|"):
        inner = line.strip()
        inner = inner[1:] if inner.startswith("|") else inner
        inner = inner[:-1] if inner.endswith("|") else inner
        return inner.split("|")
    return line.split("\t")


def text_to_blocks(text: str) -> list[Block]:
    """Split a text rendition into blocks (see the module docstring for the conventions)."""
    blocks: list[Block] = []
    paragraph: list[tuple[int, str]] = []
    list_id = table_id = 0
    prev_kind: BlockKind | None = None  # kind of the previous block, None after a blank line

    def flush_paragraph() -> None:
        nonlocal prev_kind
        if not paragraph:
            return
        raw = join_lines([line for _, line in paragraph])
        clean, spans = parse_inline(raw)
        if clean:
            blocks.append(
                Block(
                    BlockKind.PARAGRAPH,
                    clean,
                    Provenance(line=paragraph[0][0]),
                    spans=spans,
                    lines=_clean_lines([line for _, line in paragraph], clean),
                    bold=bool(spans) and all(s.bold for s in spans if s.text.strip()),
                )
            )
            prev_kind = BlockKind.PARAGRAPH
        paragraph.clear()

    for number, raw_line in enumerate(text.splitlines(), start=1):
        line = raw_line.rstrip()
        if not line.strip():
            flush_paragraph()
            prev_kind = None
            continue
        # A tab after the first character marks a table row (leading tabs alone are indentation,
        # but a row may start with empty cells, so trailing tabs of the raw line count too).
        if "\t" in raw_line.lstrip(" \t").rstrip(" \r\n") or (line.lstrip().startswith("|") and line.endswith("|")):
            flush_paragraph()
            if _PIPE_SEPARATOR.match(line):
                continue
            if prev_kind is not BlockKind.TABLE_ROW:
                table_id += 1
            parsed = [parse_inline(cell) for cell in _split_cells(line)]
            cells = tuple(clean for clean, _ in parsed)
            if not any(cells):
                continue  # a row of empty cells is drawing, not text
            blocks.append(
                Block(
                    BlockKind.TABLE_ROW,
                    " | ".join(c for c in cells if c),
                    Provenance(line=number),
                    spans=tuple(span for _, spans in parsed for span in spans),
                    cells=cells,
                    table_id=table_id,
                    lines=(normalize_space(line.replace("\t", " ")),),
                )
            )
            prev_kind = BlockKind.TABLE_ROW
            continue
        bullet = _BULLET.match(line) or _BARE_BULLET.match(line)
        if bullet:
            flush_paragraph()
            if prev_kind is not BlockKind.LIST_ITEM:
                list_id += 1
            item_text = bullet.groupdict().get("text") or ""
            clean, spans = parse_inline(item_text)
            blocks.append(
                Block(
                    BlockKind.LIST_ITEM,
                    clean,
                    Provenance(line=number),
                    spans=spans,
                    depth=_depth(bullet.group("indent")),
                    bullet=bullet.group("bullet"),
                    list_id=list_id,
                    lines=(clean,),
                    bold=bool(spans) and all(s.bold for s in spans if s.text.strip()),
                )
            )
            prev_kind = BlockKind.LIST_ITEM
            continue
        heading = _HEADING.match(line)
        if heading:
            flush_paragraph()
            clean, spans = parse_inline(heading.group("text"))
            blocks.append(
                Block(BlockKind.HEADING, clean, Provenance(line=number), spans=spans,
                      level=len(heading.group("hashes")), lines=(clean,))
            )
            prev_kind = BlockKind.HEADING
            continue
        if prev_kind is BlockKind.LIST_ITEM and not paragraph and _indent_width(line[: len(line) - len(line.lstrip())]) >= 2:
            # An indented line right under a list item continues that item.
            last = blocks[-1]
            joined = join_lines([last.text, line])
            clean, spans = parse_inline(joined)
            blocks[-1] = Block(
                last.kind, clean, Provenance(line=last.provenance.line), spans=spans,
                depth=last.depth, bullet=last.bullet, list_id=last.list_id, lines=last.lines + (normalize_space(line),),
                bold=last.bold,
            )
            continue
        paragraph.append((number, line))
    flush_paragraph()
    return blocks


def read_text(path: Path) -> BlockDocument:
    """Read a .txt or .md rendition into a block document."""
    data = path.read_bytes()
    text = decode_text(path, data)
    doc = BlockDocument(source=Source.of(path, data, "txt"), blocks=text_to_blocks(text))
    if not doc.blocks:
        raise DocumentError(path, "aucun texte lisible dans le fichier ; vérifiez qu'il n'est pas vide ou tronqué.")
    return doc
