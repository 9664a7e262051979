"""Start-up benchmark: process spawn -> window shown, LIS Desktop vs a bare PySide6 QMainWindow.

Both programs run offscreen, write the same `{"event": "window_shown"}` trace line on stderr
once their window is shown and the event loop has turned once, then quit. The time is taken by
this script from just before spawning to reading that line, so both are measured the same way.
Runs are interleaved (app, bare, app, bare, ...) after one discarded warm-up of each.
Goal: median(app) / median(bare) <= 1.2.

Run from the checkout: python benchmarks/startup.py [--runs N] [--with-summary]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL = 1.2

BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1280, 800)
window.show()

def shown():
    sys.stderr.write('{"event": "window_shown"}\\n')
    sys.stderr.flush()
    app.quit()

QTimer.singleShot(0, shown)
app.exec()
"""


def environment(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    # Like an installed app, run from bytecode: the warm-up run writes it (outside the tree).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(home / "pycache")
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[var] = str(home / var.lower())
    env.update(
        HOME=str(home),
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")]),
        QT_QPA_PLATFORM="offscreen",
        LIS_DESKTOP_TRACE="1",
        LIS_DESKTOP_EXIT_AFTER="window_shown",
        LIS_DESKTOP_CACHE_DIR=str(home / "cache"),
    )
    return env


def _children_cpu_ms() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (usage.ru_utime + usage.ru_stime) * 1000


def time_to_window(command: list[str], env: dict[str, str]) -> tuple[float, int | None, float]:
    """Milliseconds from spawn to the window_shown line, the ms the program itself reported, and
    the CPU milliseconds the whole run used (less sensitive to a busy machine than wall time)."""
    cpu_before = _children_cpu_ms()
    start = time.perf_counter()
    proc = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    assert proc.stderr is not None
    elapsed: float | None = None
    reported: int | None = None
    for line in proc.stderr:
        if line.startswith("{") and json.loads(line).get("event") == "window_shown":
            elapsed = (time.perf_counter() - start) * 1000
            reported = json.loads(line).get("ms")
            break
    proc.stderr.read()
    if proc.wait(timeout=120) != 0 or elapsed is None:
        raise SystemExit(f"{command} failed (exit {proc.returncode}) before showing its window")
    return elapsed, reported, _children_cpu_ms() - cpu_before


def import_summary(env: dict[str, str], work: Path) -> None:
    sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]
    from support.pdfs import make_summary_pdf

    pdf = make_summary_pdf(work / "bc.pdf")
    subprocess.run(
        [sys.executable, "-m", "lis_desktop.cli", "import", str(pdf), "--region", "black-country"],
        env=env,
        check=True,
        capture_output=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="measured runs of each (default 7)")
    parser.add_argument(
        "--with-summary",
        action="store_true",
        help="start the app on a region whose summary is imported (--region black-country)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lis-startup-") as tmp:
        work = Path(tmp)
        env = environment(work)
        bare_script = work / "bare.py"
        bare_script.write_text(BARE, encoding="utf-8")
        app_cmd = [sys.executable, "-m", "lis_desktop"]
        if args.with_summary:
            import_summary(env, work)
            app_cmd += ["--region", "black-country"]
        bare_cmd = [sys.executable, str(bare_script)]
        time_to_window(app_cmd, env)  # warm-up: file caches, bytecode
        time_to_window(bare_cmd, env)
        app_ms: list[float] = []
        bare_ms: list[float] = []
        app_cpu: list[float] = []
        bare_cpu: list[float] = []
        reported: list[int] = []
        for _ in range(args.runs):
            elapsed, own, cpu = time_to_window(app_cmd, env)
            app_ms.append(elapsed)
            app_cpu.append(cpu)
            if own is not None:
                reported.append(own)
            elapsed, _own, cpu = time_to_window(bare_cmd, env)
            bare_ms.append(elapsed)
            bare_cpu.append(cpu)
    app_median, bare_median = statistics.median(app_ms), statistics.median(bare_ms)
    ratio = app_median / bare_median
    cpu_ratio = statistics.median(app_cpu) / statistics.median(bare_cpu)
    print(f"runs: {args.runs} of each, interleaved (offscreen); load average {_load()}")
    print(
        f"bare PySide6 QMainWindow : median {bare_median:7.1f} ms  {_spread(bare_ms)}"
        f"  CPU {statistics.median(bare_cpu):6.1f} ms"
    )
    print(
        f"LIS Desktop              : median {app_median:7.1f} ms  {_spread(app_ms)}"
        f"  CPU {statistics.median(app_cpu):6.1f} ms"
    )
    if reported:
        print(
            f"  (app's own window_shown trace, ms since process start: median "
            f"{statistics.median(reported):.0f})"
        )
    verdict = "meets" if ratio <= GOAL else "misses"
    print(f"ratio app/bare, wall time: {ratio:.2f}x  ({verdict} the goal of <= {GOAL}x)")
    print(f"ratio app/bare, CPU time of the whole run (incl. exit): {cpu_ratio:.2f}x")
    return 0


def _load() -> str:
    try:
        return " ".join(f"{value:.1f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def _spread(values: list[float]) -> str:
    return f"(min {min(values):.1f}, max {max(values):.1f})"


if __name__ == "__main__":
    sys.exit(main())
