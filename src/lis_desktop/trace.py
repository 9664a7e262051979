"""LIS_DESKTOP_TRACE=1: one JSON line per milestone on stderr, for benchmarks and checks."""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

_IMPORTED_AT = time.time()


def enabled() -> bool:
    return os.environ.get("LIS_DESKTOP_TRACE", "") not in ("", "0")


def process_start() -> float:
    """Wall-clock time the process started (Linux /proc), else when this module was imported."""
    try:
        with open("/proc/self/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        start_ticks = int(fields[19])
        with open("/proc/uptime", encoding="ascii") as f:
            uptime = float(f.read().split()[0])
        return time.time() - uptime + start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return _IMPORTED_AT


_START = process_start()


def ms_since_start() -> int:
    return round((time.time() - _START) * 1000)


def emit(event: str, **fields: Any) -> None:
    """Write one trace line when tracing is on; never fails (a windowed app has no stderr)."""
    if not enabled():
        return
    stream = sys.stderr
    if stream is None:
        return
    record = {"event": event, **fields}
    record.setdefault("ms", ms_since_start())
    record.setdefault("at", ms_since_start())  # since the process started, whatever "ms" is
    try:
        stream.write(json.dumps(record) + "\n")
        stream.flush()
    except (OSError, ValueError):
        pass  # a closed pipe must not take the app down; tracing is best effort
