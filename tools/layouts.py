"""`make layouts`: render LAYOUTS variants of every layout family (tests/fixtures/layout_families)
into output/layouts/, extract them, and print the field agreement per family and per field.

A variant whose agreement is under 97 % is listed with what it lost; keep it as a named
regression fixture (tests/fixtures/layouts/) once understood. Writes output/layouts/rapport.json.
"""

from __future__ import annotations

import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "fixtures")]

from layout_families import ALL_FAMILIES, FAMILIES, expected, generate  # noqa: E402
from layout_families.score import Agreement  # noqa: E402

OUT = ROOT / "output" / "layouts"


def _one(job: tuple[str, int]) -> tuple[str, int, dict, dict, dict, str | None]:
    from pipeline.extraction import extract_document

    name, seed = job
    family = ALL_FAMILIES[name]
    want = expected(family.document)
    try:
        path, choices = generate(family, seed, OUT, want)
        got = extract_document(path).record
    except Exception as exc:  # a variant that cannot be rendered or read is a finding, not a crash
        return name, seed, {}, {}, {}, f"{type(exc).__name__}: {exc}"
    agreement = Agreement()
    missing = agreement.add(want, got)
    return name, seed, choices, dict(agreement.matched), dict(agreement.total), json.dumps(
        {k: [list(map(str, f)) for f in v[:3]] for k, v in missing.items()}, ensure_ascii=False)


def main() -> int:
    count = int(os.environ.get("LAYOUTS", "200"))
    names = [n for n in os.environ.get("FAMILIES", " ".join(FAMILIES)).split() if n in ALL_FAMILIES]
    jobs = [(name, seed) for seed in range(count) for name in names][:count] if count < len(names) else \
        [(names[k % len(names)], k // len(names)) for k in range(count)]
    OUT.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    per_family: dict[str, Agreement] = {n: Agreement() for n in names}
    failures = []
    with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool:
        for name, seed, choices, matched, total, lost in pool.map(_one, jobs):
            agreement = Agreement()
            agreement.matched.update(matched)
            agreement.total.update(total)
            if not total:
                failures.append((name, seed, 0.0, choices, lost))
                per_family[name].total["lecture"] += 1
                continue
            per_family[name] += agreement
            if agreement.ratio() < 0.97:
                failures.append((name, seed, agreement.ratio(), choices, lost))
    overall = Agreement()
    print(f"{len(jobs)} variantes en {time.perf_counter() - start:.0f} s (output/layouts/)")
    print(f"{'famille':<22} {'variantes':>9}  accord par champ")
    report = {}
    for name in names:
        agreement = per_family[name]
        overall += agreement
        fields = {k: round(100 * agreement.ratio(k), 1) for k in agreement.total}
        report[name] = {"accord": round(100 * agreement.ratio(), 2), "champs": fields,
                        "variantes": sum(1 for j in jobs if j[0] == name)}
        print(f"{name:<22} {report[name]['variantes']:>9}  {report[name]['accord']:6.2f} %  "
              + ", ".join(f"{k} {v:.1f}" for k, v in fields.items()))
    print(f"{'ensemble':<22} {len(jobs):>9}  {100 * overall.ratio():6.2f} %")
    for name, seed, ratio, choices, lost in sorted(failures, key=lambda f: f[2])[:15]:
        print(f"  {name}-{seed:04d} : {100 * ratio:.0f} % {choices} {lost[:300] if lost else ''}")
    (OUT / "rapport.json").write_text(json.dumps({"familles": report, "ensemble": round(100 * overall.ratio(), 2),
                                                  "sous_97": [f"{n}-{s:04d}" for n, s, *_ in failures]},
                                                 ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
