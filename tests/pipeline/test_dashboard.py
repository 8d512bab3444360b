"""The dashboard without a browser: its figures against ledger.json, its links, its escaping, its
bytes. (tests/pipeline/test_dashboard_browser.py opens it in chromium.)"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import lxml.html
import pytest

from pipeline.dashboard import dashboard, pages, write_site
from pipeline.ledger import LedgerEntry
from pipeline.names import resolver_for
from tests.dashboard_support import HOSTILE_PARTNER, HOSTILE_TITLE, hostile_ledger, ledger_counts

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def site(built):
    return built[0] / "tableau-de-bord"


@pytest.fixture(scope="module")
def ledger(built):
    return json.loads((built[0] / "ledger.json").read_text(encoding="utf-8"))


def _page(path: Path):
    return lxml.html.fromstring(path.read_text(encoding="utf-8"))


def test_the_overview_counts_are_the_ledgers(site, ledger):
    expected = ledger_counts(ledger)
    shown = Counter()
    for cell in _page(site / "index.html").xpath("//td[@data-axe]"):
        count = int(cell.text_content())
        if count:
            shown[(int(cell.get("data-axe")), cell.get("data-cycle"), cell.get("data-statut"))] = count
    assert shown == expected and sum(expected.values()) >= 37


def test_the_coverage_is_the_ledgers(site, ledger):
    figures = {dd.get("data-chiffre"): int(dd.text_content()) for dd in _page(site / "index.html").xpath("//dd")}
    in_catalogue = [e for e in ledger if "catalogue" in e] or ledger
    started = sum(any(f.get("status") == "done_or_under_way" for f in e["cycles"].values()) for e in in_catalogue)
    assert figures == {"catalogue": len(in_catalogue),
                       "deployed": sum(any(f["planned"] for f in e["cycles"].values()) for e in in_catalogue),
                       "started": started, "never_started": len(in_catalogue) - started}


def test_every_action_has_a_row_and_a_page_whose_evidence_points_at_its_source(site, ledger):
    rows = _page(site / "actions.html").xpath("//table[@id='actions']/tbody/tr")
    assert [r.get("data-cle") for r in rows] == [e["key"] for e in ledger]
    for entry in ledger:
        page_path = site / "actions" / (entry["key"].replace(".", "-") + ".html")
        page = _page(page_path)
        for cycle, facts in entry["cycles"].items():
            part = facts.get("bilan") or facts.get("plan")
            if part is None:
                continue
            link = page.xpath(f"//li[@id='cycle-{cycle}']//*[@class='preuve']")[0]
            place = part["provenance"]
            expected = f"page {place['page']}" if place.get("page") else f"ligne {place['line']}"
            assert (link.get("data-document"), link.get("data-lieu")) == (part["source"], expected)
            target = (page_path.parent / link.get("href").split("#")[0]).resolve()
            assert target.name == part["source"] and target.exists()


def test_a_status_in_the_table_leads_to_its_evidence(site, ledger):
    postponed = [(e["key"], c) for e in ledger for c, f in e["cycles"].items() if f.get("status") == "postponed"]
    assert postponed  # the 2020 bilan postpones actions (« reportée ») in axis 2
    page = _page(site / "actions.html")
    for key, cycle in postponed:
        cell = page.xpath(f"//tr[@data-cle='{key}']//a[contains(@href, '#cycle-{cycle}')]")[0]
        assert cell.text_content().startswith("reportée") and "« " in cell.get("title")


def _board(ledger_data):
    registry = resolver_for(ROOT / "registry.yaml").registry
    entries = [LedgerEntry.model_validate(e) for e in ledger_data]
    return dashboard(entries, [], registry, {}, [])


def test_hostile_names_stay_text(built, tmp_path):
    board = _board(hostile_ledger(built[0] / "ledger.json"))
    files = pages(board, tmp_path / "site")
    for name, text in files.items():
        if not name.endswith(".html"):
            continue
        page = lxml.html.fromstring(text)
        scripts = page.xpath("//script")
        assert [s.get("src") for s in scripts] == [("../" if "/" in name else "") + "assets/app.js"], name
        assert not page.xpath("//img") and not page.xpath("//*[@onerror]"), name
    action = next(n for n, t in files.items() if n.startswith("actions/") and HOSTILE_TITLE.split("<")[0] in t)
    page = lxml.html.fromstring(files[action])
    assert HOSTILE_TITLE in page.xpath("//h1")[0].text_content()
    assert HOSTILE_PARTNER in page.text_content()
    assert "Réalisé </blockquote><script>alert('preuve')</script>" in page.xpath("//blockquote")[0].text_content()
    assert HOSTILE_PARTNER in lxml.html.fromstring(files["partenaires.html"]).text_content()


def test_the_same_ledger_gives_the_same_bytes(built, tmp_path):
    ledger_data = json.loads((built[0] / "ledger.json").read_text(encoding="utf-8"))
    first, second = tmp_path / "a" / "site", tmp_path / "b" / "site"
    write_site(pages(_board(ledger_data), first), first)
    write_site(pages(_board(ledger_data), second), second)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)


def test_a_rebuild_swaps_the_whole_site(built, tmp_path):
    ledger_data = json.loads((built[0] / "ledger.json").read_text(encoding="utf-8"))
    site = tmp_path / "tableau-de-bord"
    write_site({"index.html": "ancien", "actions/9-9.html": "disparue"}, site)
    write_site(pages(_board(ledger_data), site), site)
    assert not (site / "actions" / "9-9.html").exists()
    assert _page(site / "index.html").xpath("//h1")[0].text_content() == "Vue d'ensemble"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tableau-de-bord"]


def test_nothing_is_fetched_from_outside(site):
    for page in site.rglob("*.html"):
        tree = _page(page)
        for attribute in ("src", "href"):
            for value in tree.xpath(f"//@{attribute}"):
                assert not value.startswith(("http:", "https:", "//")), (page.name, value)
    css = (site / "assets" / "style.css").read_text(encoding="utf-8")
    assert "url(" not in css and "@import" not in css


def test_collected_answers_show_on_the_unit_and_action_pages(built, tmp_path):
    from pipeline.collect import Answer, Updates

    ledger_data = json.loads((built[0] / "ledger.json").read_text(encoding="utf-8"))
    entry = next(e for e in ledger_data if any(f.get("plan") and f["plan"]["leads"] for f in e["cycles"].values()))
    answer = Answer(key=entry["key"], unit="DVC", status="réalisée", achievements=["Fiches distribuées."],
                    source="DVC.xlsx, feuille « Actions », ligne 4")
    registry = resolver_for(ROOT / "registry.yaml").registry
    board = dashboard([LedgerEntry.model_validate(e) for e in ledger_data], [], registry, {},
                      [Updates(cycle="2021", answers=[answer])])
    files = pages(board, tmp_path / "site")
    units = lxml.html.fromstring(files["unites.html"])
    cell = units.xpath(f"//a[text()='{entry['key']}']/ancestor::tr/td[last()]")[0]
    assert cell.text_content() == "2021 : réalisée (DVC)"
    action = lxml.html.fromstring(files[f"actions/{entry['key'].replace('.', '-')}.html"])
    assert "Réponse du formulaire (DVC) : réalisée — DVC.xlsx, feuille « Actions », ligne 4" in action.text_content()


def test_evidence_read_in_a_pdf_links_to_its_page(built, tmp_path):
    """A status read from a published PDF links to the PDF at its page (#page=N)."""
    ledger_data = json.loads((built[0] / "ledger.json").read_text(encoding="utf-8"))
    entry = next(e for e in ledger_data if any(f.get("bilan") for f in e["cycles"].values()))
    cycle, facts = next((c, f) for c, f in entry["cycles"].items() if f.get("bilan"))
    facts["bilan"]["source"] = "bilan-2020.pdf"
    facts["bilan"]["provenance"] = {"page": 7, "bbox": [72.0, 100.0, 400.0, 130.0]}
    pdf = ROOT / "tests" / "fixtures" / "bilan-2020.pdf"
    registry = resolver_for(ROOT / "registry.yaml").registry
    board = dashboard([LedgerEntry.model_validate(e) for e in ledger_data], [], registry, {pdf.name: pdf}, [])
    site = tmp_path / "site"
    page = lxml.html.fromstring(pages(board, site)[f"actions/{entry['key'].replace('.', '-')}.html"])
    link = page.xpath(f"//li[@id='cycle-{cycle}']//a[@class='preuve']")[0]
    href, fragment = link.get("href").split("#")
    assert (site / "actions" / href).resolve() == pdf.resolve() and fragment == "page=7"
    assert (link.get("data-page"), link.text_content()) == ("7", "bilan-2020.pdf, page 7")


def test_the_overviews_progression_table_is_the_consistency_reports(site, built):
    """The same table as the report's « Progression du plan » (one computation, two renderings)."""
    report = (built[0] / "rapport-coherence.md").read_text(encoding="utf-8").split("## Progression du plan")[1]
    expected = [[cell.strip().strip("*") for cell in line.strip("|").split("|")]
                for line in report.splitlines() if line.startswith("| ") and not line.startswith("| Axe")]
    table = _page(site / "index.html").xpath("//table[@id='table-progression']/tbody/tr")
    shown = [[cell.text_content() for cell in row.xpath("th|td")] for row in table]
    assert shown == expected and len(shown) >= 6
