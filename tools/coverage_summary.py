"""`make coverage`'s summary: the total line coverage and the modules under 90%, in French."""

from __future__ import annotations

import json
import sys
from pathlib import Path

THRESHOLD = 90.0
TARGET = 95.0


def main(path: Path) -> int:
    data = json.loads(path.read_text(encoding="utf-8"))
    total = data["totals"]["percent_covered"]
    print(f"Couverture des lignes (processus de lecture et sous-processus compris) : {total:.1f} % (cible {TARGET:g} %)")
    under = sorted((info["summary"]["percent_covered"], name) for name, info in data["files"].items()
                   if info["summary"]["percent_covered"] < THRESHOLD)
    if under:
        print(f"Modules sous {THRESHOLD:g} % :")
        for percent, name in under:
            print(f"  {name:45} {percent:5.1f} %")
    else:
        print(f"Aucun module sous {THRESHOLD:g} %.")
    return 0 if total >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
