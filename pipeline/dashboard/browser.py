"""Chromium, headless, for what a browser alone can make of the site: the overview printed to PDF
for a Commission meeting, and screenshots for the documentation."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from extract.errors import UsageError

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL = "apt-get install chromium"


def chromium() -> str:
    found = next((shutil.which(name) for name in NAMES if shutil.which(name)), None)
    if found is None:
        raise UsageError(f"chromium introuvable : installez-le ({INSTALL}) pour imprimer le tableau de bord en PDF.")
    return found


def _run(arguments: list[str], page: Path, what: str) -> None:
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        command = [chromium(), "--headless", "--disable-gpu", "--hide-scrollbars", f"--user-data-dir={profile}",
                   "--no-first-run", "--disable-extensions", *arguments, page.resolve().as_uri()]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.insert(1, "--no-sandbox")  # chromium refuses to run as root with its sandbox
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        except subprocess.TimeoutExpired as exc:
            raise UsageError(f"{page.name} : chromium n'a pas fini ({what}) en 120 s ; réessayez.") from exc
    if done.returncode != 0:
        raise UsageError(f"{page.name} : chromium a échoué ({what}) ; relancez avec --debug pour le détail.")


def print_pdf(page: Path, pdf: Path) -> Path:
    """The page as printed (its print style sheet), in pdf."""
    pdf.parent.mkdir(parents=True, exist_ok=True)
    _run([f"--print-to-pdf={pdf}", "--no-pdf-header-footer"], page, "impression en PDF")
    if not pdf.exists():
        raise UsageError(f"{page.name} : chromium n'a pas écrit {pdf.name} ; réessayez.")
    return pdf


def screenshot(page: Path, png: Path, width: int = 1280, height: int = 1000) -> Path:
    png.parent.mkdir(parents=True, exist_ok=True)
    _run([f"--screenshot={png}", f"--window-size={width},{height}"], page, "capture d'écran")
    return png
