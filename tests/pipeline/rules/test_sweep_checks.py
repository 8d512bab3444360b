"""The sweep's verdicts (tools/sweep.py): what a user must never see on stderr, and which files are
too slow for their format."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "tools"))

from sweep import check_messages, slow  # noqa: E402

FILES = [Path("a/rapport annuel.pdf"), Path("b/the_test_file.docx")]


def test_french_lines_naming_their_file_pass_even_when_they_quote_english():
    stderr = ("avertissement [unplaced-text] rapport annuel.pdf, page 2 : paragraphe qui ne suit ni un titre d'action "
              "ni une liste de réalisations : « The model is not defined from the page »\n"
              "erreur : the_test_file.docx : le document Word ne contient aucun texte.\n"
              "1 lu, 1 en erreur : the_test_file.docx\n")
    assert check_messages(FILES, stderr) == {"traceback": [], "internal": [], "unnamed": [], "english": []}


def test_unnamed_english_traceback_and_internal_lines_are_caught():
    stderr = ("MediaBox missing from /Page (and not inherited), defaulting to US Letter\n"
              "avertissement [x] rapport annuel.pdf : could not read the font of this page\n"
              "Traceback (most recent call last):\n"
              "erreur : the_test_file.docx : erreur interne ; relancez avec --debug (qui affiche la trace) et signalez-la.\n"
              "1 lu, 1 en erreur : the_test_file.docx\n")
    found = check_messages(FILES, stderr)
    assert found["unnamed"] == ["MediaBox missing from /Page (and not inherited), defaulting to US Letter",
                                "Traceback (most recent call last):"]
    assert found["english"] == ["avertissement [x] rapport annuel.pdf : could not read the font of this page"]
    assert found["traceback"] == ["Traceback (most recent call last):"]
    assert len(found["internal"]) == 1


def test_a_missing_batch_count_is_a_line_without_its_file():
    assert check_messages(FILES, "erreur : the_test_file.docx : vide.\n")["unnamed"] == ["erreur : the_test_file.docx : vide."]


def test_slow_is_ten_times_the_median_per_page_of_its_own_reading():
    timed = [{"file": f"{n}.pdf", "format": ".pdf", "seconds": 0.1, "units": 2} for n in range(9)]
    timed += [{"file": "lourd.pdf", "format": ".pdf", "seconds": 2.0, "units": 3},  # 0.67 s a page: over 10 x 0.05
              {"file": "long.pdf", "format": ".pdf", "seconds": 4.0, "units": 100},  # 0.04 s a page: fine
              {"file": "scan.pdf", "format": ".pdf OCR", "seconds": 2.0, "units": 2},
              {"file": "scan2.pdf", "format": ".pdf OCR", "seconds": 2.2, "units": 2}]
    assert [s["file"] for s in slow(timed)] == ["lourd.pdf"]
