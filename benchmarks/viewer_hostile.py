"""Hostile PDFs in the viewer: the longest GUI-thread stall while opening, scrolling, hovering,
finding and selecting, as a ratio to the idle timer noise measured in the same run.

The documents are legal PDFs on which single PyMuPDF calls are slow: 3,000 pages of different
sizes, one page with 30,000 link annotations, one page with 60,000 tiny text spans, one page
14,400 pt square. A 5 ms QTimer on the GUI thread measures its own lateness; a stall is the
longest gap between two ticks minus the interval. Each step gives up after --timeout seconds
and says so (a step that never finishes is the worst stall of all).

The viewer runs PyMuPDF in its PDF host process; `--engine local` measures PyMuPDF on the
viewer's worker thread in this process instead (as before the host), `--engine both` one after
the other in the same run.

Run from the checkout: PYTHONPATH=src:tests QT_QPA_PLATFORM=offscreen \
    python benchmarks/viewer_hostile.py [--engine host|local|both]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QPointF, QSettings, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QMouseEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from lis_desktop.pdf.api import PdfEngine  # noqa: E402
from lis_desktop.pdf.host.parent import PdfHost  # noqa: E402
from lis_desktop.pdf.local import LocalEngine  # noqa: E402
from lis_desktop.settings import Settings  # noqa: E402
from lis_desktop.tasks import TaskRunner  # noqa: E402
from lis_desktop.ui.viewer.view import PdfView  # noqa: E402
from support import pdfs  # noqa: E402

TICK_MS = 5


class StallMeter:
    """A QTimer on the GUI thread recording the longest gap between its ticks."""

    def __init__(self) -> None:
        self._timer = QTimer(interval=TICK_MS)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._last = 0.0
        self.worst = 0.0

    def start(self) -> None:
        self.worst, self._last = 0.0, time.perf_counter()
        self._timer.start()

    def stop(self) -> float:
        self._on_timer_timeout()  # a stall still going on at the end counts too
        self._timer.stop()
        return self.worst

    def _on_timer_timeout(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, (now - self._last) * 1000 - TICK_MS)
        self._last = now


def spin_until(done: Callable[[], bool], timeout_s: float) -> bool:
    """Run the event loop (short slices, as the app's loop would) until `done()` or timeout."""
    end = time.perf_counter() + timeout_s
    while not done():
        if time.perf_counter() > end:
            return False
        QApplication.processEvents()
        time.sleep(0.001)
    return True


def measure(meter: StallMeter, step: Callable[[], Callable[[], bool]], timeout_s: float) -> str:
    meter.start()
    finished = spin_until(step(), timeout_s)
    worst = meter.stop()
    return f"{worst:8.1f} ms" + ("" if finished else f"  (did NOT finish in {timeout_s:.0f} s)")


def idle_step() -> Callable[[], bool]:
    """One second of nothing: the timer's own noise on this machine, now."""
    end = time.perf_counter() + 1.0
    return lambda: time.perf_counter() > end


def open_step(view: PdfView, path: Path) -> Callable[[], Callable[[], bool]]:
    def start() -> Callable[[], bool]:
        painted: list[int] = []
        view.page_rendered.connect(lambda *_: painted.append(1))
        view.document_failed.connect(lambda *_: painted.append(0))
        view.open_document(path, str(path))
        return lambda: bool(painted) and view.session is not None

    return start


def scroll_step(view: PdfView) -> Callable[[], Callable[[], bool]]:
    def start() -> Callable[[], bool]:
        bar = view.canvas.verticalScrollBar()
        values = [bar.maximum() * i // 40 for i in range(41)]

        def done() -> bool:
            if values:
                bar.setValue(values.pop(0))
                return False
            return True

        return done

    return start


def hover_step(view: PdfView) -> Callable[[], Callable[[], bool]]:
    """Move the mouse over a grid of points (after the page's text and links are loaded)."""

    def start() -> Callable[[], bool]:
        viewport = view.canvas.viewport()
        points = [
            QPointF(viewport.width() * (x + 0.5) / 12, viewport.height() * (y + 0.5) / 12)
            for y in range(12)
            for x in range(12)
        ]
        loaded = lambda: bool(view.canvas.page_info)  # noqa: E731

        def done() -> bool:
            if not loaded():
                return False
            if points:
                point = points.pop(0)
                none = Qt.MouseButton.NoButton
                event = QMouseEvent(
                    QEvent.Type.MouseMove, point, viewport.mapToGlobal(point), none, none,
                    Qt.KeyboardModifier.NoModifier,
                )  # fmt: skip
                QApplication.sendEvent(viewport, event)
                return False
            return True

        return done

    return start


def find_step(view: PdfView, query: str) -> Callable[[], Callable[[], bool]]:
    def start() -> Callable[[], bool]:
        view.open_find()
        view.finder.bar.count.clear()
        view.finder.bar.field.setText(query)
        view.finder.find(query, False, False)
        return lambda: bool(view.finder.bar.count.text())

    return start


def select_step(view: PdfView) -> Callable[[], Callable[[], bool]]:
    def start() -> Callable[[], bool]:
        view.select_all()
        view.copy()
        return lambda: True

    return start


def repaint_step(view: PdfView, times: int = 5) -> Callable[[], Callable[[], bool]]:
    """Repaint the page with everything selected (as scrolling or hovering would) a few times."""

    def start() -> Callable[[], bool]:
        view.select_all()
        left = [times]

        def done() -> bool:
            if left[0]:
                left[0] -= 1
                view.canvas.viewport().repaint()
                return False
            return True

        return done

    return start


def run(folder: Path, timeout_s: float, only: str, engine: str) -> None:
    settings = Settings(QSettings(str(folder / f"{engine}.ini"), QSettings.Format.IniFormat))
    pdf_engine: PdfEngine = LocalEngine() if engine == "local" else PdfHost()
    lane = TaskRunner(1)  # as the composition root gives them: the engine started on its lane
    lane.run(pdf_engine.start, lambda _: None, lambda _: None)
    view = PdfView(settings, pdf_engine, lane)
    print(f"== PyMuPDF {'in the PDF host process' if engine == 'host' else 'in this process'}")
    view.resize(1100, 900)
    view.show()
    meter = StallMeter()
    idle = float(measure(meter, idle_step, 5).split()[0])
    idle = max(idle, 0.5)
    print(f"idle timer noise (longest lateness of a {TICK_MS} ms timer, 1 s): {idle:.1f} ms")
    documents = [
        ("3,000 pages", pdfs.make_many_pages_pdf, "pages.pdf", "Page 2999"),
        ("30,000 links", pdfs.make_many_links_pdf, "links.pdf", "link"),
        ("60,000 spans", pdfs.make_many_spans_pdf, "spans.pdf", "w996"),
        ("14,400 pt page", pdfs.make_huge_page_pdf, "huge.pdf", "line 40"),
    ]
    for label, make, name, query in documents:
        if only not in label:
            continue
        path = make(folder / name)
        steps = [
            ("open", open_step(view, path)),
            ("scroll", scroll_step(view)),
            ("hover", hover_step(view)),
            ("find", find_step(view, query)),
            ("select+copy", select_step(view)),
            ("repaint sel", repaint_step(view)),
        ]
        for name, step in steps:
            result = measure(meter, step, timeout_s)
            worst = float(result.split()[0])
            print(f"{label:>15} {name:<12} longest stall {result}  = {worst / idle:6.1f}x idle")
        view.finder.close()
    view.shutdown()
    view.engine.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per step")
    parser.add_argument("--only", default="", help="only the documents whose label has this")
    parser.add_argument("--engine", choices=("host", "local", "both"), default="host")
    args = parser.parse_args()
    QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as folder:
        for engine in ("local", "host") if args.engine == "both" else (args.engine,):
            run(Path(folder), args.timeout, args.only, engine)


if __name__ == "__main__":
    main()
