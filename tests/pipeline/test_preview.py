"""`make preview`: the contact sheet and the README's page chosen without LibreOffice; the French
line when LibreOffice is missing or a draft is not built yet."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PIL import Image, ImageDraw

from pipeline.drafts.preview import contact_sheet, showcase
from tests.helpers import isolated_config

ROOT = Path(__file__).resolve().parents[2]


def _page(n: int) -> Image.Image:
    page = Image.new("RGB", (612, 792), "white")
    ImageDraw.Draw(page).rectangle((50, 50, 50 + 40 * n, 90), fill="black")
    return page


def test_contact_sheet_holds_every_page_in_order():
    pages = [_page(n) for n in range(1, 8)]
    sheet = contact_sheet(pages, columns=6, width=100)
    height = round(792 * 100 / 612)
    assert sheet.width == 6 * 112 + 12 and sheet.height == 2 * (height + 12 + 16) + 12
    # Page 7 opens the second row; its black bar is the longest of all.
    x, y = 12, 12 + height + 12 + 16
    bar = [sheet.getpixel((x + dx, y + 10)) for dx in range(0, 100)]
    assert sum(1 for p in bar if p[0] < 100) > sum(1 for dx in range(100) if sheet.getpixel((12 + dx, 22))[0] < 100)


def test_showcase_is_the_first_page_with_leads_beside_actions():
    pages = [_page(n) for n in range(1, 4)]
    assert showcase(pages, ["BILAN 2021", "AXE 1 … RESPONSABLE MUNICIPAL :", "RESPONSABLE"]) is pages[1]
    assert showcase(pages, ["BILAN 2021", "MOT DU MAIRE", ""]) is pages[0]


def _preview(config: Path, path: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": path}
    return subprocess.run([sys.executable, "-m", "pipeline", "preview", "--config", str(config)], cwd=ROOT,
                          capture_output=True, text=True, env=env)


def test_preview_says_in_french_what_is_missing(tmp_path):
    config = isolated_config(tmp_path)
    result = _preview(config, os.path.dirname(sys.executable))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "ébauche(s) introuvable(s) : plan-deploiement-2021.docx" in result.stderr and "make drafts" in result.stderr
    out = tmp_path / "output"
    out.mkdir(exist_ok=True)
    for name in ("plan-deploiement-2021.docx", "bilan-2021.docx", "bilan-2023-2024.docx", "plan-deploiement-2025-2026.docx"):
        (out / name).write_bytes(b"")
    result = _preview(config, os.path.dirname(sys.executable))  # no soffice on this PATH
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "LibreOffice (soffice) est introuvable" in result.stderr and "apt-get install libreoffice-writer-nogui" in result.stderr
