"""Extraction stage: file -> reader -> blocks -> kind parser -> record, with its French diagnostics."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from extract import KIND_LABELS, Heard, OcrSettings, defects_summary, detect_kind, doubtful_fields, heard, parser_for, read_blocks
from pipeline.diagnostics import WARNING, Diagnostic
from pipeline.progress import Progress
from pipeline.names import normalise_record, resolver_for
from extract.records import LibraryMessage, reading_status, record_to_json


@dataclass
class Extraction:
    path: Path
    record: object
    warnings: list[Diagnostic] = field(default_factory=list)


def extract_document(path: Path, kind: str | None = None, cycle: str | None = None,
                     password: str | None = None, registry: Path | None = None, normalise: bool = True,
                     ocr: OcrSettings | None = None) -> Extraction:
    """Read one document into its typed record, names resolved against the registry;
    raises DocumentError with a French message. What the libraries say while reading is
    caught and becomes one French warning, its raw text in the record's `diagnostics`."""
    with heard() as messages:
        doc = read_blocks(path, password=password, ocr=ocr)
        kind = kind or detect_kind(doc)
        record = parser_for(kind)(doc, cycle=cycle)
        if normalise:
            normalise_record(record, resolver_for(registry))

    def warning(code: str, message: str, where: str | None = None) -> Diagnostic:
        return Diagnostic(code=code, severity=WARNING, sources=[path.name], where=where, message=message)

    warnings = [warning("reading-note", text) for text in doc.warnings]
    if messages:
        record.diagnostics = [LibraryMessage(source=m.source, message=m.message) for m in messages]
        warnings.insert(0, _library_warning(path, messages, []))
    for item in record.unplaced:
        excerpt = item.text if len(item.text) <= 80 else item.text[:77] + "…"
        warnings.append(warning("unplaced-text", f"{item.reason} : « {excerpt} »", item.provenance.describe()))
    record.to_verify = doubtful_fields(record, doc.blocks)
    if record.to_verify:
        warnings.append(warning("a-verifier", (
            f"{len(record.to_verify)} champ{'s' if len(record.to_verify) > 1 else ''} lu{'s' if len(record.to_verify) > 1 else ''} "
            "par OCR avec des mots incertains : relisez la liste « à vérifier » du relevé.")))
    record.status = reading_status(len(record.unplaced), len(doc.blocks))
    if record.status == "partial":
        warnings.insert(0, warning("partial-reading", (
            f"lecture partielle : {len(record.unplaced)} passages sur {len(doc.blocks)} non rattachés ; mise en page "
            "mal reconnue ? Vérifiez « unplaced » dans le relevé (README, « Lecture partielle »).")))
    if not record.actions and kind in ("bilan", "plan_deploiement", "plan_immigration", "plan_action") and not getattr(record, "priorities", None):
        warnings.append(warning("no-action", f"aucune action trouvée ; le document est-il bien un {KIND_LABELS[kind]} ?"))
    return Extraction(path=path, record=record, warnings=warnings)


def record_json_text(record) -> str:
    return json.dumps(record_to_json(record), ensure_ascii=False, indent=2) + "\n"


def extract_json(path: Path, **options) -> tuple[str, list[Diagnostic], bool]:
    """extract_document, as (record JSON text, warnings, whether the registry's spaCy ruler was
    needed): what a worker sends back."""
    result = extract_document(path, **options)
    return record_json_text(result.record), result.warnings, resolver_for(options.get("registry")).ruler_loaded


@dataclass
class Job:
    """One document of a batch and how to read it."""

    path: Path
    kind: str | None = None
    cycle: str | None = None
    password: str | None = None
    ocr: OcrSettings | None = None  # how scanned pages are read (default: OCR when a page has no text)


@dataclass
class Extracted:
    job: Job
    text: str | None = None  # the record as JSON text
    warnings: list[Diagnostic] = field(default_factory=list)
    error: Exception | None = None
    cached: bool = False
    seconds: float | None = None  # CPU time of its reading (None from the cache)


def extract_batch(jobs: list[Job], registry: Path | None, cache=None, workers: int | None = None,
                  timeout: float = 120.0, memory_mb: int | None = 3072, capture: bool = True):
    """Extracted, for each job in order: from the cache when its content was seen before, else
    parsed in a bounded worker, up to `workers` at a time (default: every core)."""
    from pipeline.extraction.isolation import Task, default_jobs, run_many

    def task(job: Job, threads: int = 1) -> Task:
        # A scanned document's pages share the cores its batch leaves free.
        ocr = replace(job.ocr or OcrSettings(), threads=threads)
        options = {"kind": job.kind, "cycle": job.cycle, "password": job.password, "registry": registry, "ocr": ocr}
        return Task(job.path, extract_json, (job.path,), options)

    keys: dict[int, str] = {}
    hits: set[int] = set()  # only the keys: entries are read when their turn comes
    todo = []
    for n, job in enumerate(jobs):
        if cache is not None and job.path.is_file():
            keys[n] = cache.key(job.path, kind=job.kind, cycle=job.cycle, **(job.ocr or OcrSettings()).key())
            if cache.has(keys[n]):
                hits.add(n)
                continue
        todo.append(job)
    cores = default_jobs()
    threads = max(1, cores // max(1, min(workers or cores, len(todo))))
    tasks = [task(job, threads) for job in todo]
    parent = resolver_for(registry)
    results = run_many(tasks, jobs=workers, timeout=timeout, memory_mb=memory_mb, capture=capture)
    for n, job in enumerate(jobs):
        entry = cache.get(keys[n]) if n in hits else None
        if entry is not None:
            yield Extracted(job, entry[0], entry[1], cached=True)
            continue
        if n in hits:  # the entry went bad since: extract it now
            ran, outcome = next(run_many([task(job, cores)], jobs=1, timeout=timeout, memory_mb=memory_mb, capture=capture))
        else:
            ran, outcome = next(results)
        if isinstance(outcome, Exception):
            yield Extracted(job, error=outcome)
            continue
        text, warnings, needed_nlp = outcome
        if ran.stray.strip():
            warnings = _with_stray(job.path, warnings, ran.stray)
        if needed_nlp and not parent.ruler_loaded:
            # spaCy takes seconds to load and a worker's copy dies with it: once a document of
            # the batch needs it, load it here, so the workers forked from now on inherit it.
            parent.ruler  # noqa: B018 (loads it)
        if n in keys:
            cache.put(keys[n], text, warnings)
        yield Extracted(job, text, warnings, seconds=ran.seconds)


def _library_warning(path: Path, messages: list[Heard], stderr: list[str]) -> Diagnostic:
    """The file's one French warning for what its reading libraries said: through logging and
    warnings (`messages`), and written on the worker's stderr by their C code (`stderr`)."""
    details = {"messages": [f"{m.source} : {m.message}" for m in messages]} if messages else {}
    details |= {"stderr": stderr} if stderr else {}
    return Diagnostic(code="library-messages", severity=WARNING, sources=[path.name],
                      message=defects_summary(messages + [Heard("stderr", line) for line in stderr], path.suffix),
                      details=details)


def _with_stray(path: Path, warnings: list[Diagnostic], written: str) -> list[Diagnostic]:
    """The file's warnings with what its worker's libraries wrote on stderr themselves folded into
    its library-messages warning (one line per file, whichever way the libraries spoke)."""
    stderr = [" ".join(line.split()) for line in written.splitlines() if line.strip()]
    said = next((w for w in warnings if w.code == "library-messages"), None)
    messages = [Heard(*m.split(" : ", 1)) for m in said.details.get("messages", [])] if said else []
    merged = _library_warning(path, messages, stderr)
    return [merged if w is said else w for w in warnings] if said else [merged, *warnings]


def records_for(config, include_layouts: bool = False, failures: list[str] | None = None,
                use_cache: bool = True) -> list[tuple[object, object]]:
    """(declared document, record) for each document of the config, extracted now or taken from the
    extraction cache, whose key is the file's bytes, the options, the registry's content and the
    code version: a record is never reused once any of them changed (records written by an older
    build in output/records are never read back). Bounded workers, several at once. A document
    that cannot be read is left out and its French message added to `failures`; without that
    list, the error is raised."""
    from pydantic import TypeAdapter

    from extract.records import DocumentRecord
    from pipeline.extraction.cache import RecordCache

    adapter = TypeAdapter(DocumentRecord)
    docs = [d for d in config.documents if d.same_as is None or include_layouts]
    cache = RecordCache(cache_folder(config), config.registry) if use_cache else None
    ocr = config.ocr.settings()
    jobs = [Job(doc.path, doc.kind, doc.cycle, ocr=ocr) for doc in docs]
    out = []
    progress = Progress([job.path.name for job in jobs])
    for doc, result in zip(docs, extract_batch(jobs, config.registry, cache, timeout=config.limits.timeout_seconds,
                                               memory_mb=config.limits.memory_mb)):
        progress.step(doc.path.name)
        if result.error is not None:
            if failures is None:
                raise result.error
            failures.append(error_message(result.job.path, result.error))
        else:
            out.append((doc, adapter.validate_json(result.text)))
    progress.close()
    return out


def error_message(path: Path, error: Exception) -> str:
    """A batch's one French line for a file that failed."""
    from extract.errors import DocumentError

    if isinstance(error, DocumentError):
        return str(error)
    return f"{path.name} : erreur interne ; relancez avec --debug (qui affiche la trace) et signalez-la."


def cache_folder(config) -> Path:
    """The extraction cache of a project: beside its outputs, so `make clean` empties it."""
    return config.outputs.dir / ".cache" / "extraction"
