"""The extraction cache's key: the file's bytes, the options, the registry's content and the code
version. Each one, changed alone, makes another key; nothing else does."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extraction import RecordCache
from pipeline.extraction import cache as cache_module

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def files(tmp_path):
    document = tmp_path / "bilan.txt"
    document.write_text("BILAN 2020\n", encoding="utf-8")
    registry = tmp_path / "registry.yaml"
    registry.write_bytes((ROOT / "registry.yaml").read_bytes())
    return document, registry


def test_same_inputs_same_key_and_a_renamed_file_keeps_it(files, tmp_path):
    document, registry = files
    key = RecordCache(tmp_path / "c", registry).key(document, kind="bilan", cycle="2020")
    assert RecordCache(tmp_path / "other", registry).key(document, kind="bilan", cycle="2020") == key
    renamed = document.rename(tmp_path / "autre-nom.txt")
    assert RecordCache(tmp_path / "c", registry).key(renamed, kind="bilan", cycle="2020") == key


def test_each_input_changes_the_key(files, tmp_path, monkeypatch):
    document, registry = files
    key = RecordCache(tmp_path / "c", registry).key(document, kind="bilan", cycle="2020")
    assert RecordCache(tmp_path / "c", registry).key(document, kind="bilan", cycle="2021") != key
    assert RecordCache(tmp_path / "c", registry).key(document, kind=None, cycle="2020") != key
    document.write_text("BILAN 2020 \n", encoding="utf-8")
    changed_file = RecordCache(tmp_path / "c", registry).key(document, kind="bilan", cycle="2020")
    assert changed_file != key
    registry.write_bytes(registry.read_bytes() + b"\n# une ligne de plus\n")
    changed_registry = RecordCache(tmp_path / "c", registry).key(document, kind="bilan", cycle="2020")
    assert changed_registry not in (key, changed_file)
    monkeypatch.setattr(cache_module, "code_version", lambda: "une autre version du code")
    assert RecordCache(tmp_path / "c", registry).key(document, kind="bilan", cycle="2020") not in (
        key, changed_file, changed_registry)


def test_without_a_registry_the_default_registrys_content_is_in_the_key(files, tmp_path, monkeypatch):
    document, registry = files
    assert RecordCache(tmp_path / "c", None).key(document) == RecordCache(tmp_path / "c", registry).key(document)
    registry.write_text("entities: []\n", encoding="utf-8")
    monkeypatch.setattr(cache_module, "DEFAULT_REGISTRY", registry)
    assert RecordCache(tmp_path / "c", None).key(document) == RecordCache(tmp_path / "c", registry).key(document)


@pytest.mark.parametrize("changed", ["extract/parsers/bilan.py", "pipeline/ledger/status.py", "pipeline/cli.py"])
def test_the_code_version_changes_with_any_module_of_either_package(tmp_path, monkeypatch, changed):
    for name in ("extract/parsers/bilan.py", "pipeline/ledger/status.py", "pipeline/cli.py", "tools/bench.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(cache_module, "ROOT", tmp_path)
    try:
        cache_module.code_version.cache_clear()
        before = cache_module.code_version()
        (tmp_path / "tools/bench.py").write_text("x = 2\n", encoding="utf-8")  # not code that makes records
        cache_module.code_version.cache_clear()
        assert cache_module.code_version() == before
        (tmp_path / changed).write_text("x = 2\n", encoding="utf-8")
        cache_module.code_version.cache_clear()
        assert cache_module.code_version() != before
    finally:
        cache_module.code_version.cache_clear()


def test_entries_round_trip_and_a_damaged_entry_reads_as_absent(files, tmp_path):
    from pipeline.diagnostics import WARNING, Diagnostic

    document, registry = files
    cache = RecordCache(tmp_path / "c", registry)
    key = cache.key(document)
    assert not cache.has(key) and cache.get(key) is None
    warning = Diagnostic(code="unplaced-text", severity=WARNING, message="m", sources=["bilan.txt"], where="ligne 2")
    cache.put(key, '{"kind": "bilan"}', [warning])
    assert cache.has(key) and cache.get(key) == ('{"kind": "bilan"}', [warning])
    cache._path(key).write_text("{pas du json", encoding="utf-8")
    assert cache.get(key) is None


def test_options_in_any_order_make_the_same_key(files, tmp_path):
    document, registry = files
    cache = RecordCache(tmp_path / "c", registry)
    assert cache.key(document, kind="bilan", cycle="2020") == cache.key(document, cycle="2020", kind="bilan")


def test_entries_fan_out_by_the_keys_first_two_characters(files, tmp_path):
    document, registry = files
    cache = RecordCache(tmp_path / "c", registry)
    key = cache.key(document)
    cache.put(key, "{}", [])
    assert [p.relative_to(tmp_path / "c").as_posix() for p in (tmp_path / "c").rglob("*.json")] == [f"{key[:2]}/{key}.json"]


def test_the_code_digest_reads_this_project(tmp_path):
    assert cache_module.ROOT == ROOT


def test_the_default_folder_follows_xdg_then_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_module.default_folder() == tmp_path / "xdg" / "levis-bilans" / "extraction"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "maison"))
    assert cache_module.default_folder() == tmp_path / "maison" / ".cache" / "levis-bilans" / "extraction"


def test_an_unwritable_cache_costs_speed_never_a_result(files, tmp_path):
    document, registry = files
    blocked = tmp_path / "fichier"
    blocked.write_text("", encoding="utf-8")
    cache = RecordCache(blocked / "cache", registry)
    key = cache.key(document)
    cache.put(key, "{}", [])  # no error
    assert cache.get(key) is None
