"""The quadratic traps of third-party files, measured (part of `make bench`, or alone:
`python tools/bench_traps.py`).

Each trap is built by tests/fixtures/third_party.py at a size and at twice that size: a Word
document with 3,000 styles (each based on the one before) and 20,000 runs, each in one of them;
a PDF page with 50,000 ruling strokes. Each is read as `extract` reads it (the reader alone,
in this process, median of 3 CPU times), beside the normal fixtures, per item: per run for the
Word documents, per page for the PDFs. Doubling the styles and runs, or the strokes, should at
most double the time (plus noise): the `doubling` ratio.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "fixtures")]

import third_party as tp  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"


def _cpu(read, path: Path, repeats: int = 3) -> float:
    read(path)  # warm: imports, caches
    times = []
    for _ in range(repeats):
        start = time.process_time()
        read(path)
        times.append(time.process_time() - start)
    return statistics.median(times)


def _runs(path: Path) -> int:
    import zipfile

    with zipfile.ZipFile(path) as package:
        body = package.read("word/document.xml")
    return body.count(b"<w:r>") + body.count(b"<w:r ")


def traps() -> dict:
    from extract.docx_reader import read_docx
    from extract.pdf_reader import read_pdf

    out: dict = {}
    with tempfile.TemporaryDirectory(prefix="levis-pieges-") as folder:
        folder = Path(folder)
        normal_docx = FIXTURES / "bilan-2020.docx"
        seconds = _cpu(read_docx, normal_docx)
        out["docx_normal"] = {"runs": _runs(normal_docx), "seconds": round(seconds, 3),
                              "microseconds_per_run": round(1e6 * seconds / _runs(normal_docx), 1)}
        for styles, runs in ((3000, 20000), (6000, 40000)):
            path = folder / f"styles-{styles}.docx"
            path.write_bytes(tp.styled_docx(styles, runs))
            seconds = _cpu(read_docx, path)
            out[f"docx_{styles}_styles_{runs}_runs"] = {"seconds": round(seconds, 3),
                                                        "microseconds_per_run": round(1e6 * seconds / runs, 1)}
        out["docx_doubling"] = round(out["docx_6000_styles_40000_runs"]["seconds"]
                                     / out["docx_3000_styles_20000_runs"]["seconds"], 2)
        normal_pdf = FIXTURES / "bilan-2020.pdf"
        seconds = _cpu(read_pdf, normal_pdf)
        pages = 22
        out["pdf_normal"] = {"pages": pages, "seconds": round(seconds, 3), "seconds_per_page": round(seconds / pages, 3)}
        for edges in (50000, 100000):
            path = folder / f"dessin-{edges}.pdf"
            path.write_bytes(tp.drawing_pdf(edges))
            seconds = _cpu(read_pdf, path)
            out[f"pdf_{edges}_edges"] = {"seconds": round(seconds, 3), "seconds_per_page": round(seconds, 3),
                                         "microseconds_per_edge": round(1e6 * seconds / edges, 1)}
        out["pdf_doubling"] = round(out["pdf_100000_edges"]["seconds"] / out["pdf_50000_edges"]["seconds"], 2)
    return out


def rows(result: dict) -> list[tuple[str, str, str]]:
    """The French table's rows for bench.py."""
    d, p = result, result
    return [
        ("Piège Word : 3 000 styles, 20 000 passages (puis 6 000 et 40 000)",
         f"{d['docx_3000_styles_20000_runs']['seconds']} s ({d['docx_3000_styles_20000_runs']['microseconds_per_run']} µs "
         f"par passage ; bilan-2020.docx : {d['docx_normal']['microseconds_per_run']} µs)",
         f"double taille : {d['docx_doubling']}x (cible ≤ 2x)"),
        ("Piège PDF : une page de 50 000 traits (puis 100 000)",
         f"{p['pdf_50000_edges']['seconds']} s la page ({p['pdf_50000_edges']['microseconds_per_edge']} µs par trait ; "
         f"bilan-2020.pdf : {p['pdf_normal']['seconds_per_page']} s la page)",
         f"double taille : {p['pdf_doubling']}x (cible ≤ 2x)"),
    ]


if __name__ == "__main__":
    measured = traps()
    print(json.dumps(measured, ensure_ascii=False, indent=2))
    for row in rows(measured):
        print("  ".join(row))
