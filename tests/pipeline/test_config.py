from pathlib import Path

import pytest

from pipeline.config import ConfigError, load_config

ROOT = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "doc.txt").write_text("x", encoding="utf-8")
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_project_config_declares_every_corpus_document():
    config = load_config(ROOT / "config.yaml")
    corpus = sorted(p for p in (ROOT / "corpus").rglob("*") if p.suffix in (".txt", ".pdf", ".docx"))
    assert sorted(d.path.resolve() for d in config.documents) == [p.resolve() for p in corpus]
    assert config.outputs.records == ROOT / "output" / "records"
    published = [d for d in config.documents if d.same_as]
    assert {d.path.suffix for d in published} == {".pdf", ".docx"}
    assert all(config.document_for(d.same_as) for d in published)


def test_same_as_must_name_a_declared_document(tmp_path: Path):
    with pytest.raises(ConfigError, match=r"documents\[0\]\.same_as"):
        load_config(write(tmp_path, "documents:\n  - path: doc.txt\n    same_as: autre.txt\n"))


def test_unknown_key_is_named(tmp_path: Path):
    with pytest.raises(ConfigError, match=r"documents\[0\]\.kynd.*clé inconnue"):
        load_config(write(tmp_path, "documents:\n  - path: doc.txt\n    kynd: bilan\n"))


def test_malformed_yaml_names_the_line(tmp_path: Path):
    with pytest.raises(ConfigError, match="ligne 3"):
        load_config(write(tmp_path, "documents:\n  - path: doc.txt\n    kind: [bilan\n"))


def test_missing_file_is_named(tmp_path: Path):
    with pytest.raises(ConfigError, match=r"documents\[0\]\.path.*introuvable"):
        load_config(write(tmp_path, "documents:\n  - path: absent.txt\n"))


def test_bad_kind_lists_the_allowed_values(tmp_path: Path):
    with pytest.raises(ConfigError, match="permis"):
        load_config(write(tmp_path, "documents:\n  - path: doc.txt\n    kind: rapport\n"))


def test_numeric_cycle_is_text(tmp_path: Path):
    config = load_config(write(tmp_path, "documents:\n  - path: doc.txt\n    cycle: 2020\n"))
    assert config.documents[0].cycle == "2020"
