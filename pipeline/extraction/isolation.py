"""Each document parsed in its own worker process, bounded in time and memory, several at once.

As the most trusted extractors do it: a pathological file (a compressed-stream
bomb, a parser loop) ends as "délai dépassé" or "trop volumineux" for that
file alone, and cannot hang or exhaust the batch. `run_many` keeps up to `jobs`
workers busy and hands results back in the order the files were given, so a
batch uses every core and its output does not depend on which file ends first.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import wait
from pathlib import Path

from extract.errors import DocumentError


def default_jobs() -> int:
    """Every core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _child(conn, func, args, kwargs, memory_bytes: int | None, capture: bool) -> None:
    # What the libraries' C code writes on stderr itself (no Python logging to catch) goes to
    # a file of this worker's own, sent back with the result: a batch's stderr has only lines
    # that name their file, in the files' order. (Not under --debug: a developer sees it all.)
    stray, seconds = tempfile.TemporaryFile(), None
    if capture:
        os.dup2(stray.fileno(), 2)
    try:
        if memory_bytes:
            resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
        started = time.process_time()
        message = ("ok", func(*args, **kwargs))
        seconds = time.process_time() - started
    except DocumentError as exc:
        message = ("document", exc.message)
    except MemoryError:
        message = ("memory", None)
    except BaseException as exc:  # reported to the parent, which decides what to say
        message = ("error", f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}")
    try:
        sys.stderr.flush()
        stray.seek(0)
        written = stray.read(64 * 1024).decode("utf-8", "replace")
        conn.send((*message, written, seconds if message[0] == "ok" else None))
    finally:
        conn.close()


@dataclass
class Task:
    path: Path  # the document, named in messages
    func: Callable
    args: tuple = ()
    kwargs: dict | None = None
    stray: str = ""  # what the worker's libraries wrote on stderr themselves, raw (set by run_many)
    seconds: float | None = None  # the CPU time the worker's function took (set by run_many)


@dataclass
class _Running:
    index: int
    task: Task
    process: multiprocessing.Process
    receiver: object
    deadline: float


def _outcome(path: Path, status: str, payload, timeout: float, memory_mb: int | None):
    """The worker's value, or the exception to raise for it."""
    if status == "ok":
        return payload
    if status == "document":
        return DocumentError(path, payload)
    if status == "timeout":
        return DocumentError(path, f"délai dépassé ({timeout:g} s) : document trop complexe ou endommagé ; "
                                   "vérifiez-le ou augmentez « limits.timeout_seconds » dans config.yaml.")
    if status == "memory":
        return DocumentError(path, f"trop volumineux : la lecture dépasse {memory_mb} Mio de mémoire ; vérifiez le fichier "
                                   "ou augmentez « limits.memory_mb » dans config.yaml.")
    return RuntimeError(payload)


def _stop(running: _Running) -> None:
    running.process.join(5)
    if running.process.is_alive():
        running.process.kill()
        running.process.join()
    running.receiver.close()


def run_many(tasks: Iterable[Task], jobs: int | None = None, timeout: float = 120.0,
             memory_mb: int | None = 3072, capture: bool = True) -> Iterator[tuple[Task, object]]:
    """(task, value or exception) for each task, in the tasks' order, with up to `jobs` forked
    workers at a time. Only finished results waiting for an earlier one are held in memory.
    With `capture`, what a worker writes on stderr itself comes back in its task's `stray`."""
    context = multiprocessing.get_context("fork")
    memory = memory_mb * 1024 * 1024 if memory_mb else None
    pending = iter(enumerate(tasks))
    running: dict[object, _Running] = {}
    done: dict[int, tuple[Task, object]] = {}
    jobs = jobs or default_jobs()
    try:
        yield from _schedule(context, pending, running, done, jobs, timeout, memory, memory_mb, capture)
    finally:  # the caller stopped early, or an error: no worker outlives the batch
        for job in running.values():
            job.process.kill()
            _stop(job)


def _schedule(context, pending, running, done, jobs, timeout, memory, memory_mb, capture):
    next_out, exhausted = 0, False
    while True:
        while not exhausted and len(running) < jobs:
            item = next(pending, None)
            if item is None:
                exhausted = True
                break
            index, task = item
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(target=_child, args=(sender, task.func, task.args, task.kwargs or {}, memory, capture))
            process.start()
            sender.close()
            running[receiver] = _Running(index, task, process, receiver, time.monotonic() + timeout)
        while next_out in done:
            yield done.pop(next_out)
            next_out += 1
        if not running:
            if exhausted:
                return
            continue
        now = time.monotonic()
        ready = wait(list(running), timeout=max(0.0, min(r.deadline for r in running.values()) - now))
        for receiver in ready:
            job = running.pop(receiver)
            try:
                status, payload, job.task.stray, job.task.seconds = receiver.recv()
            except EOFError:
                status, payload = "memory", None  # the worker died without a word: killed for its memory
            _stop(job)
            done[job.index] = (job.task, _outcome(job.task.path, status, payload, timeout, memory_mb))
        now = time.monotonic()
        for receiver, job in list(running.items()):
            if job.deadline <= now:
                job.process.kill()
                del running[receiver]
                _stop(job)
                done[job.index] = (job.task, _outcome(job.task.path, "timeout", None, timeout, memory_mb))


def run_isolated(path: Path, func, *args, timeout: float = 120.0, memory_mb: int | None = 3072, **kwargs):
    """func(*args, **kwargs) in a forked worker; DocumentError in French on a timeout, on too much
    memory, or on the worker's own DocumentError. Other failures come back as RuntimeError."""
    _, outcome = next(run_many([Task(path, func, args, kwargs)], jobs=1, timeout=timeout, memory_mb=memory_mb))
    if isinstance(outcome, Exception):
        raise outcome
    return outcome
