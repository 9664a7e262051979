"""The warm path under a real display: the running window is asked for a summary it has not
shown yet (as a second launch hands it over: `lis-desktop --region ID`, *Open With*) until its
page is painted, against a bare PyMuPDF render plus a bare Qt paint of the same size, under the
same X server, interleaved, in the same run. Goal: ratio <= 1.5.

The window is the app's whole window (tree, publication pane, features: what reacts to a region
being shown), on the app's PDF host process. It runs under a private Xvfb (Debian `xvfb`).

    .venv/bin/python benchmarks/warm_select.py [--regions 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL = 1.5


def under_xvfb(argv: list[str]) -> int:
    """Run this script again (with --child) on a private Xvfb; its exit status."""
    read, write = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, pass_fds=(write,),
    )  # fmt: skip
    os.close(write)
    display = ":" + os.read(read, 16).decode().strip()
    env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb")
    env.pop("LIS_DESKTOP_TRACE", None)
    try:
        command = ["dbus-run-session", "--", sys.executable, __file__, "--child", *argv]
        return subprocess.run(command, env=env, check=False).returncode
    finally:
        xvfb.terminate()
        xvfb.wait()


def child(regions: int) -> int:
    sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests"), str(ROOT / "benchmarks")]
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from lis_desktop.app import root
    from lis_desktop.app.instance import Request
    from lis_desktop.content.snapshot import load_regions
    from support.pdfs import region_summaries, stock_cache
    from viewer_bench import BarePaint, floor_once, wait

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(prefix="lis-warm-select-") as tmp:
        folder = Path(tmp)
        ids = [r.id for r in load_regions()][: regions + 1]
        pdfs = region_summaries(folder / "generated", ids)
        stock_cache(folder / "cache", pdfs)
        services = root.Services.create(folder / "cache", offline=True)
        services.start_pdf_engine(False)
        store = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
        window = root.build_window(services, store)
        window.resize(1280, 800)
        window.show()
        bare = BarePaint()
        bare.resize(1000, 1400)
        bare.show()
        for _ in range(20):
            app.processEvents()
            time.sleep(0.01)
        viewer = window.viewer

        def select(region: str) -> tuple[float, int]:
            done: list[int] = []

            def on_rendered(key: str, width: int, _height: int) -> None:
                if key == region:
                    done.append(width)

            viewer.page_rendered.connect(on_rendered)
            start = time.perf_counter()
            root.apply_request(window, Request(region=region))  # what a hand-over does
            while not done:
                wait(viewer.page_rendered)
            elapsed = (time.perf_counter() - start) * 1000
            viewer.page_rendered.disconnect(on_rendered)
            return elapsed, done[0]

        select(ids[0])  # warm: the engine, the first document's caches
        mine: list[float] = []
        floors: list[float] = []
        for region in ids[1:]:
            elapsed, width = select(region)
            mine.append(elapsed)
            floors.append(floor_once(pdfs[region], bare, width))
        window.close()
        services.shutdown()
        ours, base = statistics.median(mine), statistics.median(floors)
        print(f"select a summary not shown yet in the running window, under Xvfb ({len(mine)} "
              f"regions, interleaved, medians):")  # fmt: skip
        print(f"   floor (bare PyMuPDF render + bare Qt paint, same size): {base:.1f} ms")
        print(f"   window (hand-over request -> page painted):            {ours:.1f} ms "
              f"= ratio {ours / base:.2f}x (goal <= {GOAL}x)")  # fmt: skip
        return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regions", type=int, default=20)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.regions)
    return under_xvfb(["--regions", str(args.regions)])


if __name__ == "__main__":
    sys.exit(main())
