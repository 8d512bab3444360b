"""The batch progress display: a status line redrawn on a terminal, messages kept whole and in
order, nothing at all when the output is a file or a pipe (make, CI)."""

import io

from pipeline.progress import Progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_status_line_is_redrawn_and_cleared_around_messages():
    screen = _Terminal()
    progress = Progress(3, screen)
    progress.step("a.pdf")
    progress.say("avertissement [x] a.pdf : quelque chose")
    progress.step("b.pdf")
    progress.close()
    text = screen.getvalue()
    assert "[1/3] lu : a.pdf" in text and "[2/3] lu : b.pdf" in text
    # The message is on a line of its own, the status line wiped before it.
    line = [part for part in text.split("\n") if "avertissement" in part][0]
    assert line.split("\r")[-1] == "avertissement [x] a.pdf : quelque chose"
    assert text.endswith("\r")  # closed: the status line is wiped


def test_a_file_or_a_pipe_gets_the_messages_alone():
    log = io.StringIO()
    progress = Progress(3, log)
    progress.step("a.pdf")
    progress.say("erreur : a.pdf : illisible")
    progress.close()
    assert log.getvalue() == "erreur : a.pdf : illisible\n"


def test_a_single_document_shows_no_progress():
    screen = _Terminal()
    progress = Progress(1, screen)
    progress.step("a.pdf")
    progress.close()
    assert screen.getvalue() == ""
