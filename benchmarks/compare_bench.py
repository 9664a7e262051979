"""Comparison benchmark: opening summary B beside summary A paints B within 1.2x of a single
open's time, both measured in the same run, interleaved, in the app's window on its one PDF
engine (the PDF host process) and lane:

1. single open: select a region in the window (one viewer) -> its page 1 painted at fit width;
2. beside: with that summary shown, compare it with another region -> the second pane's page 1
   painted (the first pane is laid out again and re-rendered at its new width meanwhile);
3. for scale: a viewer alone, of the second pane's size, on the same engine -> page 1 painted
   (the same page width as 2, without the comparison around it).

Every open is of a summary neither viewer has shown (no render cache helps); the summaries are
generated like the real ones (one A4 page with text and a photograph, about 300 KB). Before each
step the app settles (the work the previous step left on the lane, such as reading the page's
words and links, is done), as when a reader picks a second summary after reading the first.

Run from the checkout: PYTHONPATH=src:tests QT_QPA_PLATFORM=offscreen \
    python benchmarks/compare_bench.py [--repeat N]
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests"), str(ROOT / "benchmarks")]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from lis_desktop.app import root as app  # noqa: E402
from lis_desktop.content.snapshot import load_regions  # noqa: E402
from lis_desktop.tasks import TaskRunner  # noqa: E402
from lis_desktop.ui.compare.mode import CompareMode  # noqa: E402
from lis_desktop.ui.main_window import MainWindow  # noqa: E402
from lis_desktop.ui.viewer.view import PdfView  # noqa: E402
from support.pdfs import region_summaries, stock_cache  # noqa: E402
from viewer_bench import wait  # noqa: E402

GOAL = 1.2
SETTLE_MS = 150


def timed_paint(view_signal: object, start: float, key: str) -> tuple[float, int]:
    """Wait for `key`'s first paint on a view's page_rendered; ms since `start`, its width."""
    done: list[tuple[float, int]] = []

    def on_rendered(rendered: str, width: int, _height: int) -> None:
        if rendered == key and not done:
            done.append(((time.perf_counter() - start) * 1000, width))

    view_signal.connect(on_rendered)  # type: ignore[attr-defined]
    while not done:
        wait(view_signal)  # type: ignore[arg-type]
    view_signal.disconnect(on_rendered)  # type: ignore[attr-defined]
    return done[0]


def single_open(window: MainWindow, region: str) -> tuple[float, int]:
    signal = window.viewer.page_rendered
    start = time.perf_counter()
    window.select_region(region)
    return timed_paint(signal, start, region)


def beside(mode: CompareMode, first: str, second: str) -> tuple[float, int]:
    signal = mode.second.page_rendered
    start = time.perf_counter()
    assert mode.compare(first, second)
    result = timed_paint(signal, start, second)
    if mode._waiting:  # the first pane too, before the next step
        wait(mode.shown)
    return result


def settle(lane: TaskRunner) -> None:
    """Let the previous step's follow-up work (page data, look-ahead) start and finish."""
    for _ in range(2):
        idle = QTimer(singleShot=True, interval=SETTLE_MS)
        idle.start()
        wait(idle.timeout)
        lane.wait(10_000)


def close(window: MainWindow, mode: CompareMode) -> None:
    """Back to the single view, its page painted again at its width (before the next step)."""
    if mode.is_open():
        key = window.viewer.current_key() or ""
        mode.close()
        timed_paint(window.viewer.page_rendered, time.perf_counter(), key)


def alone(view: PdfView, like: PdfView, path: Path, key: str) -> tuple[float, int]:
    size = like.size()
    if view.size() != size or not view.isVisible():
        view.setFixedSize(size)
        view.show()
        view.stack.setCurrentWidget(view.pages_area)  # laid out as it will show the page
        for _ in range(3):
            QApplication.processEvents()
    signal = view.page_rendered
    start = time.perf_counter()
    view.open_document(path, key)
    return timed_paint(signal, start, key)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=13)
    args = parser.parse_args()
    regions = [r.id for r in load_regions()]
    repeat = min(args.repeat, len(regions) // 3)
    qt_app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory(prefix="lis-compare-bench-") as tmp:
        folder = Path(tmp)
        pdfs = region_summaries(folder / "pdfs", regions[: 3 * repeat])
        stock_cache(folder / "cache", pdfs)
        services = app.Services.create(folder / "cache", offline=True)
        services.start_pdf_engine(False)
        store = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
        window = app.build_window(services, store, features=False)
        mode = app.install_compare(services, window)
        window.resize(1600, 1000)
        window.show()
        QApplication.processEvents()
        lone = PdfView(window.settings, services.engine, services.pdf_runner)
        times: dict[str, list[float]] = {"single": [], "beside": [], "lone": []}
        widths: dict[str, set[int]] = {"single": set(), "beside": set(), "lone": set()}
        for run in range(repeat):
            first, second, third = regions[3 * run : 3 * run + 3]
            close(window, mode)
            steps: dict[str, Callable[[], tuple[float, int]]] = {
                "single": functools.partial(single_open, window, first),
                "beside": functools.partial(beside, mode, first, second),
                "lone": functools.partial(alone, lone, mode.second, pdfs[third], third),
            }
            for name, step in steps.items():
                settle(services.pdf_runner)
                ms, width = step()
                times[name].append(ms)
                widths[name].add(width)
        close(window, mode)
        lone.shutdown()
        lone.close()
        singles, besides = times["single"], times["beside"]
        single, pair = statistics.median(singles), statistics.median(besides)
        print(f"Opening B beside A, {repeat} runs (PDF host, one engine and lane for both panes)")
        print(f"   single open (select -> page painted, {sorted(widths['single'])} px wide): "
              f"median {single:.1f} ms, worst {max(singles):.1f} ms")  # fmt: skip
        print(f"   beside (compare -> B painted, {sorted(widths['beside'])} px wide): "
              f"median {pair:.1f} ms, worst {max(besides):.1f} ms")  # fmt: skip
        print(f"   ratio {pair / single:.2f}x the single open (goal <= {GOAL}x)")
        alone_ms = statistics.median(times["lone"])
        print(f"   for scale: a viewer alone of the pane's size ({sorted(widths['lone'])} px wide)"
              f": median {alone_ms:.1f} ms; beside is {pair / alone_ms:.2f}x that")  # fmt: skip
        window.close()
        services.shutdown()
    del qt_app


if __name__ == "__main__":
    main()
