"""Map benchmark, against a baseline measured in the same run:

1. first draw: from nothing to the whole map on screen (read and check the bundled GeoJSON,
   build the QPainterPaths, colour them, lay out and paint the pane): goal <= 50 ms;
2. hover feedback: a mouse move over the map until the highlighted outline and the line naming
   the area are painted: goal within one 16 ms frame;
3. zoom: a wheel notch until the map is painted again at the new zoom: goal within one frame;
   also a pan (an arrow key) and a colour-mode change.

Baseline: a bare QPainter fill of a pixmap of the same size and device pixel ratio (what any
redraw of that many pixels costs at least). Each figure is the median of --repeat runs (the
first, cold draw is printed too), with its ratio to the baseline. The first draw is also split
into its steps, in CPU time (`time.process_time`: what this process spent, which a machine busy
with other work inflates far less than the wall clock).

Run from the checkout: PYTHONPATH=src QT_QPA_PLATFORM=offscreen \
    python benchmarks/map_bench.py [--repeat N] [--size 300x600] [--scale 2]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src")]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FRAME_MS = 16.0
FIRST_DRAW_GOAL_MS = 50.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30, help="runs of each (default 30)")
    parser.add_argument("--size", default="300x600", help="the pane's map, WxH (default 300x600)")
    parser.add_argument("--scale", default="1", help="device pixel ratio (QT_SCALE_FACTOR)")
    args = parser.parse_args()
    os.environ["QT_SCALE_FACTOR"] = args.scale
    return args


def ms(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def main() -> int:
    args = parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
    from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPixmap, QWheelEvent
    from PySide6.QtWidgets import QApplication

    from lis_desktop.content import snapshot
    from lis_desktop.domain import tree_order_key
    from lis_desktop.geo import colouring, packed
    from lis_desktop.geo.colouring import ColourBy
    from lis_desktop.ui.map.pane import MapPane
    from lis_desktop.ui.map.render import MapScene

    app = QApplication([])
    regions = snapshot.load_regions()
    order = [r.id for r in sorted(regions, key=tree_order_key)]

    steps: dict[str, list[float]] = {"pane": [], "load": [], "paths": [], "paint": []}

    def first_draw() -> MapPane:
        clock = [time.process_time()]
        pane = MapPane()
        pane.resize(width, height + 120)
        pane.show()
        app.processEvents()
        clock.append(time.process_time())
        data = packed.load_bundled()
        data.check_regions(order)
        clock.append(time.process_time())
        scene = MapScene(data)
        clock.append(time.process_time())
        pane.show_scene(scene, order)
        pane.set_colouring(colouring.by_status(regions, {}))
        pane.canvas.repaint()
        clock.append(time.process_time())
        for name, start, end in zip(steps, clock, clock[1:], strict=False):
            steps[name].append((end - start) * 1000)
        return pane

    # -- baseline: a bare fill of the same pixels -------------------------------------------
    probe = first_draw()
    canvas = probe.canvas
    dpr = canvas.devicePixelRatioF()
    size = canvas.size()

    def bare_fill() -> None:
        pixmap = QPixmap(round(size.width() * dpr), round(size.height() * dpr))
        pixmap.setDevicePixelRatio(dpr)
        painter = QPainter(pixmap)
        painter.fillRect(0, 0, size.width(), size.height(), QColor("#ffffff"))
        painter.end()

    baseline = statistics.median(ms(bare_fill) for _ in range(args.repeat))
    probe.close()

    # -- 1. first draw ----------------------------------------------------------------------
    firsts, cold = [], None
    for _ in range(args.repeat):
        start = time.perf_counter()
        pane = first_draw()
        elapsed = (time.perf_counter() - start) * 1000
        cold = elapsed if cold is None else cold
        firsts.append(elapsed)
        pane.close()
        pane.deleteLater()
        app.processEvents()
    first = statistics.median(firsts)
    cpu = {name: statistics.median(values[1:]) for name, values in steps.items()}

    # -- 2. hover, 3. zoom, pan, recolour ---------------------------------------------------
    pane = first_draw()
    canvas = pane.canvas
    view = canvas.viewport_
    assert view is not None
    rng = random.Random(15)
    land = [a.anchor for a in MapScene(packed.load_bundled()).data.areas]

    def hover_once() -> None:
        x, y = view.to_pixels(*rng.choice(land))
        event = QMouseEvent(
            QEvent.Type.MouseMove, QPointF(x + rng.uniform(-2, 2), y), QPointF(),
            Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
        )  # fmt: skip
        QApplication.sendEvent(canvas, event)
        canvas.repaint()
        pane.info.repaint()

    hovers = [ms(hover_once) for _ in range(args.repeat)]
    assert canvas.hovered is not None, "the hover benchmark pointed at no area"

    def wheel_once(notches: int) -> None:
        centre = QPointF(canvas.width() / 2, canvas.height() / 3)
        event = QWheelEvent(
            centre, centre, QPoint(0, 0), QPoint(0, 120 * notches), Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False,
        )  # fmt: skip
        QApplication.sendEvent(canvas, event)
        canvas.repaint()

    zooms = []
    for i in range(args.repeat):
        zooms.append(ms(lambda i=i: wheel_once(1 if (i // 6) % 2 == 0 else -1)))

    def pan_once() -> None:
        canvas.pan(17, 9)
        canvas.repaint()

    canvas.zoom_in()
    pans = [ms(pan_once) for _ in range(args.repeat)]
    modes = [ColourBy.WAVE, ColourBy.BODY, ColourBy.STATUS]

    def recolour_once(i: int) -> None:
        mode = modes[i % 3]
        made = {
            ColourBy.WAVE: colouring.by_wave,
            ColourBy.BODY: colouring.by_body,
            ColourBy.STATUS: lambda r: colouring.by_status(r, {}),
        }[mode](regions)
        pane.set_colouring(made)
        canvas.repaint()

    recolours = [ms(lambda i=i: recolour_once(i)) for i in range(args.repeat)]

    print(f"Map benchmark: {size.width()}x{size.height()} px at device pixel ratio {dpr:g}, "
          f"median of {args.repeat} runs")  # fmt: skip
    print(f"  baseline (bare QPainter fill of the same pixels): {baseline:7.2f} ms")
    rows = [
        ("first draw (load + paths + paint)", first, FIRST_DRAW_GOAL_MS),
        ("hover feedback (move -> painted)", statistics.median(hovers), FRAME_MS),
        ("zoom redraw (wheel notch)", statistics.median(zooms), FRAME_MS),
        ("pan redraw (arrow key)", statistics.median(pans), FRAME_MS),
        ("colour mode change", statistics.median(recolours), FRAME_MS),
    ]
    failed = False
    for name, value, goal in rows:
        ok = value <= goal
        failed |= not ok
        verdict = "ok" if ok else "OVER"
        print(f"  {name:36s} {value:7.2f} ms  = {value / baseline:6.1f}x baseline"
              f"  (goal <= {goal:g} ms: {verdict})")  # fmt: skip
    print(f"  first draw, cold (first run):        {cold:7.2f} ms")
    split = ", ".join(f"{name} {value:.1f}" for name, value in cpu.items())
    print(f"  first draw in CPU ms: {split}; total {sum(cpu.values()):.1f}")
    worst = max(max(hovers), max(zooms))
    p95 = sorted(hovers)[int(len(hovers) * 0.95) - 1]
    print(f"  hover p95 {p95:.2f} ms; slowest hover or zoom {worst:.2f} ms")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
