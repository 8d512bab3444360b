"""Cycles come from config.yaml only: the drafts' names, the Makefile's targets and the line
`make` prints follow `drafts.annual` and `drafts.biennial`; no year is written anywhere else."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from pipeline.config import ConfigError, following_cycle, load_config
from pipeline.drafts import cycle_line, draft_files, earlier_drafts

ROOT = Path(__file__).resolve().parents[2]
YEAR = re.compile(r"(?<!\d)20\d\d(?!\d)")


def _config(tmp_path: Path, drafts: dict, documents=None) -> Path:
    docs = documents or [{"path": str(ROOT / "corpus" / "bilan-2020.txt"), "kind": "bilan", "cycle": "2020"}]
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump({"documents": docs, "drafts": drafts}, allow_unicode=True), encoding="utf-8")
    return path


def test_the_makefile_and_the_templates_name_no_year():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert not YEAR.findall(makefile)
    for template in (ROOT / "templates").glob("*.docx"):
        with zipfile.ZipFile(template) as z:  # the text Word shows: body, headers, footers
            text = " ".join(re.sub(r"<[^>]+>", "", z.read(n).decode("utf-8"))
                            for n in z.namelist() if n.startswith("word/") and n.endswith(".xml"))
        assert not YEAR.findall(text), template.name


@pytest.mark.parametrize("cycle, after", [("2021", "2022"), ("2029", "2030"), ("2023-2024", "2025-2026"),
                                          ("2027-2028", "2029-2030")])
def test_the_next_cycle_has_the_same_length(cycle, after):
    assert following_cycle(cycle) == after


def test_draft_names_follow_the_declared_cycles(tmp_path):
    config = load_config(_config(tmp_path, {"annual": {"from_cycle": "2021"}, "biennial": {"from_cycle": "2025-2026"}}))
    assert list(draft_files(config)) == ["plan-deploiement-2022.docx", "bilan-2022.docx", "bilan-2025-2026.docx",
                                         "plan-deploiement-2027-2028.docx"]
    assert cycle_line(config) == ("Ébauches en préparation : cycle 2022 (plan de déploiement et bilan, d'après le cycle "
                                  "2021) ; cycle biennal 2027-2028 (bilan 2025-2026 et plan, d'après le cycle 2025-2026).")
    assert config.forms_dir("2022").name == "formulaires-2022" and config.updates_path.name == "mises-a-jour-2022.yaml"


def test_a_declared_biennial_bilan_is_no_longer_drafted(tmp_path):
    (tmp_path / "bilan.txt").write_text("BILAN 2023-2024", encoding="utf-8")
    documents = [{"path": "bilan.txt", "kind": "bilan", "cycle": "2023-2024"}]
    config = load_config(_config(tmp_path, {"biennial": {"from_cycle": "2023-2024"}}, documents))
    assert list(draft_files(config)) == ["plan-deploiement-2025-2026.docx"]
    assert "cycle biennal 2025-2026 (plan, d'après le cycle 2023-2024)" in cycle_line(config)


def test_without_drafts_nothing_is_drafted_and_make_says_so(tmp_path):
    config = load_config(_config(tmp_path, {}))
    assert draft_files(config) == {} and config.updates_path is None
    assert cycle_line(config).startswith("Aucune ébauche demandée")


def test_a_cycle_of_another_shape_names_the_key(tmp_path):
    with pytest.raises(ConfigError, match=r"drafts\.annual\.from_cycle.*forme non permise"):
        load_config(_config(tmp_path, {"annual": {"from_cycle": "l'an prochain"}}))


def test_earlier_drafts_are_the_generated_ones_of_other_cycles(tmp_path):
    config = load_config(_config(tmp_path, {"annual": {"from_cycle": "2021"}}))
    generated = ["plan-deploiement-2021.docx", "bilan-2021.docx", "plan-deploiement-2022.docx", "ledger.xlsx",
                 "mises-a-jour-2021.yaml"]
    assert earlier_drafts(generated, config) == ["bilan-2021.docx", "plan-deploiement-2021.docx"]


def test_deps_writes_the_draft_targets_and_the_cycle_line(tmp_path):
    path = _config(tmp_path, {"annual": {"from_cycle": "2024", "cycle": "2025"}})
    done = subprocess.run([sys.executable, "-m", "pipeline", "deps", "--config", str(path)], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = dict(line.split(" := ", 1) for line in done.stdout.splitlines() if " := " in line)
    assert lines["DRAFTS"] == "output/plan-deploiement-2025.docx output/bilan-2025.docx"
    assert lines["CYCLE"] == "2025" and lines["FORMS_DIR"] == "output/formulaires-2025"
    assert lines["CYCLE_LINE"].startswith("Ébauches en préparation : cycle 2025 ")
