"""Fuzz the PDF and DOCX readers for a bounded time (`make fuzz`, FUZZ_SECONDS, default 60).

Hypothesis mutates real fixtures (byte flips, insertions, truncations) and random
bytes; every input must give blocks or a DocumentError, within the time limit,
in a bounded worker. A crash is saved in tests/fixtures/crashes/ under a name
made from its kind and hash, to become a regression fixture.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract.errors import DocumentError  # noqa: E402
from extract.readers import read_blocks  # noqa: E402
from pipeline.extraction import run_isolated  # noqa: E402

SEEDS = {
    ".pdf": [ROOT / "tests/fixtures/plan-deploiement-2020.pdf", ROOT / "tests/fixtures/bad/zero-page.pdf"],
    ".docx": [ROOT / "tests/fixtures/bad/entite-externe.docx"],
}
CRASHES = ROOT / "tests" / "fixtures" / "crashes"
DEADLINE = time.monotonic() + float(os.environ.get("FUZZ_SECONDS", "60"))
found: list[str] = []


def _mutate(data: bytes, edits: list[tuple[int, int]], cut: int | None) -> bytes:
    buffer = bytearray(data)
    for position, value in edits:
        if buffer:
            buffer[position % len(buffer)] = value
    if cut is not None and buffer:
        buffer = buffer[: cut % len(buffer)]
    return bytes(buffer)


@settings(max_examples=100000, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(
    suffix=st.sampled_from(sorted(SEEDS)),
    seed=st.integers(0, 10),
    edits=st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 255)), max_size=12),
    cut=st.one_of(st.none(), st.integers(0, 1 << 20)),
    noise=st.one_of(st.none(), st.binary(max_size=512)),
)
def fuzz(suffix, seed, edits, cut, noise):
    if time.monotonic() > DEADLINE:
        return
    seeds = SEEDS[suffix]
    data = noise if noise is not None else _mutate(seeds[seed % len(seeds)].read_bytes(), edits, cut)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz{suffix}"
        path.write_bytes(data)
        try:
            run_isolated(path, read_blocks, path, timeout=20, memory_mb=2048)
        except DocumentError:
            pass
        except Exception as exc:  # a crash: keep the input
            CRASHES.mkdir(parents=True, exist_ok=True)
            name = f"plantage-{type(exc).__name__.lower()}-{hashlib.sha256(data).hexdigest()[:12]}{suffix}"
            (CRASHES / name).write_bytes(data)
            found.append(f"{name} : {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")


if __name__ == "__main__":
    fuzz()
    for line in found:
        print(f"plantage : {line}")
    print(f"{len(found)} plantage(s) ; entrées conservées dans {CRASHES}" if found else "aucun plantage")
    sys.exit(1 if found else 0)
