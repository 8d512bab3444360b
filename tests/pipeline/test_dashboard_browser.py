"""The dashboard in a real browser: Debian's chromium driven through chromium-driver (selenium),
offline, as the Commission would open it from disk."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from tests.dashboard_support import HOSTILE_PARTNER, HOSTILE_TITLE, hostile_ledger, ledger_counts
from tests.helpers import require_tool

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def browser():
    require_tool("chromium", "chromium")
    require_tool("chromedriver", "chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1000"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))
    # No network at all: whatever the pages need must come from disk.
    driver.set_network_conditions(offline=True, latency=0, download_throughput=0, upload_throughput=0)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def site(built):
    return built[0] / "tableau-de-bord", json.loads((built[0] / "ledger.json").read_text(encoding="utf-8"))


def _open(driver, page: Path, query: str = "") -> None:
    """Open a page and wait (10 s at most) for its script to say it is ready: on a loaded
    machine chromium may hand the page back before its last script has run."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get_log("browser")  # what earlier pages logged is theirs
    driver.get(page.as_uri() + query)
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.body.getAttribute('data-pret')") == "oui",
                                    f"{page.name} n'est pas prête après 10 s")


def _errors(driver) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def _visible_keys(driver) -> list[str]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('#actions tbody tr')).filter(r => !r.hidden)"
        ".map(r => r.getAttribute('data-cle'))")


def test_the_overview_renders_offline_without_console_errors(browser, site):
    folder, ledger = site
    _open(browser, folder / "index.html")
    assert _errors(browser) == []
    # The style sheet and the script came from disk: the banner is styled, the charts are drawn.
    assert browser.execute_script(
        "return getComputedStyle(document.querySelector('.bandeau')).backgroundColor") == "rgb(18, 60, 99)"
    axes = sorted({e["axis"] for e in ledger})
    assert browser.execute_script("return document.querySelectorAll('figure.axe svg').length") == len(axes)
    drawn = browser.execute_script(
        "return Array.from(document.querySelectorAll('svg rect title')).map(t => t.textContent)")
    assert len(drawn) == len(ledger_counts(ledger))
    assert browser.execute_script("return performance.getEntriesByType('resource')"
                                  ".filter(e => !e.name.startsWith('file:')).length") == 0


def test_the_actions_table_filters_to_axis_5_and_to_postponed(browser, site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    folder, ledger = site
    _open(browser, folder / "actions.html")
    assert len(_visible_keys(browser)) == len(ledger)
    Select(browser.find_element(By.ID, "filtre-axe")).select_by_visible_text("Axe 5")
    assert _visible_keys(browser) == [e["key"] for e in ledger if e["axis"] == 5]
    Select(browser.find_element(By.ID, "filtre-axe")).select_by_visible_text("tous")
    Select(browser.find_element(By.ID, "filtre-statut")).select_by_visible_text("reportée")
    postponed = [e["key"] for e in ledger if any(f.get("status") == "postponed" for f in e["cycles"].values())]
    assert postponed and _visible_keys(browser) == postponed
    assert browser.find_element(By.ID, "compte").text == f"{len(postponed)} action" + ("s" if len(postponed) > 1 else "")
    # The overview's links carry the same filter in the address.
    _open(browser, folder / "actions.html", "?axe=5")
    assert _visible_keys(browser) == [e["key"] for e in ledger if e["axis"] == 5]
    assert _errors(browser) == []


def test_an_action_pages_evidence_link_points_at_the_document_and_place(browser, site):
    from selenium.webdriver.common.by import By

    folder, ledger = site
    entry = next(e for e in ledger if any(f.get("status") == "postponed" for f in e["cycles"].values()))
    cycle, facts = next((c, f) for c, f in entry["cycles"].items() if f.get("status") == "postponed")
    _open(browser, folder / "actions.html")
    browser.find_element(By.CSS_SELECTOR, f"tr[data-cle='{entry['key']}'] a[href$='#cycle-{cycle}']").click()
    assert urlparse(browser.current_url).fragment == f"cycle-{cycle}"
    link = browser.find_element(By.CSS_SELECTOR, f"#cycle-{cycle} a.preuve")
    target = Path(unquote(urlparse(link.get_attribute("href")).path))
    assert target == (ROOT / "corpus" / facts["bilan"]["source"]).resolve() and target.exists()
    assert link.text == f"{facts['bilan']['source']}, ligne {facts['bilan']['provenance']['line']}"
    quote = browser.find_element(By.CSS_SELECTOR, f"#cycle-{cycle} blockquote").text
    assert quote == facts["status_evidence"][0]
    assert _errors(browser) == []


def test_hostile_names_inject_nothing(browser, built, tmp_path):
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    from pipeline.dashboard import dashboard, pages, write_site
    from pipeline.ledger import LedgerEntry
    from pipeline.names import resolver_for

    entries = [LedgerEntry.model_validate(e) for e in hostile_ledger(built[0] / "ledger.json")]
    board = dashboard(entries, [], resolver_for(ROOT / "registry.yaml").registry, {}, [])
    site = tmp_path / "tableau-de-bord"
    write_site(pages(board, site), site)
    hostile = next(p for p in (site / "actions").glob("*.html") if "onerror" in p.read_text(encoding="utf-8"))
    for page in (site / "actions.html", site / "partenaires.html", hostile):
        _open(browser, page)
        with pytest.raises(NoAlertPresentException):
            browser.switch_to.alert.text
        assert _errors(browser) == []
        assert browser.execute_script("return document.querySelectorAll('img, script:not([src])').length") == 0
    assert browser.find_element(By.TAG_NAME, "h1").text.endswith(HOSTILE_TITLE)
    assert HOSTILE_PARTNER in browser.find_element(By.TAG_NAME, "main").text


def _tableau_pdf(config: Path, path_env: str | None = None):
    import os
    import subprocess
    import sys

    env = dict(os.environ)
    if path_env is not None:
        env["PATH"] = path_env
    return subprocess.run([sys.executable, "-m", "pipeline", "tableau-pdf", "--config", str(config)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, env=env)


def test_tableau_pdf_prints_the_overview(built, tmp_path):
    require_tool("chromium", "chromium")
    from tests.helpers import isolated_config

    config = isolated_config(tmp_path)
    missing = _tableau_pdf(config)
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1
    assert "tableau-de-bord/index.html absent : construisez d'abord le tableau de bord (make)" in missing.stderr
    shutil.copytree(built[0] / "tableau-de-bord", tmp_path / "output" / "tableau-de-bord")
    done = _tableau_pdf(config)
    assert done.returncode == 0, done.stderr
    pdf = tmp_path / "output" / "tableau-de-bord.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    text = "".join(document[n].get_textpage().get_text_range() for n in range(len(document)))
    assert "Vue d'ensemble" in text and "Couverture du plan" in text and "Axe 5" in text
    assert "Actions" not in text.split("Vue d'ensemble")[0]  # the menu is not printed
    no_browser = _tableau_pdf(config, path_env=str(tmp_path / "vide"))
    assert no_browser.returncode == 2
    assert no_browser.stderr.strip() == ("erreur : chromium introuvable : installez-le (apt-get install chromium) pour "
                                         "imprimer le tableau de bord en PDF.")
