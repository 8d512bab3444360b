"""Batches: the content-hash cache, workers running side by side, lean start-up."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from pipeline.extraction import RecordCache
from pipeline.extraction import Job, extract_batch
from pipeline.extraction import Task, run_many

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"


def _interval(path: str, seconds: float) -> str:
    """A worker that records when it ran."""
    start = time.monotonic()
    time.sleep(seconds)
    Path(path).write_text(f"{start} {time.monotonic()}")
    return path


def _overlap(a: Path, b: Path) -> bool:
    (s1, e1), (s2, e2) = (map(float, p.read_text().split()) for p in (a, b))
    return s1 < e2 and s2 < e1


def test_workers_run_side_by_side_and_results_keep_their_order(tmp_path):
    files = [tmp_path / f"{n}.txt" for n in range(3)]
    tasks = [Task(f, _interval, (str(f), s)) for f, s in zip(files, (0.6, 0.1, 0.3))]
    results = [value for _, value in run_many(tasks, jobs=2, timeout=30)]
    assert results == [str(f) for f in files]  # input order, although 1 ends first
    assert _overlap(files[0], files[1])


def test_one_job_runs_one_worker_at_a_time(tmp_path):
    files = [tmp_path / f"{n}.txt" for n in range(2)]
    list(run_many([Task(f, _interval, (str(f), 0.2)) for f in files], jobs=1, timeout=30))
    assert not _overlap(*files)


def test_a_slow_task_times_out_alone(tmp_path):
    files = [tmp_path / f"{n}.txt" for n in range(2)]
    results = [value for _, value in run_many([Task(files[0], _interval, (str(files[0]), 30)),
                                               Task(files[1], _interval, (str(files[1]), 0))], jobs=2, timeout=1)]
    assert "délai dépassé (1 s)" in str(results[0]) and results[1] == str(files[1])


def test_cache_serves_unchanged_content_and_notices_a_change(tmp_path):
    source = tmp_path / "plan.txt"
    source.write_bytes((CORPUS / "plan-deploiement-2020.txt").read_bytes())
    cache = RecordCache(tmp_path / "cache", ROOT / "registry.yaml")
    first = next(extract_batch([Job(source)], None, cache, workers=1))
    again = next(extract_batch([Job(source)], None, cache, workers=1))
    assert not first.cached and again.cached and again.text == first.text and again.warnings == first.warnings
    renamed = source.rename(tmp_path / "autre-nom.txt")
    assert next(extract_batch([Job(renamed)], None, cache, workers=1)).cached  # same bytes, same entry
    assert not next(extract_batch([Job(renamed, cycle="2099")], None, cache, workers=1)).cached  # other options
    renamed.write_text(renamed.read_text(encoding="utf-8").replace("Fête de la diversité culturelle", "Fête des voisins du monde"), encoding="utf-8")
    changed = next(extract_batch([Job(renamed)], None, cache, workers=1))
    assert not changed.cached and "Fête des voisins du monde" in changed.text


def test_another_registry_is_another_cache(tmp_path):
    registry = tmp_path / "registry.yaml"
    registry.write_bytes((ROOT / "registry.yaml").read_bytes())
    source = CORPUS / "plan-deploiement-2020.txt"
    key = RecordCache(tmp_path / "cache", ROOT / "registry.yaml").key(source)
    registry.write_bytes(registry.read_bytes() + b"\n# changed\n")
    assert RecordCache(tmp_path / "cache", registry).key(source) != key


def _cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env={**os.environ, **(env or {})})


def test_cli_no_cache_writes_no_entry_and_batch_json_is_a_list_in_order(tmp_path):
    env = {"XDG_CACHE_HOME": str(tmp_path / "xdg")}
    files = [CORPUS / "plan-deploiement-2020.txt", CORPUS / "gouvernance-partagee-2022.txt"]
    done = _cli("extract", *map(str, files), "--json", "--no-cache", "--jobs", "2", env=env)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert [d["kind"] for d in data] == ["plan_deploiement", "presentation"]
    assert not (tmp_path / "xdg").exists()
    assert _cli("extract", str(files[0]), "--json", env=env).returncode == 0
    assert list((tmp_path / "xdg" / "levis-bilans" / "extraction").rglob("*.json"))


def test_extracting_needs_no_nlp_model():
    """Resolving the names of a record is dictionary work: spaCy is never imported. (--debug: the
    worker's own stderr, where -X importtime writes, is passed through.)"""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "pipeline", "extract",
                           str(ROOT / "tests" / "fixtures" / "bilan-2020.pdf"), "--json", "--no-cache", "--debug"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert "pdfplumber" in imported and not any(m == "spacy" or m.startswith("spacy.") for m in imported)


def test_the_batch_loads_spacy_once_after_a_document_needs_it(tmp_path):
    """A worker's spaCy dies with it; the parent loads it once, for the workers it forks next."""
    registry = tmp_path / "registry.yaml"  # a resolver of its own, fresh in this process
    registry.write_bytes((ROOT / "registry.yaml").read_bytes())
    from pipeline.names import resolver_for

    list(extract_batch([Job(CORPUS / "gouvernance-partagee-2022.txt")], registry, workers=1))
    assert not resolver_for(registry).ruler_loaded  # nothing needed it
    results = list(extract_batch([Job(CORPUS / "plan-deploiement-2023-2024.txt")] * 2, registry, workers=1))
    assert all(r.error is None for r in results) and results[0].text == results[1].text
    assert resolver_for(registry).ruler_loaded


def test_a_damaged_cache_entry_is_extracted_again(tmp_path):
    cache = RecordCache(tmp_path / "cache", ROOT / "registry.yaml")
    source = CORPUS / "gouvernance-partagee-2022.txt"
    first = next(extract_batch([Job(source)], None, cache, workers=1))
    entry = next((tmp_path / "cache").rglob("*.json"))
    entry.write_text("{not json", encoding="utf-8")
    again = next(extract_batch([Job(source)], None, cache, workers=1))
    assert not again.cached and again.text == first.text


def _noisy(text: str) -> str:
    """A worker whose library writes on stderr itself, below Python (as C code does)."""
    os.write(2, text.encode("utf-8"))
    return "lu"


def test_what_a_worker_writes_on_stderr_comes_back_with_its_file(capfd):
    tasks = [Task(Path(f"{n}.pdf"), _noisy, (f"Warning: object {n} damaged\n",)) for n in range(3)]
    done = list(run_many(tasks, jobs=2, timeout=30))
    assert [value for _, value in done] == ["lu"] * 3
    assert [task.stray for task, _ in done] == [f"Warning: object {n} damaged\n" for n in range(3)]
    assert capfd.readouterr().err == ""  # nothing reached the batch's own stderr
    quiet = list(run_many([Task(Path("x.pdf"), _noisy, ("debug\n",))], jobs=1, timeout=30, capture=False))
    assert quiet[0][0].stray == "" and capfd.readouterr().err == "debug\n"


def test_a_workers_raw_stderr_becomes_one_french_warning_naming_the_file():
    from pipeline.extraction.batch import _with_stray

    [warning] = _with_stray(Path("plan.pdf"), [], "Warning: could not parse font\n\nFPDF: stream damaged\n")
    assert warning.line() == ("avertissement [library-messages] plan.pdf : défauts de structure du PDF (police mal "
                              "formée, flux endommagé) ; le texte extrait peut être incomplet (détails : --verbose).")
    assert warning.details == {"stderr": ["Warning: could not parse font", "FPDF: stream damaged"]}


def test_stderr_and_logged_messages_of_one_file_make_one_warning(tmp_path):
    """A file whose libraries spoke both ways is reported once, with every kind of defect."""
    import sys

    sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
    import third_party as tp

    from pipeline.extraction import extract_document
    from pipeline.extraction.batch import _with_stray

    path = tmp_path / "flux.pdf"
    path.write_bytes(tp.text_pdf(flate="bad-checksum"))
    logged = extract_document(path, kind="bilan", normalise=False).warnings
    merged = _with_stray(path, logged, "Warning: MediaBox missing\n")
    said = [w for w in merged if w.code == "library-messages"]
    assert [w.message for w in said] == ["défauts de structure du PDF (flux endommagé, page sans dimensions) ; le texte "
                                         "extrait peut être incomplet (détails : --verbose)."]
    assert said[0].details == {"messages": ["pdfminer.pdftypes : Data-loss while decompressing corrupted data"],
                               "stderr": ["Warning: MediaBox missing"]}
    assert [w.code for w in merged] == [w.code for w in logged]  # in its place, the others kept
