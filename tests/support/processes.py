"""PDF engines made for tests, and the test run's own PDF host processes (found in /proc)."""

from __future__ import annotations

import os
from pathlib import Path

from lis_desktop.pdf.host.parent import PdfHost

_ENGINES: list[PdfHost] = []


def engine_for_test() -> PdfHost:
    """A PDF engine for a window a test makes (as the composition root makes one for the app);
    stopped when the test ends, as the app stops it when it quits (`stop_test_engines`)."""
    engine = PdfHost()
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
        except OSError:
            continue  # ended meanwhile
        host = b"lis_desktop.pdf.host" in command or b"--pdf-host" in command
        if int(fields[1]) == os.getpid() and (host or fields[0] == "Z"):
            found.append(f"{stat.parent.name} {fields[0]}")
    return found
