"""`make mutate`: mutation testing (mutmut) of the rule modules, each against the tests that pin it.

Each module is mutated in its own copy of the tree under output/mutate/ (the working tree is never
touched), two at a time. Prints the kill rate per module and overall, lists every surviving
mutant with its diff, and writes output/mutate/resultats.json.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

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


def run_target(module: str, tests: list[str]) -> dict:
    tree = OUT / Path(module).stem
    shutil.rmtree(tree, ignore_errors=True)
    shutil.copytree(ROOT, tree, ignore=IGNORED)
    (tree / "output").mkdir()
    # mutmut 2 counts only exit status 1 as a failure; pytest says 2 when a mutant breaks the import
    # (a syntax error), which is a kill too: any failure becomes 1.
    runner = (f"{PYTHON} -c 'import sys, pytest; sys.exit(1 if pytest.main(sys.argv[1:]) else 0)' "
              f"-x -q -p no:cacheprovider {' '.join(tests)}")
    subprocess.run([PYTHON, "-m", "mutmut", "run", f"--paths-to-mutate={module}", f"--runner={runner}",
                    "--tests-dir=tests", "--no-progress"], cwd=tree, capture_output=True, text=True)
    database = sqlite3.connect(tree / ".mutmut-cache")
    rows = database.execute("select id, status from Mutant").fetchall()
    survivors = []
    for mutant_id, status in rows:
        if status != "ok_killed":
            diff = subprocess.run([PYTHON, "-m", "mutmut", "show", str(mutant_id)], cwd=tree, capture_output=True,
                                  text=True).stdout
            changed = [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
            survivors.append({"id": mutant_id, "status": status, "diff": changed})
    return {"module": module, "mutants": len(rows), "killed": len(rows) - len(survivors), "survivors": survivors}


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda target: run_target(*target), TARGETS))
    total = sum(r["mutants"] for r in results)
    killed = sum(r["killed"] for r in results)
    print(f"{'Module':40} {'mutants':>8} {'tués':>6} {'taux':>7}")
    for r in results:
        rate = r["killed"] / r["mutants"] if r["mutants"] else 1.0
        print(f"{r['module']:40} {r['mutants']:>8} {r['killed']:>6} {rate:>7.1%}")
    print(f"{'Total':40} {total:>8} {killed:>6} {killed / total if total else 1.0:>7.1%}")
    for r in results:
        for s in r["survivors"]:
            print(f"\nsurvivant {r['module']} #{s['id']} ({s['status']}) :")
            print("\n".join(f"    {line}" for line in s["diff"]))
    (OUT / "resultats.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0 if total and killed / total >= 0.9 else 1


if __name__ == "__main__":
    sys.exit(main())
