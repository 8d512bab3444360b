"""One freshness rule: a record is reused only while the file, the options, the registry's content
and the code are the same. A registry change is seen by build and by extract without --config."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
NAME = "Le regroupement de jeunes L'Unisson"  # unresolved in bilan-2020.txt, action 3.8


def _cli(*args, cwd):
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300)


def _project(tmp_path: Path) -> Path:
    """A small project: the 2020 plan and bilan, a copy of the registry, outputs in tmp_path."""
    (tmp_path / "corpus").mkdir()
    for name in ("bilan-2020.txt", "plan-deploiement-2020.txt"):
        shutil.copy(ROOT / "corpus" / name, tmp_path / "corpus" / name)
    shutil.copy(ROOT / "registry.yaml", tmp_path / "registry.yaml")
    config = {"documents": [{"path": "corpus/bilan-2020.txt", "kind": "bilan", "cycle": "2020"},
                            {"path": "corpus/plan-deploiement-2020.txt", "kind": "plan_deploiement", "cycle": "2020"}],
              "registry": "registry.yaml", "drafts": {"templates": str(ROOT / "templates"),
                                                      "annual": {"from_cycle": "2020"}}}
    (tmp_path / "config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return tmp_path


def _alias(registry: Path, entity_id: str, alias: str) -> None:
    data = yaml.safe_load(registry.read_text(encoding="utf-8"))
    entity = next(e for e in data["entities"] if e["id"] == entity_id)
    entity.setdefault("aliases", []).append(alias)
    registry.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _partner_ids(record: dict, key: str) -> dict[str, str | None]:
    action = next(a for a in record["actions"] if f"{a['axis']}.{a['number']}" == key)
    return {p["name"]: p["id"] for p in action["partners"]}


def test_build_after_a_registry_change_resolves_the_new_alias(tmp_path):
    project = _project(tmp_path)
    done = _cli("build", "--config", "config.yaml", cwd=project)
    assert done.returncode == 0, done.stderr
    review = (project / "output" / "noms-a-reviser.md").read_text(encoding="utf-8")
    assert f"| {NAME} |" in review
    _alias(project / "registry.yaml", "unisson", NAME)
    done = _cli("build", "--config", "config.yaml", cwd=project)
    assert done.returncode == 0, done.stderr
    review = (project / "output" / "noms-a-reviser.md").read_text(encoding="utf-8")
    assert f"| {NAME} |" not in review
    record = json.loads((project / "output" / "records" / "bilan-2020.json").read_text(encoding="utf-8"))
    assert _partner_ids(record, "3.8")[NAME] == "unisson"


def test_extract_without_config_sees_a_change_of_the_default_registry(tmp_path):
    """Without --config the cache key holds the default registry's content, so an unchanged file is
    extracted again once the registry changes (here: a registry edited in a copy of the project)."""
    copy = tmp_path / "copie"
    # `python -m pipeline` run in the copy imports the copy's code, whose default registry is the copy's.
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".git", ".venv*", "output", "tests", "__pycache__"))
    bilan = copy / "corpus" / "bilan-2020.txt"
    first = _cli("extract", str(bilan), "--json", cwd=copy)
    assert first.returncode == 0, first.stderr
    assert _partner_ids(json.loads(first.stdout), "3.8")[NAME] is None
    _alias(copy / "registry.yaml", "unisson", NAME)
    again = _cli("extract", str(bilan), "--json", cwd=copy)
    assert again.returncode == 0, again.stderr
    assert _partner_ids(json.loads(again.stdout), "3.8")[NAME] == "unisson"
