"""Start the real app in a subprocess (from this checkout's src/), with its trace on stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

SRC = Path(__file__).resolve().parents[2] / "src"
TIMEOUT = 120


def app_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), env.get("PYTHONPATH", "")])
    env["LIS_DESKTOP_TRACE"] = "1"
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.update(extra)
    return env


def app_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "lis_desktop", *args]


def trace(stderr: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]


def run_app(*args: str, exit_after: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        app_command(*args),
        env=app_env(LIS_DESKTOP_EXIT_AFTER=exit_after),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
