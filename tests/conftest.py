"""Shared fixtures: the project's own corpus (never ../shared) and its records, parsed once.

Every test is hermetic: HOME and XDG_CACHE_HOME point into its own temporary folder (so no
cache of an earlier run, nor the user's, can answer for the code under test), and the
project's configuration is used through a copy whose outputs and cache live in a
temporary folder: no test reads or writes the working tree's output/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extraction import extract_document
from tests.helpers import isolated_config, require_tool

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def tesseract():
    """For a test that reads a page with Tesseract (see require_tool)."""
    require_tool("tesseract", "tesseract-ocr tesseract-ocr-fra")


@pytest.fixture(autouse=True)
def hermetic_home(tmp_path, monkeypatch):
    """A fresh HOME and cache folder for each test (subprocesses inherit them)."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.fixture(scope="session")
def project_config(tmp_path_factory) -> Path:
    """The project's configuration, with its outputs in a temporary folder (shared by a session)."""
    return isolated_config(tmp_path_factory.mktemp("projet"))


@pytest.fixture(scope="session")
def corpus() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def bilan_2020():
    return extract_document(CORPUS / "bilan-2020.txt").record


@pytest.fixture(scope="session")
def plan_2020():
    return extract_document(CORPUS / "plan-deploiement-2020.txt").record


@pytest.fixture(scope="session")
def plan_2023():
    return extract_document(CORPUS / "plan-deploiement-2023-2024.txt").record


@pytest.fixture(scope="session")
def immigration():
    return extract_document(CORPUS / "plan-action-immigration-2022-2024.txt").record


@pytest.fixture(scope="session")
def gouvernance():
    return extract_document(CORPUS / "gouvernance-partagee-2022.txt").record


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The project's build (records, ledger, reports, the four drafts) in a temporary folder, once
    per session: (output folder, the build's messages, the configuration)."""
    from pipeline.build import build
    from pipeline.config import load_config

    out = tmp_path_factory.mktemp("build")
    config = load_config(Path(__file__).resolve().parents[1] / "config.yaml")
    messages, complete = build(config, out)
    assert complete
    return out, messages, config
