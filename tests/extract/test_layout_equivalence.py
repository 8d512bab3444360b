"""The published layouts (PDF, Word) give the same records as the text renditions.

Compared per action: same keys; same title, leads and partners after whitespace
normalisation (the issue's contract). Fixtures are copies of ../shared/fixtures
and of the variants made by tests/fixtures/make_variants.py.
"""

from pathlib import Path

import pytest

from extract.inline import normalize_space
from pipeline.extraction import extract_document

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"

PAIRS = [
    ("bilan-2020.pdf", "bilan-2020.txt"),
    ("bilan-2020.docx", "bilan-2020.txt"),
    ("plan-deploiement-2020.pdf", "plan-deploiement-2020.txt"),
]


def _facts(record):
    return {
        (a.axis, a.number): (
            normalize_space(a.title),
            [normalize_space(x.name) for x in a.leads],
            [normalize_space(x.name) for x in a.partners],
        )
        for a in record.actions
    }


@pytest.fixture(scope="module")
def text_records():
    return {}


def _text_record(name, cache):
    if name not in cache:
        cache[name] = extract_document(ROOT / "corpus" / name).record
    return cache[name]


@pytest.mark.parametrize("fixture,text", PAIRS)
def test_layout_gives_the_text_records(fixture, text, text_records):
    published = extract_document(FIXTURES / fixture).record
    reference = _text_record(text, text_records)
    assert published.kind == reference.kind and published.cycle == reference.cycle
    got, want = _facts(published), _facts(reference)
    assert list(got) == list(want)
    for key in want:
        assert got[key] == want[key], key
    assert published.unplaced == []


def test_bilan_pdf_keeps_summary_footnotes_notes_and_provenance():
    record = extract_document(FIXTURES / "bilan-2020.pdf").record
    assert [(r.axis, r.planned, r.started_or_done, r.opportunities) for r in record.summary][-1] == (None, 36, 36, 28)
    assert {f.marker for f in record.footnotes} >= {"¹", "²", "*"}
    a = next(a for a in record.actions if (a.axis, a.number) == (2, "9"))
    assert [n.text for n in a.notes] == ["⇒ Cérémonie d'accueil annulée en raison de la pandémie de COVID-19."]
    assert a.provenance.page == 6 and a.provenance.bbox
    assert {o.axis for o in record.opportunities} == {1, 2, 3, 4, 5}
    nested = next(a for a in record.actions if (a.axis, a.number) == (3, "8"))
    assert [c.text for c in nested.achievements[0].children][0] == "#SortonsLaPoésie"


def test_docx_provenance_is_a_paragraph_index():
    record = extract_document(FIXTURES / "bilan-2020.docx").record
    assert record.source.format == "docx"
    assert all(a.provenance.paragraph is not None for a in record.actions)
