"""The batch progress display: files done, files left, the file being read and the time left,
on a line redrawn on a terminal; messages kept whole and in order; nothing at all when the
output is a file or a pipe (make, CI), or with --quiet."""

import io
import os
import pty
import subprocess
import sys
from pathlib import Path

from pipeline import progress as progress_module
from pipeline.progress import Progress

ROOT = Path(__file__).resolve().parents[2]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_line_says_done_left_current_and_time_left():
    screen = _Terminal()
    progress = Progress(["a.pdf", "b.pdf", "c.pdf"], screen)
    progress.step()
    progress.say("avertissement [x] a.pdf : quelque chose")
    progress.step()
    text = screen.getvalue()
    assert "0/3 · 3 restants · en cours : a.pdf · reste" in text
    assert "1/3 · 2 restants · en cours : b.pdf · reste" in text
    assert "2/3 · 1 restant · en cours : c.pdf · reste" in text
    # The message is on a line of its own, the progress line wiped before it.
    line = [part for part in text.split("\n") if "avertissement" in part][0]
    assert line.split("\r")[-1].strip("\x1b[A") == "avertissement [x] a.pdf : quelque chose"
    progress.close()


def test_a_file_or_a_pipe_gets_the_messages_alone():
    log = io.StringIO()
    progress = Progress(["a.pdf", "b.pdf", "c.pdf"], log)
    progress.step()
    progress.say("erreur : a.pdf : illisible")
    progress.close()
    assert log.getvalue() == "erreur : a.pdf : illisible\n"


def test_a_single_document_shows_no_progress():
    screen = _Terminal()
    progress = Progress(["a.pdf"], screen)
    progress.step()
    progress.close()
    assert screen.getvalue() == ""


def test_quiet_silences_the_line_on_a_terminal(monkeypatch):
    monkeypatch.setattr(progress_module, "QUIET", True)
    screen = _Terminal()
    progress = Progress(["a.pdf", "b.pdf"], screen)
    progress.step()
    progress.say("erreur : a.pdf : illisible")
    progress.close()
    assert screen.getvalue() == "erreur : a.pdf : illisible\n"


def _on_a_terminal(*args: str) -> str:
    """What the command writes when stderr is a real terminal (a pseudo-terminal)."""
    leader, follower = pty.openpty()
    done = subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, stdout=subprocess.DEVNULL,
                          stderr=follower, timeout=300)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert done.returncode == 0
    return b"".join(chunks).decode("utf-8", "replace")


def test_extract_shows_its_progress_on_a_terminal_unless_quiet(tmp_path):
    files = [str(ROOT / "corpus" / name) for name in ("bilan-2020.txt", "plan-deploiement-2020.txt")]
    shown = _on_a_terminal("extract", *files, "--out", str(tmp_path / "a"), "--no-cache", "-j", "1")
    assert "restants · en cours : bilan-2020.txt" in shown and "2 lus, 0 en erreur" in shown
    quiet = _on_a_terminal("extract", *files, "--out", str(tmp_path / "b"), "--no-cache", "-j", "1", "--quiet")
    assert "restant" not in quiet and "2 lus, 0 en erreur" in quiet


def test_the_progress_line_starts_no_thread_before_the_batch_forks():
    import threading

    before = threading.active_count()
    progress = Progress(["a.pdf", "b.pdf", "c.pdf"], _Terminal())
    progress.step()
    assert threading.active_count() == before
    progress.close()
