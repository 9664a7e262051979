"""Night mode cost, against day rendering measured in the same run:

1. a night render of a summary-like page at 1000 px wide (PyMuPDF render + the Qt night
   transform with figure detection, as the viewer's worker runs it) over a day render of the same
   page (PyMuPDF render + QImage copy): median of --repeat runs each, and their ratio;
2. the GUI thread while the worker renders: the longest gap of a 5 ms GUI-thread timer while a
   TaskRunner thread renders pages in night mode, and while it renders them by day. The night
   transform is Qt C++ code called from Python: this shows whether it holds the GIL (stalls the
   GUI thread) or not.
3. night pages through the two engines of the viewer, in the same run: PyMuPDF and the night
   colours on the worker thread of this process (`LocalEngine`, as before the PDF host did the
   night colours) against the PDF host (the child renders and recolours, the app only wraps the
   pixels): the longest GUI-thread gap during night renders, the median night render, and the
   first night paint of a fresh host (child start, PyMuPDF and, for night, QtGui loaded in the
   child on the first night page, or at start when the host is started for night mode) against
   the first day paint of a fresh host. The open request follows the start at once here: the
   start-time load only pays off in the app, where the child has idle time before the first
   document opens.

Run from the checkout: PYTHONPATH=src:tests QT_QPA_PLATFORM=offscreen \
    python benchmarks/night_bench.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from lis_desktop.pdf.api import PdfDocument  # noqa: E402
from lis_desktop.pdf.host.parent import PdfHost  # noqa: E402
from lis_desktop.pdf.local import LocalEngine, NightSession  # noqa: E402
from lis_desktop.pdf.render_plan import FirstPageGuess  # noqa: E402
from lis_desktop.tasks import TaskRunner  # noqa: E402
from lis_desktop.ui.viewer.rendering import image_from_samples  # noqa: E402
from support.pdfs import make_map_summary_pdf  # noqa: E402

WIDTH = 1000
TICK_MS = 5


def median_ms(session: PdfDocument, night: bool, repeat: int) -> float:
    scale = WIDTH / session.page_sizes[0][0]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        session.render(0, scale, 0, night, image_from_samples)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def longest_gui_gap(session: PdfDocument, night: bool, renders: int) -> float:
    """The longest lateness of a 5 ms GUI-thread timer while a worker renders `renders` pages
    (with none: for half a second of idle event loop, the timer's own noise)."""
    app = QApplication.instance()
    assert app is not None
    runner = TaskRunner(max_threads=1)
    scale = WIDTH / session.page_sizes[0][0]
    done: list[object] = []
    last, worst = [time.perf_counter()], [0.0]

    def tick() -> None:
        now = time.perf_counter()
        worst[0] = max(worst[0], (now - last[0]) * 1000 - TICK_MS)
        last[0] = now

    timer = QTimer(interval=TICK_MS)
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.timeout.connect(tick)
    job: Callable[[], object] = lambda: session.render(0, scale, 0, night, image_from_samples)  # noqa: E731
    for _ in range(renders):
        runner.run(job, done.append, done.append)
    last[0] = time.perf_counter()
    timer.start()
    idle_until = time.perf_counter() + (0.5 if renders == 0 else 0.0)
    while len(done) < renders or time.perf_counter() < idle_until:
        app.processEvents()
        time.sleep(0.0005)
    timer.stop()
    runner.wait()
    return worst[0]


def first_paint_ms(path: Path, night: bool, folder: Path, preload: bool = False) -> float:
    """A fresh PDF host: start it, open `path` and get its first page as a QImage (fit width,
    1000 px wide), as the viewer does when it is first shown; with `preload`, the host is
    started for night mode (its child loads QtGui at start, before it reads the request)."""
    guess = FirstPageGuess("bench", "width", 1.0, 0, 1.0, night, (WIDTH + 20, 900), 0)
    host = PdfHost(folder=folder)
    start = time.perf_counter()
    host.start(night=preload)
    document, key, image = host.open_and_render(path, None, guess, image_from_samples)
    elapsed = (time.perf_counter() - start) * 1000
    assert key is not None, "the first page should come with the opening"
    assert image is not None, "the first render failed"
    assert image.width() == WIDTH, image.width()
    document.close()
    host.stop()
    return elapsed


def engines(path: Path, folder: Path, repeat: int) -> None:
    """Section 3: night pages through LocalEngine (in this process) and the PDF host."""
    host = PdfHost(folder=folder)
    local, hosted = LocalEngine().open(path), host.open(path)
    try:
        for session in (local, hosted):  # warm up: QtGui and the lookup tables in the child
            median_ms(session, True, 2)
        local_ms, host_ms = median_ms(local, True, repeat), median_ms(hosted, True, repeat)
        print(f"night render, median: in-process engine {local_ms:.1f} ms, "
              f"PDF host {host_ms:.1f} ms ({host_ms / local_ms:.2f}x)")  # fmt: skip
        local_gap = longest_gui_gap(local, True, repeat)
        host_gap = longest_gui_gap(hosted, True, repeat)
        host_day_gap = longest_gui_gap(hosted, False, repeat)
        print(f"GUI-thread timer, longest gap during night renders: in-process engine "
              f"{local_gap:.1f} ms, PDF host {host_gap:.1f} ms (host day renders "
              f"{host_day_gap:.1f} ms)")  # fmt: skip
    finally:
        local.close()
        hosted.close()
        host.stop()
    days, nights, ready = [], [], []
    for _ in range(max(3, repeat // 3)):  # interleaved: all see the same machine load
        days.append(first_paint_ms(path, False, folder))
        nights.append(first_paint_ms(path, True, folder))
        ready.append(first_paint_ms(path, True, folder, preload=True))
    day, night, started = (statistics.median(t) for t in (days, nights, ready))
    print(f"first paint of a fresh PDF host, median of {len(days)}: day {day:.1f} ms, "
          f"night {night:.1f} ms ({night / day:.2f}x), night with the host started for "
          f"night {started:.1f} ms ({started / day:.2f}x)")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        path = make_map_summary_pdf(Path(folder) / "map-summary.pdf")
        session = NightSession.open(path)
        try:
            for night in (False, True):  # warm up: fonts, lazy imports, lookup tables
                median_ms(session, night, 2)
            day = median_ms(session, False, args.repeat)
            night = median_ms(session, True, args.repeat)
            print(f"page {WIDTH} px wide: day render {day:.1f} ms, night render {night:.1f} ms")
            print(f"  night / day ratio: {night / day:.2f}x (median of {args.repeat} each)")
            idle = longest_gui_gap(session, False, 0)
            day_gap = longest_gui_gap(session, False, args.repeat)
            night_gap = longest_gui_gap(session, True, args.repeat)
            print(f"GUI-thread timer, longest gap: idle {idle:.1f} ms, during day renders "
                  f"{day_gap:.1f} ms, during night renders {night_gap:.1f} ms")  # fmt: skip
        finally:
            session.close()
        engines(path, Path(folder) / "buffers", args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
