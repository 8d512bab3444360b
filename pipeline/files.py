"""Writing outputs safely: atomic writes (temporary file, then rename), reproducible zips, and
generated files that never overwrite what the user edited (the manifest of what was written)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path

# The one date every generated document carries (the ZIP format's epoch): two builds of the
# same inputs give the same bytes, whatever day they run.
REPRODUCIBLE_DATE = datetime(1980, 1, 1)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write through a temporary file and a rename, so a reader never sees half a file and an
    interrupted build leaves the previous output intact."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


def stable_zip(data: bytes) -> bytes:
    """The same archive with fixed timestamps and no comment dates, so two builds are identical."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "word/comments.xml":
                content = re.sub(rb' w:date="[^"]*"', b"", content)
            if info.filename == "docProps/core.xml":
                # Some writers stamp the save time whatever the properties say.
                content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + REPRODUCIBLE_DATE.strftime("%Y-%m-%dT%H:%M:%SZ").encode(), content)
            stable = zipfile.ZipInfo(info.filename, date_time=REPRODUCIBLE_DATE.timetuple()[:6])
            stable.compress_type = zipfile.ZIP_DEFLATED
            stable.external_attr = 0o644 << 16
            target.writestr(stable, content)
    return out.getvalue()


class Manifest:
    """What the build wrote last time (path -> sha256), to notice documents edited since."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.hashes: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            self.hashes = {}

    def save(self) -> None:
        write_atomic(self.path, json.dumps(self.hashes, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


def write_generated(path: Path, data: bytes, manifest: Manifest) -> tuple[Path, str | None]:
    """Write a generated document unless the user changed the previous one; returns where it
    went and, when the user's file was kept, a French message saying so."""
    digest = hashlib.sha256(data).hexdigest()
    key = path.name
    if path.exists():
        current = hashlib.sha256(path.read_bytes()).hexdigest()
        if current == digest:
            manifest.hashes[key] = digest
            os.utime(path)  # up to date: say so to make, which compares times
            return path, None
        if manifest.hashes.get(key) != current:
            beside = path.with_name(f"{path.stem}.nouveau{path.suffix}")
            write_bytes_atomic(beside, data)
            return beside, (f"« {path.name} » a été modifié depuis la dernière génération : il est conservé tel quel ; "
                            f"la nouvelle version est écrite dans « {beside.name} ».")
    write_bytes_atomic(path, data)
    manifest.hashes[key] = digest
    return path, None
