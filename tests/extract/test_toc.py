"""A table of contents is not content, in every format. A family of tables of contents inserted
into the 2020 bilan's text rendition (leaders, tabs or spaces before the page number, numbers
on lines of their own, entries for sections before and after it, with a title or none) leaves
its record as it was; lists that only look like one are kept; a finished draft whose TOC Word
filled, saved as PDF by LibreOffice, reads as the draft does."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from extract.blocks import Block, BlockDocument, BlockKind
from extract.records import Provenance, Source
from extract.toc import without_table_of_contents
from pipeline.extraction import extract_document

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
# Headings of corpus/bilan-2020.txt, in order (lines 45, 53, 73, 85, 263).
ENTRIES = ["MOT DU MAIRE", "MOT DE LA PRÉSIDENTE DE LA COMMISSION CONSULTATIVE DE DÉVELOPPEMENT SOCIAL ET COMMUNAUTAIRE",
           "SOMMAIRE", "AXE 1 LA MOBILITÉ DES PERSONNES", "AXE 2 L'HABITATION ET LE MILIEU DE VIE", "CONCLUSION"]
SEPARATORS = [" ........ ", "\t", "   ", " . . . . . . "]


def _toc(separator: str, numbers_apart: bool, title: str | None, entries: list[str]) -> str:
    lines = [title, ""] if title else []
    for n, entry in enumerate(entries, start=3):
        lines += [entry, "", str(n), ""] if numbers_apart else [f"{entry}{separator}{n}", ""]
    return "\n".join(lines)


def _facts(record):
    return ([(a.axis, a.number, a.title, [i.text for i in a.achievements], [l.name for l in a.leads],
              [p.name for p in a.partners]) for a in record.actions],
            [(r.label, r.planned) for r in record.summary], len(record.opportunities), [u.text for u in record.unplaced])


@pytest.fixture(scope="module")
def plain():
    return _facts(extract_document(CORPUS / "bilan-2020.txt").record)


CASES = list(itertools.product(SEPARATORS, [False, True], ["TABLE DES MATIÈRES", "Sommaire", None],
                               [ENTRIES, ENTRIES[2:5]]))


@pytest.mark.parametrize("separator,apart,title,entries", CASES[::2] + CASES[1::7])
def test_a_table_of_contents_leaves_the_bilan_as_it_was(tmp_path, plain, separator, apart, title, entries):
    text = (CORPUS / "bilan-2020.txt").read_text(encoding="utf-8")
    at = text.index("Le Plan d'action de la Politique")  # after the credits, before the words (line 37)
    path = tmp_path / "bilan-2020.txt"
    path.write_text(text[:at] + _toc(separator, apart, title, entries) + "\n\n" + text[at:], encoding="utf-8")
    extraction = extract_document(path)
    assert _facts(extraction.record) == plain
    assert any("table des matières non lue comme contenu" in w.message for w in extraction.warnings)


def _blocks(texts: list[str]) -> BlockDocument:
    blocks = [Block(BlockKind.HEADING if t.isupper() else BlockKind.PARAGRAPH, t, Provenance(paragraph=n))
              for n, t in enumerate(texts)]
    return BlockDocument(source=Source(path="x.docx", sha256="0" * 64, format="docx"), blocks=blocks)


@pytest.mark.parametrize("texts", [
    # Numbered facts, not entries: no heading repeats them.
    ["AXE 1", "Passages gratuits remis 50", "Organismes rejoints 12", "Quartiers visités 4", "AXE 2"],
    # The headings named in a sentence list, without page numbers.
    ["Nos axes :", "AXE 1", "AXE 2", "AXE 3", "AXE 1", "Texte.", "AXE 2", "Texte.", "AXE 3", "Texte."],
    # Two entries only.
    ["AXE 1 3", "AXE 2 5", "AXE 1", "Texte.", "AXE 2", "Texte."],
    # Entries out of the document's order.
    ["AXE 2 3", "AXE 1 5", "AXE 3 7", "AXE 1", "Texte.", "AXE 2", "Texte.", "AXE 3", "Texte."],
])
def test_what_only_looks_like_a_table_of_contents_is_kept(texts):
    document = _blocks(texts)
    assert without_table_of_contents(document) is document


def test_entries_for_sections_before_it_are_part_of_it():
    texts = ["MOT DU MAIRE", "Texte.", "TABLE DES MATIÈRES", "MOT DU MAIRE 2", "SOMMAIRE 3", "AXE 1", "4",
             "SOMMAIRE", "Texte.", "AXE 1", "Texte."]
    kept = without_table_of_contents(_blocks(texts))
    assert [b.text for b in kept.blocks] == ["MOT DU MAIRE", "Texte.", "SOMMAIRE", "Texte.", "AXE 1", "Texte."]


def test_a_finished_draft_with_its_toc_filled_reads_the_same_as_pdf(built, tmp_path):
    """The writer opens the draft in Word, which fills the TOC; the bilan is saved as PDF."""
    from tests.extract.test_docx_toc import _el, _instruction, _run
    from tests.helpers import require_tool

    require_tool("soffice", "libreoffice-writer-nogui")
    import docx
    from docx.oxml.ns import qn

    from pipeline.drafts.preview import to_pdf

    draft = built[0] / "bilan-2021.docx"
    document = docx.Document(str(draft))
    field = next(p for p in document.paragraphs if any((t.text or "").strip().startswith("TOC")
                                                       for t in p._p.iter(qn("w:instrText"))))
    headings = [p.text for p in document.paragraphs if p.style.name in ("Heading 1", "Bandeau d'axe")]
    for n, heading in enumerate(headings):
        entry = document.add_paragraph()
        if n == 0:
            for child in (_el("w:fldChar", fldCharType="begin"), _instruction(' TOC \\o "1-1" \\h '),
                          _el("w:fldChar", fldCharType="separate")):
                _run(entry, child)
        entry.add_run(f"{heading}\t{n + 3}")
        field._p.addprevious(entry._p)
    end = document.add_paragraph()
    _run(end, _el("w:fldChar", fldCharType="end"))
    field._p.addprevious(end._p)
    field._p.getparent().remove(field._p)
    filled = tmp_path / "bilan-2021.docx"
    document.save(str(filled))
    from_pdf = extract_document(to_pdf(filled, tmp_path / "bilan-2021.pdf")).record
    from_draft = extract_document(draft).record
    assert _facts(from_pdf)[:2] == _facts(from_draft)[:2] and from_pdf.unplaced == []


def test_a_summary_table_with_rising_counts_is_no_table_of_contents():
    rows = [("1. La mobilité des personnes", "1", "", ""), ("2. L'habitation et le milieu de vie", "2", "", ""),
            ("3. Le développement des quartiers", "3", "", ""), ("4. L'action communautaire", "5", "", "")]
    blocks = [Block(BlockKind.HEADING, "SOMMAIRE", Provenance(paragraph=0))]
    blocks += [Block(BlockKind.TABLE_ROW, " | ".join(c for c in row if c), Provenance(table=0, row=n), cells=row)
               for n, row in enumerate(rows)]
    for n, title in enumerate(["AXE 1 LA MOBILITÉ DES PERSONNES", "AXE 2 L'HABITATION ET LE MILIEU DE VIE",
                               "AXE 3 LE DÉVELOPPEMENT DES QUARTIERS", "AXE 4 L'ACTION COMMUNAUTAIRE"]):
        blocks += [Block(BlockKind.HEADING, title, Provenance(paragraph=10 + 2 * n)),
                   Block(BlockKind.PARAGRAPH, "Texte.", Provenance(paragraph=11 + 2 * n))]
    document = BlockDocument(source=Source(path="x.docx", sha256="0" * 64, format="docx"), blocks=blocks)
    assert without_table_of_contents(document) is document


@pytest.mark.parametrize("texts", [[f"Ligne {n}" for n in range(30000)],
                                   [f"Ligne numéro {n % 997} valeur {n % 50}" for n in range(30000)]])
def test_thousands_of_numbered_lines_are_not_compared_pairwise(texts, monkeypatch):
    """A long listing whose every line ends with a number (each could open a table of contents)
    costs at most MAX_COMPARISONS entry-heading comparisons, not lines × lines."""
    from extract import toc

    calls = []
    same = toc._same
    monkeypatch.setattr(toc, "_same", lambda a, b: calls.append(1) or same(a, b))
    document = _blocks(texts)
    assert without_table_of_contents(document) is document
    assert len(calls) <= toc.MAX_COMPARISONS < len(texts) ** 2 / 100
