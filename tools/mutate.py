"""`make mutate`: mutation testing of the rule modules, each against the tests that pin its rules.

mutmut's mutation engine makes the mutants (mutmut.list_mutations / mutmut.mutate); this script
runs them itself, one by one, because mutmut 2's own runner counts a test run that fails to
import the mutant (pytest's exit status 2) as a survivor and can hang when its worker process
dies. Each module is mutated in its own copy of the tree under output/mutate/ (the working tree
is never touched), two modules at a time, with no bytecode written (mutants follow each other
within a second). A mutant is killed when its tests fail, or run ten times longer than without
it (it loops). Prints the table and every survivor's diff; writes output/mutate/resultats.json.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from mutmut import Context, list_mutations, mutate

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "output" / "mutate"
PYTHON = sys.executable

# (module, the tests that pin its rules): the subset each mutant is run against.
TARGETS = [
    ("pipeline/ledger/status.py", ["tests/pipeline/rules/test_status_words.py"]),
    ("pipeline/names/matching.py", ["tests/pipeline/rules/test_matching_guards.py", "tests/pipeline/test_names.py"]),
    ("pipeline/extraction/cache.py", ["tests/pipeline/rules/test_cache_key.py"]),
    ("extract/hyphenation.py", ["tests/extract/test_hyphen_decisions.py", "tests/extract/test_hyphenation.py"]),
    ("pipeline/collect/updates.py", ["tests/pipeline/rules/test_collected_statuses.py",
                                     "tests/pipeline/rules/test_updates_file.py"]),
    ("pipeline/ledger/consistency.py", ["tests/pipeline/rules/test_consistency_rules.py"]),
]
IGNORED = shutil.ignore_patterns(".git", ".venv*", "output", "__pycache__", ".hypothesis", ".pytest_cache", "mutants")


def _tests_pass(tree: Path, tests: list[str], timeout: float | None) -> tuple[bool | None, float]:
    """(True when the tests pass, None when they ran past the timeout; seconds taken)."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    started = time.monotonic()
    try:
        done = subprocess.run([PYTHON, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests], cwd=tree,
                              env=env, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, time.monotonic() - started
    return done.returncode == 0, time.monotonic() - started


def run_target(module: str, tests: list[str]) -> dict:
    tree = OUT / Path(module).stem
    shutil.rmtree(tree, ignore_errors=True)
    shutil.copytree(ROOT, tree, ignore=IGNORED)
    (tree / "output").mkdir()
    path = tree / module
    source = path.read_text(encoding="utf-8")
    passed, baseline = _tests_pass(tree, tests, None)
    if not passed:
        raise SystemExit(f"{module} : les tests échouent sans mutation ; corrigez-les d'abord.")
    ids = list_mutations(Context(source=source, filename=module, dict_synonyms=[]))
    survivors, killed = [], 0
    try:
        for mutation_id in ids:
            mutated, _ = mutate(Context(source=source, mutation_id=mutation_id, filename=module, dict_synonyms=[]))
            path.write_text(mutated, encoding="utf-8")
            passed, _ = _tests_pass(tree, tests, timeout=max(10 * baseline, 30))
            if passed:
                line = mutation_id.line_number
                survivors.append({"line": line + 1, "before": source.splitlines()[line].strip(),
                                  "after": mutated.splitlines()[line].strip()})
            else:
                killed += 1
    finally:
        path.write_text(source, encoding="utf-8")
    return {"module": module, "mutants": len(ids), "killed": killed, "survivors": survivors}


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    # MUTATE_MODULES=status.py,cache.py runs only those modules (while writing their tests).
    chosen = [m for m in os.environ.get("MUTATE_MODULES", "").split(",") if m]
    targets = [t for t in TARGETS if not chosen or any(t[0].endswith(m) for m in chosen)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda target: run_target(*target), targets))
    total = sum(r["mutants"] for r in results)
    killed = sum(r["killed"] for r in results)
    print(f"{'Module':40} {'mutants':>8} {'tués':>6} {'taux':>7}")
    for r in results:
        rate = r["killed"] / r["mutants"] if r["mutants"] else 1.0
        print(f"{r['module']:40} {r['mutants']:>8} {r['killed']:>6} {rate:>7.1%}")
    print(f"{'Total':40} {total:>8} {killed:>6} {killed / total if total else 1.0:>7.1%}")
    for r in results:
        for s in r["survivors"]:
            print(f"\nsurvivant {r['module']}:{s['line']}\n    - {s['before']}\n    + {s['after']}")
    (OUT / "resultats.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0 if total and killed / total >= 0.9 else 1


if __name__ == "__main__":
    sys.exit(main())
