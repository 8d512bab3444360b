"""Content-hash cache of extracted records: an unchanged input is never parsed twice.

The key is the SHA-256 of the file's bytes together with everything else that shapes
its record: the options (kind, cycle), the registry's bytes and the code of the
extract and pipeline packages. Renaming or touching a file keeps its entry; editing
it, the registry or the parsers makes a new one. Entries are written atomically,
so concurrent batches never read half an entry. `--no-cache` bypasses it.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

from pipeline.config import DEFAULT_REGISTRY
from pipeline.diagnostics import Diagnostic
from pipeline.files import write_atomic

ROOT = Path(__file__).resolve().parents[2]


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of the source of the packages that make records."""
    digest = hashlib.sha256()
    for path in sorted([*ROOT.glob("extract/**/*.py"), *ROOT.glob("pipeline/**/*.py")]):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def default_folder() -> Path:
    """Where the cache lives without a config.yaml: the user's cache folder."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "levis-bilans" / "extraction"


class RecordCache:
    def __init__(self, folder: Path, registry: Path | None):
        self.folder = folder
        # Names are resolved against the default registry when none is given: it is part of the key too.
        registry = registry or DEFAULT_REGISTRY
        registry_bytes = registry.read_bytes() if registry.exists() else b""
        self._salt = hashlib.sha256(code_version().encode() + registry_bytes).hexdigest()

    def key(self, path: Path, **options) -> str:
        digest = hashlib.sha256(self._salt.encode())
        digest.update(json.dumps(options, sort_keys=True, default=str).encode())
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def has(self, key: str) -> bool:
        return self._path(key).is_file()

    def get(self, key: str) -> tuple[str, list[Diagnostic]] | None:
        """(record JSON text, warnings) of an earlier extraction, if any."""
        try:
            entry = json.loads(self._path(key).read_text(encoding="utf-8"))
            return entry["record"], [Diagnostic.model_validate(w) for w in entry["warnings"]]
        except (OSError, ValueError, KeyError, TypeError):
            return None  # absent or damaged (pydantic's errors are ValueErrors): extract again

    def put(self, key: str, record_json: str, warnings: list[Diagnostic]) -> None:
        try:
            entry = {"record": record_json, "warnings": [w.model_dump(mode="json") for w in warnings]}
            write_atomic(self._path(key), json.dumps(entry, ensure_ascii=False))
        except OSError:
            pass  # a read-only or full disk costs speed, never a result
