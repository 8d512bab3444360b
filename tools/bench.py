"""`make bench`: measure the pipeline against its floors, side by side, in one run.

Builds a scaled corpus on the fly in output/bench/ (not committed): BENCH_DOCS documents
(default 200) cycling through every layout the tests hold (published PDFs and Word file,
reportlab, Word and LibreOffice renditions of the five corpus documents). Then measures:

* the bilan fixture: `python -m pipeline extract FILE --json --no-cache` against a bare
  pdfplumber script (open, every page's chars) and pypdfium2's text extraction, start-up
  included, median of interleaved runs;
* the scaled corpus: pages per second for the project's extraction (--jobs 1), bare
  pdfplumber and pypdfium2; the same batch on every core (--jobs N), and the speed-up;
* peak memory (the command and all its workers) for the first 20 documents and for all;
* spaCy start-up, normalisation per 1,000 names, render time per Word document;
* the quadratic traps of third-party files (tools/bench_traps.py): time per run or per page
  beside the normal fixtures, and what doubling their size costs;
* `make` from clean in a copy of the project, a `make` with nothing changed, and a
  `make` after one corpus file changed (with what it rebuilt).

Prints a French table and writes output/bench.json. Ratios are what to compare: the
machines here are noisy, and each ratio is measured within this one run.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "output"
WORK = OUT / "bench"
FIXTURES = ROOT / "tests" / "fixtures"
PY = sys.executable

BARE = """
import sys, pdfplumber
pages = 0
for name in sys.argv[1:]:
    with pdfplumber.open(name) as pdf:
        for page in pdf.pages:
            page.chars
            pages += 1
print(pages)
"""
PDFIUM = """
import sys, pypdfium2
pages = 0
for name in sys.argv[1:]:
    pdf = pypdfium2.PdfDocument(name)
    for page in pdf:
        page.get_textpage().get_text_range()
        pages += 1
    pdf.close()
print(pages)
"""
# Runs a command and prints the peak resident memory (kB) of it and all its waited-for workers.
PEAK = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def run(command: list[str], cwd: Path = ROOT) -> tuple[float, int, str]:
    """(seconds, peak kB, stdout) of a command."""
    start = time.perf_counter()
    done = subprocess.run([PY, "-c", PEAK, *command], cwd=cwd, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    code, peak = done.stdout.split()
    if code != "0":
        raise SystemExit(f"échec de la commande mesurée ({code}) : {' '.join(command[:6])}…")
    return seconds, int(peak), done.stdout


def seeds() -> list[Path]:
    pdfs = sorted(p for p in FIXTURES.rglob("*.pdf") if not {"bad", "crashes"} & set(p.parts))
    docx = sorted(p for p in FIXTURES.rglob("*.docx") if not {"bad", "crashes"} & set(p.parts))
    return pdfs + docx


def scaled_corpus(count: int) -> list[Path]:
    """count documents cycling through the seed layouts, copied under distinct names."""
    folder = WORK / "corpus"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    layouts = seeds()
    out = []
    for n in range(count):
        seed = layouts[n % len(layouts)]
        target = folder / f"{n:03d}-{seed.parent.name}-{seed.name}"
        shutil.copyfile(seed, target)
        out.append(target)
    return out


def pages_of(paths: list[Path]) -> int:
    import pypdfium2

    total = 0
    for path in paths:
        pdf = pypdfium2.PdfDocument(str(path))
        total += len(pdf)
        pdf.close()
    return total


def single_file(path: Path, repeats: int = 7) -> dict:
    commands = {
        "pipeline": [PY, "-m", "pipeline", "extract", str(path), "--json", "--no-cache"],
        "pdfplumber": [PY, "-c", BARE, str(path)],
        "pypdfium2": [PY, "-c", PDFIUM, str(path)],
    }
    times: dict[str, list[float]] = {k: [] for k in commands}
    for _ in range(repeats):
        for name, command in commands.items():
            times[name].append(run(command)[0])
    medians = {k: statistics.median(v) for k, v in times.items()}
    return {
        "file": str(path.relative_to(ROOT)), "pages": pages_of([path]), "repeats": repeats,
        "seconds": {k: round(v, 3) for k, v in medians.items()},
        "ratio_to_pdfplumber": round(medians["pipeline"] / medians["pdfplumber"], 3),
        "ratio_to_pypdfium2": round(medians["pipeline"] / medians["pypdfium2"], 3),
    }


def batch(corpus: list[Path], jobs: int) -> dict:
    pdfs = [p for p in corpus if p.suffix == ".pdf"]
    words = [p for p in corpus if p.suffix == ".docx"]
    pages = pages_of(pdfs)
    records = WORK / "records"

    def extract(paths: list[Path], workers: int) -> tuple[float, int]:
        shutil.rmtree(records, ignore_errors=True)
        seconds, peak, _ = run([PY, "-m", "pipeline", "extract", "--out", str(records), "--no-cache",
                                "--jobs", str(workers), *map(str, paths)])
        return seconds, peak

    ours_pdf, _ = extract(pdfs, 1)
    ours_docx, _ = extract(words, 1) if words else (0.0, 0)
    bare, _, _ = run([PY, "-c", BARE, *map(str, pdfs)])
    pdfium, _, _ = run([PY, "-c", PDFIUM, *map(str, pdfs)])
    parallel, peak_all = extract(corpus, jobs)
    _, peak_20 = extract(corpus[:20], jobs)
    single = ours_pdf + ours_docx
    return {
        "documents": len(corpus), "pdf": len(pdfs), "docx": len(words), "pdf_pages": pages, "jobs": jobs,
        "pages_per_second": {"pipeline": round(pages / ours_pdf, 2), "pdfplumber": round(pages / bare, 2),
                             "pypdfium2": round(pages / pdfium, 2)},
        "pdf_ratio_to_pdfplumber": round(ours_pdf / bare, 3),
        "seconds": {"pipeline_pdf_jobs_1": round(ours_pdf, 2), "pipeline_docx_jobs_1": round(ours_docx, 2),
                    "pipeline_all_jobs_1": round(single, 2), f"pipeline_all_jobs_{jobs}": round(parallel, 2),
                    "pdfplumber_pdf": round(bare, 2), "pypdfium2_pdf": round(pdfium, 2)},
        "speedup": round(single / parallel, 3),
        "peak_memory_mb": {"20": round(peak_20 / 1024, 1), str(len(corpus)): round(peak_all / 1024, 1)},
        "memory_ratio": round(peak_all / peak_20, 3),
    }


def spacy_startup(repeats: int = 3) -> dict:
    code = "import time; t = time.perf_counter(); from pipeline.names.nlp import french; french(); print(time.perf_counter() - t)"
    seconds = [float(subprocess.run([PY, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout)
               for _ in range(repeats)]
    # A command that needs no NLP must not even import spaCy.
    trace = subprocess.run([PY, "-X", "importtime", "-m", "pipeline", "extract", str(FIXTURES / "bilan-2020.pdf"),
                            "--json", "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    return {"seconds": round(statistics.median(seconds), 3),
            "extract_imports_spacy": any(line.rstrip().endswith(" spacy") for line in trace.stderr.splitlines())}


def normalisation() -> dict:
    import yaml

    from pipeline.names import Resolver
    from pipeline.names import resolver_for

    gold = yaml.safe_load((FIXTURES / "names" / "gold-partners.yaml").read_text(encoding="utf-8"))
    variants = yaml.safe_load((FIXTURES / "names" / "variants.yaml").read_text(encoding="utf-8"))
    names = [n for n in [*gold["mentions"], *variants["variants"]] if n.strip()]
    registry = resolver_for(None).registry
    resolver = Resolver(registry)
    for name in names:  # warm: spaCy's ruler, counted in its own line
        resolver.resolve(name)
    total, start = 0, time.perf_counter()
    while total < 1000:
        resolver.resolve_one.cache_clear()
        for name in names:
            resolver.resolve(name)
        total += len(names)
    seconds = time.perf_counter() - start
    return {"names": total, "distinct": len(names), "milliseconds_per_1000": round(1000 * seconds / total * 1000, 1)}


def rendering(repeats: int = 3) -> dict:
    from pipeline.config import load_config
    from pipeline.extraction import records_for
    from pipeline.ledger import ledger_and_findings
    from pipeline.names import resolver_for
    from pipeline.drafts import next_cycle_drafts, render_document

    config = load_config(ROOT / "config.yaml")
    pairs = records_for(config)
    ledger, _ = ledger_and_findings(config, pairs=pairs)
    resolver = resolver_for(config.registry)
    documents = next_cycle_drafts(config, ledger.ordered(), [r for _, r in pairs], resolver)
    out = {}
    for draft in documents:
        start = time.perf_counter()
        for _ in range(repeats):
            render_document(config.drafts.templates / draft.template, draft.context, draft.sources)
        out[draft.output] = round((time.perf_counter() - start) / repeats, 3)
    return {"seconds_per_document": out, "mean": round(statistics.mean(out.values()), 3)}


def dashboard_build(repeats: int = 5) -> dict:
    """What the dashboard adds to a build: from the ledger and findings in memory to the site
    written and swapped in (output/bench/tableau-de-bord), Jinja2's import and template loading
    included in the first run."""
    from pipeline.config import load_config
    from pipeline.extraction import records_for
    from pipeline.ledger import ledger_and_findings
    from pipeline.names import resolver_for

    config = load_config(ROOT / "config.yaml")
    pairs = records_for(config)
    ledger, findings = ledger_and_findings(config, pairs=pairs)
    registry = resolver_for(config.registry).registry
    config.outputs.dashboard = WORK / "tableau-de-bord"
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        from pipeline.dashboard import write_dashboard

        write_dashboard(config, ledger.ordered(), findings, registry)
        times.append(time.perf_counter() - start)
    pages = sum(1 for _ in config.outputs.dashboard.rglob("*.html"))
    return {"first_seconds": round(times[0], 3), "seconds": round(statistics.median(times[1:]), 3), "pages": pages,
            "actions": len(ledger.entries)}


def make_from_clean() -> dict:
    """make in a copy of the project (its .venv shared), from clean, then unchanged, then after
    one corpus file changed."""
    copy = WORK / "projet"
    shutil.rmtree(copy, ignore_errors=True)
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.split()
    for name in files:
        source = ROOT / name
        if source.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    os.symlink(ROOT / ".venv", copy / ".venv")

    def make() -> tuple[float, str]:
        start = time.perf_counter()
        done = subprocess.run(["make", "--no-print-directory"], cwd=copy, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"make a échoué dans {copy} :\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
        return time.perf_counter() - start, done.stdout + done.stderr

    clean, _ = make()
    unchanged, _ = make()
    changed_file = copy / "corpus" / "gouvernance-partagee-2022.txt"
    changed_file.write_text(changed_file.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    after, log = make()
    rebuilt = sorted({line.split()[-1] for line in log.splitlines() if " -m pipeline extract " in line})
    # A writer's edits to the bilan: an achievement reworded, then one naming an organisation
    # (the only case that needs spaCy's EntityRuler, loaded then).
    bilan = copy / "corpus" / "bilan-2020.txt"
    text = bilan.read_text(encoding="utf-8")
    old = "Plus de 50 000 passages gratuits remis à plus de 50 organismes."
    bilan.write_text(text.replace(old, "Plus de 52 000 passages gratuits remis à 55 organismes."), encoding="utf-8")
    reworded, _ = make()
    bilan.write_text(text.replace(old, "Passages gratuits remis en collaboration avec Le Tremplin."), encoding="utf-8")
    named, _ = make()
    again, _ = make()
    shutil.rmtree(copy, ignore_errors=True)
    return {"clean_seconds": round(clean, 2), "unchanged_seconds": round(unchanged, 3),
            "one_file_changed_seconds": round(after, 2), "one_file_changed_reextracted": rebuilt,
            "achievement_reworded_seconds": round(reworded, 2), "organisation_named_seconds": round(named, 2),
            "unchanged_after_edits_seconds": round(again, 3)}


def traps() -> dict:
    from bench_traps import traps as measure

    return measure()


def trap_rows(result: dict) -> list[tuple[str, str, str]]:
    from bench_traps import rows

    return rows(result)


def table(results: dict) -> str:
    one, scaled = results["single_file"], results["scaled_corpus"]
    parallel = scaled["seconds"][f"pipeline_all_jobs_{scaled['jobs']}"]
    rows = [
        ("Fichier bilan-2020.pdf (démarrage compris)", f"{one['seconds']['pipeline']} s ; pdfplumber seul "
         f"{one['seconds']['pdfplumber']} s ; pypdfium2 {one['seconds']['pypdfium2']} s",
         f"{one['ratio_to_pdfplumber']}x pdfplumber (cible ≤ 1,25x)"),
        (f"Corpus à l'échelle : {scaled['pdf']} PDF, {scaled['pdf_pages']} pages",
         f"pipeline {scaled['pages_per_second']['pipeline']} p/s ; pdfplumber {scaled['pages_per_second']['pdfplumber']} "
         f"p/s ; pypdfium2 {scaled['pages_per_second']['pypdfium2']} p/s", f"{scaled['pdf_ratio_to_pdfplumber']}x pdfplumber"),
        (f"{scaled['documents']} documents, --jobs 1 puis --jobs {scaled['jobs']}",
         f"{scaled['seconds']['pipeline_all_jobs_1']} s puis {parallel} s",
         f"accélération {scaled['speedup']}x (cible ≥ 1,7x sur 2 cœurs)"),
        ("Mémoire maximale (commande et processus de lecture)",
         " ; ".join(f"{k} documents : {v} Mio" for k, v in scaled["peak_memory_mb"].items()),
         f"{scaled['memory_ratio']}x (cible ≤ 1,5x)"),
        ("Démarrage de spaCy (fr_core_news_sm, segmenteur seul)", f"{results['spacy']['seconds']} s",
         "extract ne l'importe pas" if not results["spacy"]["extract_imports_spacy"] else "extract l'importe !"),
        ("Normalisation des noms", f"{results['normalisation']['milliseconds_per_1000']} ms pour 1 000 noms", ""),
        ("Rendu Word", f"{results['rendering']['mean']} s par document en moyenne", ""),
        (f"Tableau de bord ({results['dashboard']['pages']} pages, {results['dashboard']['actions']} actions)",
         f"{results['dashboard']['first_seconds']} s la première fois (import compris), puis "
         f"{results['dashboard']['seconds']} s", "ajouté à make (cible ≤ 1 s)"),
        ("make depuis zéro (sans l'installation)", f"{results['make']['clean_seconds']} s",
         f"sans changement : {results['make']['unchanged_seconds']} s (cible < 1 s)"),
        ("make après modification d'un fichier du corpus", f"{results['make']['one_file_changed_seconds']} s",
         "réextrait : " + (", ".join(results["make"]["one_file_changed_reextracted"]) or "rien") + " (cible ≤ 2 s)"),
        ("make après une réalisation reformulée dans le bilan", f"{results['make']['achievement_reworded_seconds']} s",
         "(cible ≤ 2 s)"),
        ("make après une réalisation qui nomme un organisme", f"{results['make']['organisation_named_seconds']} s",
         f"spaCy chargé ; puis sans changement : {results['make']['unchanged_after_edits_seconds']} s"),
    ] + trap_rows(results["traps"])
    width = max(len(r[0]) for r in rows)
    return "\n".join(f"{a:<{width}}  {b}  {c}".rstrip() for a, b, c in rows)


def main() -> None:
    from pipeline.extraction import default_jobs

    count = int(os.environ.get("BENCH_DOCS", "200"))
    jobs = default_jobs()
    WORK.mkdir(parents=True, exist_ok=True)
    print(f"Corpus à l'échelle : {count} documents dans {WORK / 'corpus'} ; {jobs} cœur(s).", flush=True)
    corpus = scaled_corpus(count)
    results = {"machine": {"cores": jobs, "python": platform.python_version(), "platform": platform.platform()},
               "date": time.strftime("%Y-%m-%d %H:%M:%S")}
    for key, step in (("single_file", lambda: single_file(FIXTURES / "bilan-2020.pdf")),
                      ("scaled_corpus", lambda: batch(corpus, jobs)), ("spacy", spacy_startup),
                      ("normalisation", normalisation), ("rendering", rendering), ("dashboard", dashboard_build),
                      ("traps", traps), ("make", make_from_clean)):
        print(f"… {key}", flush=True)
        results[key] = step()
    (OUT / "bench.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(table(results))
    print(f"Résultats : {OUT / 'bench.json'}")


if __name__ == "__main__":
    main()
