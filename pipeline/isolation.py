"""Each document parsed in its own worker process, bounded in time and memory.

As the most trusted extractors do it: a pathological file (a compressed-stream
bomb, a parser loop) ends as "délai dépassé" or "trop volumineux" for that
file alone, and cannot hang or exhaust the batch.
"""

from __future__ import annotations

import multiprocessing
import resource
import traceback
from pathlib import Path

from extract.errors import DocumentError


def _child(conn, func, args, kwargs, memory_bytes: int | None) -> None:
    try:
        if memory_bytes:
            resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
        conn.send(("ok", func(*args, **kwargs)))
    except DocumentError as exc:
        conn.send(("document", exc.message))
    except MemoryError:
        conn.send(("memory", None))
    except BaseException as exc:  # reported to the parent, which decides what to say
        conn.send(("error", f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"))
    finally:
        conn.close()


def run_isolated(path: Path, func, *args, timeout: float = 120.0, memory_mb: int | None = 3072, **kwargs):
    """func(*args, **kwargs) in a forked worker; DocumentError in French on a timeout, on too much
    memory, or on the worker's own DocumentError. Other failures come back as RuntimeError."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_child, args=(sender, func, args, kwargs, memory_mb * 1024 * 1024 if memory_mb else None))
    worker.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            worker.kill()
            raise DocumentError(path, f"délai dépassé ({timeout:g} s) : document trop complexe ou endommagé ; "
                                      "vérifiez-le ou augmentez « limits.timeout_seconds » dans config.yaml.")
        try:
            status, payload = receiver.recv()
        except EOFError:
            status, payload = "memory", None  # the worker died without a word: killed for its memory
    finally:
        worker.join(5)
        if worker.is_alive():
            worker.kill()
            worker.join()
        receiver.close()
    if status == "ok":
        return payload
    if status == "document":
        raise DocumentError(path, payload)
    if status == "memory":
        raise DocumentError(path, f"trop volumineux : la lecture dépasse {memory_mb} Mio de mémoire ; vérifiez le fichier "
                                  "ou augmentez « limits.memory_mb » dans config.yaml.")
    raise RuntimeError(payload)
