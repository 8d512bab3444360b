"""pdfminer's reading of damaged Flate streams, made linear (extract/pdf_inflate.py): the same
bytes, the same errors and the same message as pdfminer's own, on streams damaged anywhere."""

import logging
import random
import zlib

import pytest
from pdfminer.pdftypes import decompress_corrupted as pdfminer_version

from extract.pdf_inflate import decompress_corrupted


def _outcome(function, data: bytes):
    try:
        return "ok", function(data)
    except zlib.error as error:
        return "error", str(error)


def _damaged(seed: int) -> bytes:
    rng = random.Random(seed)
    packed = bytearray(zlib.compress(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 60000)))
                                     if seed % 3 else b"Bilan 2021. " * rng.randrange(1, 9000)))
    where = rng.choice(["checksum", "checksum", "body", "truncated", "none"])
    if where == "checksum":
        packed[len(packed) - 1 - rng.randrange(3)] ^= 0xFF
    elif where == "body":
        packed[rng.randrange(2, len(packed))] ^= 0x5A
    elif where == "truncated":
        del packed[rng.randrange(2, len(packed)):]
    return bytes(packed)


@pytest.mark.parametrize("seed", range(60))
def test_same_bytes_and_same_errors_as_pdfminer(seed, caplog):
    data = _damaged(seed)
    with caplog.at_level(logging.WARNING, logger="pdfminer.pdftypes"):
        expected = _outcome(pdfminer_version, data)
        theirs = [r.getMessage() for r in caplog.records]
        caplog.clear()
        got = _outcome(decompress_corrupted, data)
        ours = [r.getMessage() for r in caplog.records]
    assert got[0] == expected[0]
    if got[0] == "ok":
        assert got[1] == expected[1]
    assert ours == theirs


def test_the_reader_installs_it():
    import pdfminer.pdftypes

    import extract.pdf_pages  # noqa: F401  (installs it)

    assert pdfminer.pdftypes.decompress_corrupted is decompress_corrupted


def test_damage_before_the_checksum_raises_as_pdfminer_does():
    packed = bytearray(zlib.compress("Réalisations : une navette a été mise en place. ".encode() * 3000))
    cases = 0
    for where in range(40, len(packed) - 8, 97):
        damaged = bytearray(packed)
        damaged[where] ^= 0xFF
        expected = _outcome(pdfminer_version, bytes(damaged))
        got = _outcome(decompress_corrupted, bytes(damaged))
        assert got == expected
        cases += expected[0] == "error"
    assert cases >= 1  # the comparison did meet damage that both raise on
