"""Progress over the plan, per axis and cycle: catalogue, deployed, started or done, postponed,
never started (cumulative: an action started once is no longer "never started")."""

from io import BytesIO

from openpyxl import load_workbook

from pipeline.ledger import LedgerEntry
from pipeline.ledger.model import CatalogueFact, CycleFacts
from pipeline.ledger.progression import progression, progression_markdown
from pipeline.ledger.workbook import ledger_workbook


def _entry(key: str, catalogue: bool = True, **cycles: str) -> LedgerEntry:
    axis, number = key.split(".", 1)
    entry = LedgerEntry(key=key, axis=int(axis), number=number,
                        catalogue=CatalogueFact(source="plan.txt", where="ligne 1", title=key) if catalogue else None)
    for cycle, status in cycles.items():
        facts = CycleFacts(planned=True)
        facts.set_status(status)
        entry.cycles[cycle.lstrip("y").replace("_", "-")] = facts
    return entry


ENTRIES = [
    _entry("1.1", y2020="done_or_under_way"),
    _entry("1.2", y2020="postponed", y2021="done_or_under_way"),
    _entry("1.3"),  # in the catalogue, never deployed
    _entry("2.1", y2021="postponed", y2023_2024="planned"),
]


def test_counts_per_axis_and_cycle_and_never_started_is_cumulative():
    rows, has_catalogue = progression(ENTRIES)
    assert has_catalogue
    table = {(r.axis, r.cycle): (r.catalogue, r.deployed, r.started, r.postponed, r.never_started) for r in rows}
    assert [c for c in dict.fromkeys(r.cycle for r in rows)] == ["2020", "2021", "2023-2024"]
    assert table[(1, "2020")] == (3, 2, 1, 1, 2)
    assert table[(1, "2021")] == (3, 1, 1, 0, 1)  # 1.2 started in 2021: only 1.3 never was
    assert table[(2, "2021")] == (1, 1, 0, 1, 1)
    assert table[(None, "2023-2024")] == (4, 1, 0, 0, 2)


def test_without_a_catalogue_the_named_actions_are_counted_and_the_report_says_so():
    entries = [_entry("1.1", catalogue=False, y2020="done_or_under_way"), _entry("3.4", catalogue=False, y2020="planned")]
    rows, has_catalogue = progression(entries)
    assert not has_catalogue and [r.catalogue for r in rows if r.axis is None] == [2]
    text = "\n".join(progression_markdown(entries))
    assert "Aucun catalogue déclaré" in text and "| **Tous** | **2020** | **2** | **2** | **1** | **0** | **1** |" in text


def test_the_ledger_workbook_has_a_progression_sheet():
    book = load_workbook(BytesIO(ledger_workbook(ENTRIES)))
    sheet = book["Progression"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Axe", "Cycle", "Actions au catalogue", "Déployées", "Entamées ou réalisées", "Reportées",
                       "Jamais amorcées")
    assert ("Tous", "2021", 4, 2, 1, 1, 2) in rows
