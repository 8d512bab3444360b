"""pdfminer's reading of a damaged Flate stream, in linear time.

When a stream fails to inflate (most often a wrong checksum at its end), pdfminer inflates it
again one byte at a time, adding each piece to a bytes object: quadratic in the stream's size
(0.55 s for one 200 kB embedded font of PyMuPDF's test_3994.pdf, minutes for a few megabytes).
`decompress_corrupted` here gives the same bytes and raises the same error in the same cases:
it feeds the data by blocks, and only the block where inflating fails again one byte at a time,
from a copy of the inflater's state before that block. `install` puts it in pdfminer's place;
the PDF reader calls it once.
"""

from __future__ import annotations

import logging
import zlib

_BLOCK = 16384
_LOG = logging.getLogger("pdfminer.pdftypes")  # pdfminer's own, as its message was


def decompress_corrupted(data: bytes) -> bytes:
    """What pdfminer.pdftypes.decompress_corrupted returns for `data`, or the zlib.error it raises
    (an error before the last 3 bytes, the checksum, is raised; one in them ends the data)."""
    inflater = zlib.decompressobj()
    pieces: list[bytes] = []
    for start in range(0, len(data), _BLOCK):
        block = data[start:start + _BLOCK]
        saved = inflater.copy()
        try:
            pieces.append(inflater.decompress(block))
            continue
        except zlib.error:
            inflater = saved
        for offset in range(len(block)):  # the failing block, byte by byte, as pdfminer does
            try:
                pieces.append(inflater.decompress(block[offset:offset + 1]))
            except zlib.error:
                if start + offset < len(data) - 3:  # not in the checksum: the data is damaged
                    raise
                _LOG.warning("Data-loss while decompressing corrupted data")
                return b"".join(pieces)
    return b"".join(pieces)


def install() -> None:
    import pdfminer.pdftypes

    pdfminer.pdftypes.decompress_corrupted = decompress_corrupted
