"""Strict Office Open XML read as the transitional form python-docx knows.

Word can save « Strict Open XML » (ISO/IEC 29500 Strict): the same parts and elements, under
other namespace and relationship URIs (http://purl.oclc.org/ooxml/…), and a few values written
differently (measures with their unit, « true »/« false »). python-docx finds no main document
in such a package. Each XML part's Strict URIs are mapped to the transitional ones, in memory,
before python-docx opens the package; a transitional file is passed through untouched.
"""

from __future__ import annotations

import io
import re
import zipfile

_STRICT = b"http://purl.oclc.org/ooxml/"
# Strict URI prefix -> transitional one, longest first (the table of ISO/IEC 29500-1 Annex A).
_URIS = sorted({
    b"http://purl.oclc.org/ooxml/wordprocessingml/main": b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    b"http://purl.oclc.org/ooxml/officeDocument/relationships": b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    b"http://purl.oclc.org/ooxml/officeDocument/math": b"http://schemas.openxmlformats.org/officeDocument/2006/math",
    b"http://purl.oclc.org/ooxml/officeDocument/sharedTypes": b"http://schemas.openxmlformats.org/officeDocument/2006/sharedTypes",
    b"http://purl.oclc.org/ooxml/officeDocument/extendedProperties": b"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
    b"http://purl.oclc.org/ooxml/officeDocument/customProperties": b"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
    b"http://purl.oclc.org/ooxml/officeDocument/docPropsVTypes": b"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
    b"http://purl.oclc.org/ooxml/officeDocument/bibliography": b"http://schemas.openxmlformats.org/officeDocument/2006/bibliography",
    b"http://purl.oclc.org/ooxml/officeDocument/customXml": b"http://schemas.openxmlformats.org/officeDocument/2006/customXml",
    b"http://purl.oclc.org/ooxml/drawingml/main": b"http://schemas.openxmlformats.org/drawingml/2006/main",
    b"http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing": b"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    b"http://purl.oclc.org/ooxml/drawingml/picture": b"http://schemas.openxmlformats.org/drawingml/2006/picture",
    b"http://purl.oclc.org/ooxml/drawingml/chart": b"http://schemas.openxmlformats.org/drawingml/2006/chart",
    b"http://purl.oclc.org/ooxml/drawingml/diagram": b"http://schemas.openxmlformats.org/drawingml/2006/diagram",
    b"http://purl.oclc.org/ooxml/schemaLibrary/main": b"http://schemas.openxmlformats.org/schemaLibrary/2006/main",
}.items(), key=lambda item: -len(item[0]))
_PATTERN = re.compile(b"|".join(re.escape(strict) for strict, _ in _URIS))
_MAP = dict(_URIS)
# The values Strict writes differently (on/off as true/false, measures with their unit, "12pt")
# python-docx reads in both forms: only the URIs need mapping.


def transitional(data: bytes) -> io.BytesIO:
    """The package as python-docx can open it: a Strict package with its URIs mapped, any other
    as it is."""
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    strict = any(_STRICT in source.read(name) for name in names if name.endswith(".rels") or name == "[Content_Types].xml")
    if not strict:
        return io.BytesIO(data)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.endswith((".xml", ".rels")):
                content = _PATTERN.sub(lambda m: _MAP[m.group(0)], content)
            target.writestr(info, content)
    out.seek(0)
    return out
