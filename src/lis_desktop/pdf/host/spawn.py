"""Starting a PDF host process with nothing loaded but `subprocess`: the app's entry spawns one
this way before it loads the host's parent side (logging, the wire, the page buffer, the
document types), so that the child begins loading PyMuPDF that much sooner; `parent.PdfHost`
takes it over (`started=`) and spawns its later children the same way."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

HOST_FLAG = "--pdf-host"  # the bundle's executable runs the host when given this first
MEMORY_CAP = 4 * 1024**3  # the host's address space, by default


def host_command() -> list[str]:
    """How to start a host: the bundle's own executable, or this Python on this package."""
    if getattr(sys, "frozen", False):
        return [sys.executable, HOST_FLAG]
    return [sys.executable, "-m", "lis_desktop.pdf.host"]


def host_environment() -> dict[str, str]:
    """The app's environment; from a checkout, with this package importable in the child."""
    env = dict(os.environ)
    if not getattr(sys, "frozen", False):
        root = str(Path(__file__).resolve().parents[3])  # src/, above lis_desktop/pdf/host/
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    return env


def spawn_host(
    folder: Path,
    cap: int = MEMORY_CAP,
    night: bool = False,
    command: Sequence[str] | None = None,
) -> subprocess.Popen[bytes]:
    """A host process, its page buffers in `folder` (made private if missing), its address
    space capped at `cap`, loading the night colours at start with `night`."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    options = ["--buffer-dir", str(folder), "--memory-cap", str(cap)]
    return subprocess.Popen(
        [*(command or host_command()), *options, *(["--night"] if night else [])],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=host_environment(),
        creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),  # Windows: no console
    )
