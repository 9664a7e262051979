"""Frozen start-up and bundle size: the PyInstaller onedir bundle against `python -m lis_desktop`.

Both start offscreen with LIS_DESKTOP_TRACE=1 and LIS_DESKTOP_EXIT_AFTER=window_shown; the time is
taken by this script from just before spawning to reading the `window_shown` line, the same way
for both. Runs are interleaved (frozen, source, frozen, ...) after one discarded warm-up of each
(the source run then starts from bytecode, as an installed app does).
Goals: median(frozen) / median(source) <= 1.1; bundle <= 170 MB unpacked, <= 60 MB as .tar.xz.

Build first (packaging/build.sh), then:
    python benchmarks/frozen_startup.py [--runs N] [--bundle DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RATIO_GOAL = 1.1
UNPACKED_GOAL_MB = 170
ARCHIVE_GOAL_MB = 60


def environment(home: Path, *, source: bool) -> dict[str, str]:
    env = dict(os.environ)
    for var in ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE", "QT_PLUGIN_PATH"):
        env.pop(var, None)
    if source:
        env["PYTHONPATH"] = str(ROOT / "src")
        env["PYTHONPYCACHEPREFIX"] = str(home / "pycache")
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[var] = str(home / var.lower())
    env.update(
        HOME=str(home),
        QT_QPA_PLATFORM="offscreen",
        LIS_DESKTOP_TRACE="1",
        LIS_DESKTOP_EXIT_AFTER="window_shown",
        LIS_DESKTOP_CACHE_DIR=str(home / "cache"),
    )
    return env


def time_to_window(command: list[str], env: dict[str, str]) -> float:
    """Milliseconds from spawn to the window_shown trace line."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    assert proc.stderr is not None
    elapsed: float | None = None
    for line in proc.stderr:
        if line.startswith("{") and json.loads(line).get("event") == "window_shown":
            elapsed = (time.perf_counter() - start) * 1000
            break
    rest = proc.stderr.read()
    if proc.wait(timeout=120) != 0 or elapsed is None:
        raise SystemExit(f"{command[0]} did not show its window: {rest[-1000:]}")
    return elapsed


def tree_bytes(path: Path) -> int:
    total = 0
    for folder, _dirs, files in os.walk(path):
        for name in files:
            total += os.lstat(os.path.join(folder, name)).st_size
    return total


def size_line(label: str, size: int, goal_mb: int) -> str:
    verdict = "meets" if size <= goal_mb * 1e6 else "MISSES"
    return f"{label}: {size / 1e6:.1f} MB ({size / 2**20:.1f} MiB); goal <= {goal_mb} MB: {verdict}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "lis-desktop")
    args = parser.parse_args()
    exe = args.bundle / ("lis-desktop.exe" if sys.platform == "win32" else "lis-desktop")
    if not exe.is_file():
        print(f"No bundle at {args.bundle}: run packaging/build.sh first.", file=sys.stderr)
        return 1
    commands = {"frozen": [str(exe)], "source": [sys.executable, "-m", "lis_desktop"]}
    times: dict[str, list[float]] = {"frozen": [], "source": []}
    with tempfile.TemporaryDirectory(prefix="lis-frozen-bench-") as tmp:
        homes = {name: Path(tmp) / name for name in commands}
        envs = {name: environment(homes[name], source=name == "source") for name in commands}
        for name, command in commands.items():  # warm-up: disk cache, bytecode, font cache
            time_to_window(command, envs[name])
        for _ in range(args.runs):
            for name, command in commands.items():
                times[name].append(time_to_window(command, envs[name]))
    frozen, source = (statistics.median(times[name]) for name in ("frozen", "source"))
    ratio = frozen / source
    print(f"start -> window_shown, median of {args.runs} interleaved runs (offscreen):")
    print(f"  frozen onedir        {frozen:7.0f} ms   {sorted(round(t) for t in times['frozen'])}")
    print(f"  python -m lis_desktop {source:6.0f} ms   {sorted(round(t) for t in times['source'])}")
    verdict = "meets" if ratio <= RATIO_GOAL else "MISSES"
    print(f"  ratio frozen/source {ratio:.2f}; goal <= {RATIO_GOAL}: {verdict}")
    print(size_line("bundle unpacked", tree_bytes(args.bundle), UNPACKED_GOAL_MB))
    archives = sorted(args.bundle.parent.glob("lis-desktop-*.tar.xz"))
    if archives:
        print(size_line(archives[-1].name, archives[-1].stat().st_size, ARCHIVE_GOAL_MB))
    else:
        print("no .tar.xz next to the bundle (packaging/build.sh makes it)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
