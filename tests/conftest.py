"""Shared fixtures: the project's own corpus (never ../shared) and its records, parsed once."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extraction import extract_document

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


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
