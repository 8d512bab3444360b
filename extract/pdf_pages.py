"""Which engine reads each page of a PDF, and what it reads: pdfminer (through pdfplumber),
pdfium for the pages pdfminer cannot read or finds no text on (see pdf_pdfium), OCR for the
pages neither finds text on (see ocr). Each page comes out as (number, size, words, tables,
shadings) for the layout code in pdf_reader, whichever engine read it."""

from __future__ import annotations

from pathlib import Path

import pdfplumber

from extract.errors import DocumentError
from extract.ocr import OcrSettings, finish, read_scanned_pages, require_tesseract
from extract.pdf_chars import lean
from extract.pdf_inflate import install as linear_inflate
from extract.pdf_pdfium import page_count, pdfium_pages
from extract.pdf_tables import common_words, find_tables, inside, rule_edges, table_edges
from extract.pdf_words import words as page_words

linear_inflate()  # pdfminer inflates a damaged stream in quadratic time (see pdf_inflate)


def _shaded(rects: list[dict]) -> list[tuple[float, float, float, float]]:
    boxes = []
    for rect in rects:
        color = rect.get("non_stroking_color")
        if rect.get("fill") and color not in (None, 1, (1,), (1, 1, 1), [1, 1, 1], (0, 0, 0, 0)):
            if rect["width"] > 20 and rect["height"] > 10:
                boxes.append((rect["x0"], rect["top"], rect["x1"], rect["bottom"]))
    return boxes


MAX_PAGE_CONTENT = 64 * 1024 * 1024  # inflated page content beyond this is a compressed-stream bomb


# A page whose content streams hold more than this is a drawing of hundreds of thousands of
# operators (a published page of text and tables holds under 50 kB): pdfium (C++) reads it in a
# fraction of pdfminer's (pure Python) time, linear in its size either way.
HEAVY_PAGE = 1024 * 1024


def _content_size(path: Path, page) -> int:
    """How many bytes a page's content streams hold once inflated (measured without inflating
    them whole); a page beyond MAX_PAGE_CONTENT is refused before pdfminer inflates it."""
    import zlib

    from pdfminer.pdftypes import resolve1

    total = 0
    for stream in page.page_obj.contents or []:
        stream = resolve1(stream)
        filters = stream.get_filters() if hasattr(stream, "get_filters") else []
        names = [str(getattr(f[0], "name", f[0])) for f in filters]
        raw = getattr(stream, "rawdata", None) or b""
        if not names:
            total += len(raw)
            continue
        if names != ["FlateDecode"] and names != ["Fl"]:
            continue
        inflater = zlib.decompressobj()
        try:
            total += len(inflater.decompress(raw, MAX_PAGE_CONTENT - total + 1))
        except zlib.error:
            continue  # pdfminer reports damaged streams itself
        if total > MAX_PAGE_CONTENT or inflater.unconsumed_tail:
            raise DocumentError(path, f"trop volumineux : la page {page.page_number} se décompresse en plus de "
                                      f"{MAX_PAGE_CONTENT // (1024 * 1024)} Mio (fichier piégé ou endommagé) ; vérifiez sa provenance.")
    return total


def _open(path: Path, password: str | None):
    try:
        return pdfplumber.open(str(path), password=password or "")
    except Exception as exc:
        inner = exc.args[0] if getattr(exc, "args", None) else exc
        name = type(inner).__name__
        if "Password" in name or "Encrypt" in name:
            raise DocumentError(path, "PDF protégé par mot de passe ; fournissez-le avec --password.") from exc
        raise DocumentError(path, "PDF illisible (fichier endommagé, tronqué ou qui n'est pas un PDF) ; "
                                  "demandez une nouvelle copie du document.") from exc


def _has_text(page) -> bool:
    return any(not c["text"].isspace() for c in page.chars)


def read_pages(path: Path, password: str | None, ocr: OcrSettings):
    """Each page's (number, size, words, tables, shadings); the pages to read by OCR, the pages
    pdfium read, and the French notes to report. pdfminer reads first; a page it fails on or
    finds no text on goes to pdfium; a page neither finds text on, to OCR."""
    pages: list[tuple] = []
    retry: list[int] = []  # indexes in `pages` of the pages pdfminer could not read, or found no text on
    drawn: set[int] = set()  # ... of those, the pages that draw something (a scan, a fax)
    page_notes: list[str] = []
    try:
        pdf = _open(path, password)
    except DocumentError as failure:
        return _pdfium_only(path, password, failure)
    try:
        try:
            plumber_pages = pdf.pages
        except Exception:  # a page tree pdfminer cannot walk (no MediaBox, a broken node)
            return _pdfium_only(path, password, _damaged(path))
        for page in map(lean, plumber_pages):
            heavy = _content_size(path, page) > HEAVY_PAGE
            try:
                entry = None if heavy else _plumber_page(page, ocr, page_notes)
            except DocumentError:
                raise
            except Exception:  # this page alone: pdfium reads it below
                entry = None
            if entry is None:
                retry.append(len(pages))
                pages.append((page.page_number, (float(page.width), float(page.height)), [], [], []))
                if heavy or _draws(page):
                    drawn.add(len(pages) - 1)
            else:
                pages.append(entry)
            page.close()
        if not pages:  # pdfminer finds no page: pdfium may
            return _pdfium_only(path, password, DocumentError(path, "le PDF ne contient aucune page."))
        by_pdfium = _with_pdfium(path, password, pages, retry) if ocr.mode != "force" else set()
        scanned = [k for k in retry if pages[k][0] not in by_pdfium and (k in drawn or ocr.mode == "force")]
        notes = page_notes + (_read_scans(path, password, pdf, pages, scanned, ocr) if scanned else [])
    except DocumentError:
        raise
    except Exception as exc:
        raise _damaged(path) from exc
    finally:
        try:
            pdf.close()
        except Exception:  # closing a damaged file may fail too; the message above says enough
            pass
    if by_pdfium:
        notes.insert(0, _pdfium_note(sorted(by_pdfium)))
    return pages, scanned, by_pdfium, notes


def _damaged(path: Path) -> DocumentError:
    """A PDF pdfminer fails on: the user's message names no library and no Python class."""
    return DocumentError(path, "PDF endommagé : sa structure ne peut pas être lue ; demandez une nouvelle copie du document.")


def _draws(page) -> bool:
    """Whether a page without text draws something OCR may read (a scan, a fax, text drawn as
    outlines). A blank page is not read."""
    try:
        return bool(page.images or page.curves)
    except Exception:
        return True  # a page whose objects pdfminer cannot list: let OCR look at its image


def _plumber_page(page, ocr: OcrSettings, notes: list[str]):
    """A page's entry read by pdfminer, or None when it has no text (or under --ocr); what the
    user should know about it goes to `notes`."""
    if ocr.mode == "force" or not _has_text(page):
        return None
    # Text drawn off the page (a text box running past the page's edge) is not seen.
    visible = page.bbox
    every = [w for w in page_words(page.chars) if inside(w, visible)]
    edges, dense = table_edges(rule_edges(page))
    if dense:
        notes.append(f"page {page.page_number} : dessin trop dense pour un tableau ({len(page.lines) + len(page.curves)} "
                     "traits) : tableaux non recherchés sur cette page.")
    tables = find_tables(page, edges, text_words=every, common=common_words(every))
    words = [w for w in every if not any(inside(w, t.bbox) for t in tables)]
    return page.page_number, (page.width, page.height), words, tables, _shaded(page.rects)


def _with_pdfium(path: Path, password: str | None, pages: list, indexes: list[int]) -> set[int]:
    """Read the listed pages by pdfium, in place in `pages`: the numbers of those it found text on."""
    if not indexes:
        return set()
    try:
        read = pdfium_pages(path, password, [pages[k][0] for k in indexes])
    except Exception:
        return set()  # pdfium cannot open it either: what pdfminer read stands
    found = set()
    for k, page in zip(indexes, read):
        words = [w for w in page_words(page.chars) if inside(w, (0, 0, *page.size))]
        if words:
            pages[k] = (page.number, page.size, words, [], [])
            found.add(page.number)
    return found


def _pdfium_only(path: Path, password: str | None, failure: DocumentError):
    """Every page by pdfium, when pdfminer cannot open or page the file; `failure` (pdfminer's
    diagnosis) is raised when pdfium cannot read it either, or finds no page."""
    count = page_count(path, password)
    if not count:
        raise failure
    pages = [(n, (0.0, 0.0), [], [], []) for n in range(1, count + 1)]
    found = _with_pdfium(path, password, pages, list(range(count)))
    if not found:
        raise DocumentError(path, "aucun texte lisible dans ce PDF, que pdfminer ne sait pas lire (structure endommagée) ; "
                                  "si c'est un document numérisé, enregistrez-le de nouveau depuis un lecteur PDF "
                                  "(« Imprimer en PDF ») puis relancez.")
    pages = [p for p in pages if p[1] != (0.0, 0.0)] or pages
    return pages, [], found, [_pdfium_note(sorted(found))]


def _pdfium_note(numbers: list[int]) -> str:
    listed = ", ".join(map(str, numbers))
    return (f"page{'s' if len(numbers) > 1 else ''} {listed} lue{'s' if len(numbers) > 1 else ''} par le second moteur "
            "PDF (pdfium) : structure que le premier ne lit pas ; filets et trames de ces pages non repérés.")


def _read_scans(path: Path, password: str | None, pdf, pages: list, scanned: list[int], ocr: OcrSettings) -> list[str]:
    """Read the pages listed in `scanned` by OCR, in place in `pages`; the French notes to report."""
    numbers = ", ".join(str(pages[k][0]) for k in scanned)
    if ocr.mode == "off":
        if len(scanned) == len(pages):
            return []  # nothing at all to read: read_pdf says so
        return [f"page{'s' if len(scanned) > 1 else ''} {numbers} sans texte (numérisée{'s' if len(scanned) > 1 else ''}) "
                "non lue(s) : OCR désactivé (--no-ocr ou config.yaml)."]
    require_tesseract(path)
    try:
        results = read_scanned_pages(path, password, [pages[k][0] - 1 for k in scanned],
                                     [pages[k][1] for k in scanned], ocr)
        finish(results)
    except DocumentError:
        raise
    except Exception as exc:  # the file is sound: say it is the reading that failed
        raise DocumentError(path, f"la lecture par OCR de{'s' if len(scanned) > 1 else ' la'} page{'s' if len(scanned) > 1 else ''} "
                                  f"{numbers} a échoué ; relancez avec --no-ocr pour lire le reste du document, "
                                  "et signalez ce fichier.") from exc
    for k, result in zip(scanned, results):
        number, size = pages[k][0], pages[k][1]
        tables = find_tables(pdf.pages[number - 1], result.rules, result.words)
        words = [w for w in result.words if not any(inside(w, t.bbox) for t in tables)]
        pages[k] = (number, size, words, tables, _shaded(result.fills))
    confidences = [w.conf for r in results for w in r.words]
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    return [f"page{'s' if len(scanned) > 1 else ''} {numbers} lue{'s' if len(scanned) > 1 else ''} par OCR "
            f"(confiance moyenne {mean:.0f} %)."]
