import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from extract.errors import DocumentError, UnknownKindError
from extract.parsers import PARSERS, detect_kind
from extract.readers import read_blocks
from extract.text_reader import text_to_blocks
from extract.blocks import BlockDocument
from extract.records import Source

EXPECTED = {
    "bilan-2020.txt": "bilan",
    "plan-deploiement-2020.txt": "plan_deploiement",
    "plan-deploiement-2023-2024.txt": "plan_deploiement",
    "plan-action-immigration-2022-2024.txt": "plan_immigration",
    "gouvernance-partagee-2022.txt": "presentation",
}


@pytest.mark.parametrize("name,kind", sorted(EXPECTED.items()))
def test_kind_is_detected_from_content(corpus: Path, name: str, kind: str):
    assert detect_kind(read_blocks(corpus / name)) == kind


def test_unknown_content_is_a_french_error(tmp_path: Path):
    path = tmp_path / "lettre.txt"
    path.write_text("Bonjour,\n\nVoici le compte rendu de la réunion.\n", encoding="utf-8")
    with pytest.raises(UnknownKindError) as err:
        detect_kind(read_blocks(path))
    assert "lettre.txt" in str(err.value) and "--kind" in str(err.value)


def test_unsupported_extension(tmp_path: Path):
    path = tmp_path / "notes.xyz"
    path.write_bytes(b"x")
    with pytest.raises(DocumentError, match="non pris en charge"):
        read_blocks(path)


MARKS = ("\\$", "<u>", "</u>", "^e", "^{", "**", "](", "<http", "\t")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_conversion_marks_reach_the_records(corpus: Path, name: str):
    from pipeline.extraction import extract_document
    from extract.records import record_to_json

    data = record_to_json(extract_document(corpus / name).record)
    strings = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key != "source":
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str):
            strings.append(node)

    walk(data)
    offending = [s for s in strings if any(m in s for m in MARKS) or s != s.strip() or "  " in s]
    assert offending == []


_FRAGMENTS = list("abcAXE 12345.:-*\t\n()¹²➔⇒") + [
    "Responsable municipal :", "Partenaires :", "Occasions saisies", "OBJECTIF", "Période visée : 2022",
    "Partenaires potentiels : A, B", "AXE 2", "BILAN 2020", "\n- ", "\n\n", "4. (b) Titre", "2.7.1 Action",
]
_DOC_TEXT = st.lists(st.sampled_from(_FRAGMENTS), max_size=120).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_DOC_TEXT)
def test_arbitrary_text_never_crashes_a_parser(text: str):
    doc = BlockDocument(source=Source(path="fuzz.txt", sha256="0", format="txt"), blocks=text_to_blocks(text))
    for module in PARSERS.values():
        record = module.parse(doc)
        json.dumps(record.model_dump(mode="json"))


@pytest.mark.parametrize("name,content,message", [
    ("vide.pdf", b"", "le fichier est vide"),
    ("page.pdf", b"<html><body>bonjour</body></html>", "n'est pas un PDF"),
    ("tronque.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "PDF illisible"),
    ("faux.docx", b"PK\x03\x04tronque", "fichier Word illisible"),
])
def test_bad_files_give_one_french_line(tmp_path: Path, name: str, content: bytes, message: str):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DocumentError) as err:
        read_blocks(path)
    assert str(err.value).startswith(f"{name} : ") and message in str(err.value)
    assert "\n" not in str(err.value)
