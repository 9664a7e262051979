"""PDF engines made for tests, and the test run's own PDF host processes (found in /proc)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from lis_desktop.pdf.host.parent import PdfHost
from lis_desktop.pdf.host.spawn import PROCESS_NAME

_ENGINES: list[PdfHost] = []


def engine_for_test() -> PdfHost:
    """A PDF engine for a window a test makes (as the composition root makes one for the app);
    stopped when the test ends, as the app stops it when it quits (`stop_test_engines`)."""
    engine = PdfHost()
    _ENGINES.append(engine)
    return engine


# A PDF host child whose reading of one file's text crashes (the process is killed) or hangs,
# as a hostile PDF may make MuPDF do: argv[1] is the fault, argv[2] the file's name.
_FAULTY_CHILD = """
import os, signal, sys, time
from lis_desktop.pdf.document import PdfSession
from lis_desktop.pdf.host.child import serve
fault, name = sys.argv.pop(1), sys.argv.pop(1)
plain = PdfSession.page_texts
def page_texts(self, pages=None):
    if self.path.name == name:
        if fault == "crash":
            os.kill(os.getpid(), signal.SIGKILL)
        time.sleep(3600)
    return plain(self, pages)
PdfSession.page_texts = page_texts
sys.exit(serve(sys.argv[1:]))
"""


def faulty_engine_for_test(fault: str, name: str, timeout: float = 20.0) -> PdfHost:
    """A PDF engine (stopped when the test ends) whose host crashes ("crash") or hangs ("hang",
    until the `timeout` of each request) reading the text of the file called `name`."""
    command = [sys.executable, "-c", _FAULTY_CHILD, fault, name]
    engine = PdfHost(timeout=timeout, command=command)
    _ENGINES.append(engine)
    return engine


def stop_test_engines() -> None:
    while _ENGINES:
        _ENGINES.pop().stop()


def pdf_host_processes() -> list[str]:
    """This process's children that are PDF hosts, or zombies (whose command line is gone), as
    "pid state" (Linux: read from /proc; elsewhere nothing is found)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes()
            name = (stat.parent / "comm").read_bytes().strip()
        except OSError:
            continue  # ended meanwhile
        host = b"lis_desktop.pdf.host" in command or b"--pdf-host" in command
        host = host or name == PROCESS_NAME  # forked by an app's entry (spawn.fork_host)
        if int(fields[1]) == os.getpid() and (host or fields[0] == "Z"):
            found.append(f"{stat.parent.name} {fields[0]}")
    return found
