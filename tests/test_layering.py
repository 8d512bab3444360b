"""The architecture, checked: imports go one way.

extract/ imports nothing of pipeline/. A pipeline stage imports its own modules, the shared
root (config, files, xlsx, diagnostics, progress), the public face of an earlier stage (the package
itself, `from pipeline.names import Resolver`) and extract's public modules; never a later
stage, never another stage's internal module. Function-level imports count too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import extract
import pipeline

ROOT = Path(__file__).resolve().parents[1]
SHARED_ROOT = {"pipeline.config", "pipeline.files", "pipeline.xlsx", "pipeline.diagnostics", "pipeline.progress"}
TOP = {"pipeline.build", "pipeline.cli", "pipeline.cli_options", "pipeline.cli_registry", "pipeline.cli_dashboard", "pipeline.__main__", "pipeline"}


def imports_of(path: Path) -> list[tuple[int, str]]:
    """(line, imported module) for every import of the file, wherever it stands."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.lineno, node.module))
            # `from pipeline.collect import forms` names a module, not only the package's face.
            out += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names
                    if (ROOT / Path(*node.module.split("."), f"{alias.name}.py")).exists()]
    return out


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def stage_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "pipeline" and parts[1] in pipeline.STAGES else None


def violation(importer: str, imported: str) -> str | None:
    """Why this import breaks the layering, or None when it is allowed."""
    if importer.startswith("extract"):
        return "extract/ n'importe rien de pipeline/" if imported.split(".")[0] == "pipeline" else None
    if imported.split(".")[0] == "extract":
        return None if imported in extract.PUBLIC_MODULES else f"module interne d'extract ({imported})"
    if imported.split(".")[0] != "pipeline" or importer in TOP:
        return None
    own, theirs = stage_of(importer), stage_of(imported)
    if theirs is None:
        return None if imported in SHARED_ROOT else f"{imported} est au-dessus des étapes"
    if own == theirs:
        return None
    if own is None:
        return f"la racine partagée ({importer}) importe l'étape {theirs}"
    if pipeline.STAGES.index(theirs) > pipeline.STAGES.index(own):
        return f"l'étape {own} importe une étape ultérieure ({theirs})"
    if imported != f"pipeline.{theirs}":
        return f"module interne de l'étape {theirs} ({imported}) : importez pipeline.{theirs}"
    return None


def violations(paths) -> list[str]:
    out = []
    for path in paths:
        importer = module_name(path)
        for line, imported in imports_of(path):
            why = violation(importer, imported)
            if why:
                out.append(f"{path.relative_to(ROOT)}:{line} : {why}")
    return out


def test_imports_go_one_way():
    paths = sorted([*ROOT.glob("extract/**/*.py"), *ROOT.glob("pipeline/**/*.py")])
    assert len(paths) > 40
    assert violations(paths) == []


@pytest.mark.parametrize("importer, imported, expected", [
    ("extract.parsers.bilan", "pipeline.records", "extract/ n'importe rien de pipeline/"),
    ("pipeline.names.resolver", "extract.parsers.common", "module interne d'extract"),
    ("pipeline.collect.answers", "pipeline.drafts.render", "étape ultérieure"),
    ("pipeline.ledger.next_cycle", "pipeline.collect", "étape ultérieure"),
    ("pipeline.drafts.contexts", "pipeline.ledger.next_cycle", "module interne de l'étape ledger"),
    ("pipeline.files", "pipeline.names", "la racine partagée"),
    ("pipeline.names.review", "pipeline.build", "au-dessus des étapes"),
])
def test_each_kind_of_wrong_import_is_caught(importer, imported, expected):
    assert expected in (violation(importer, imported) or "")


@pytest.mark.parametrize("importer, imported", [
    ("pipeline.drafts.contexts", "pipeline.ledger"),
    ("pipeline.ledger.build", "pipeline.ledger.status"),
    ("pipeline.collect.answers", "pipeline.diagnostics"),
    ("pipeline.names.resolver", "extract.normalize"),
    ("pipeline.cli", "pipeline.extraction.cache"),
])
def test_allowed_imports_pass(importer, imported):
    assert violation(importer, imported) is None


def test_a_deliberate_bad_import_fails(tmp_path):
    """What a developer sees when a stage reaches into a later one."""
    bad = ROOT / "pipeline" / "names" / "_deliberately_bad.py"
    bad.write_text("from pipeline.drafts.render import Sources\n", encoding="utf-8")
    try:
        found = violations([bad])
    finally:
        bad.unlink()
    assert found == ["pipeline/names/_deliberately_bad.py:1 : l'étape names importe une étape ultérieure (drafts)"]
