"""A copy of the project driven by `make` as staff run it, for the tests of whole loops."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
MASTER = ROOT / "tests" / "fixtures" / "plan_action" / "plan-action-2020-2030.txt"


def copy(src: Path, dst: Path) -> None:
    if src.is_dir():
        shutil.copytree(src, dst, copy_function=shutil.copy2, ignore=shutil.ignore_patterns("__pycache__"))
    else:
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst)

class Project:
    """A copy of the project (code, Makefile, templates, registry, the 2020 documents and the test
    master plan) run with the checkout's virtual environment."""

    def __init__(self, root: Path):
        self.root = root
        for name in ("Makefile", "pyproject.toml", "requirements.lock", "registry.yaml", "extract", "pipeline",
                     "templates"):
            copy(ROOT / name, root / name)
        for name in ("bilan-2020.txt", "plan-deploiement-2020.txt"):
            copy(ROOT / "corpus" / name, root / "corpus" / name)
        copy(MASTER, root / "corpus" / MASTER.name)
        self.stamp = root / ".installed"  # the checkout's environment stands installed
        self.stamp.touch()
        self.config = {
            "documents": [
                {"path": "corpus/bilan-2020.txt", "kind": "bilan", "cycle": "2020"},
                {"path": "corpus/plan-deploiement-2020.txt", "kind": "plan_deploiement", "cycle": "2020"},
                {"path": f"corpus/{MASTER.name}", "kind": "plan_action"},
            ],
            "drafts": {"annual": {"from_cycle": "2020"}},
        }
        self.save()

    def save(self) -> None:
        (self.root / "config.yaml").write_text(yaml.safe_dump(self.config, allow_unicode=True, sort_keys=False),
                                               encoding="utf-8")

    def make(self, *goals: str) -> subprocess.CompletedProcess:
        # As staff run it: not as a sub-make of `make test` (whose flags and level it would inherit).
        env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")}
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        done = subprocess.run(["make", f"VENV={ROOT / '.venv'}", f"STAMP={self.stamp}", *goals], cwd=self.root,
                              capture_output=True, text=True, timeout=600, env=env)
        assert done.returncode == 0, done.stdout + done.stderr
        return done

    def out(self, name: str) -> Path:
        return self.root / "output" / name

