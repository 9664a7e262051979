"""The map end to end: `lis-desktop --view map` opens the window with the map drawn (traced as
`map_shown` with its 41 features), a wrong view is one line and a non-zero exit, and at a
device pixel ratio of 2 the map is drawn with twice the pixels."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from support.app_process import run_app, trace

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.e2e
def test_view_map_opens_the_window_on_the_map() -> None:
    result = run_app("--view", "map", exit_after="map_shown")
    assert result.returncode == 0, result.stderr
    events = trace(result.stderr)
    names = [e["event"] for e in events]
    assert names.count("window_shown") == 1
    assert names.count("map_shown") == 1
    assert names.index("window_shown") < names.index("map_shown")
    shown = next(e for e in events if e["event"] == "map_shown")
    assert shown["features"] == 41
    assert shown["ms"] > 0


@pytest.mark.e2e
def test_an_unknown_view_is_one_line_and_a_non_zero_exit() -> None:
    result = run_app("--view", "atlas", exit_after="window_shown")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "invalid choice: 'atlas'" in lines[0]
    assert "Traceback" not in result.stderr


HIDPI = """
import json
from PySide6.QtWidgets import QApplication
from lis_desktop.content import snapshot
from lis_desktop.geo import colouring, packed
from lis_desktop.ui.map.pane import MapPane
from lis_desktop.ui.map.render import MapScene
app = QApplication([])
regions = snapshot.load_regions()
pane = MapPane()
pane.show_scene(MapScene(packed.load_bundled()), [r.id for r in regions])
pane.set_colouring(colouring.by_body(regions))
pane.resize(300, 600)
pane.show()
pane.canvas.grab()  # paints it
base = pane.canvas.base_pixmap()
print(json.dumps({"dpr": pane.canvas.devicePixelRatioF(), "width": pane.canvas.width(),
                  "pixels": base.width(), "base_dpr": base.devicePixelRatio()}))
"""


@pytest.mark.e2e
def test_the_map_is_drawn_with_the_screens_pixels_on_hidpi() -> None:
    env = dict(os.environ, QT_SCALE_FACTOR="2", QT_QPA_PLATFORM="offscreen")
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    result = subprocess.run(
        [sys.executable, "-c", HIDPI], capture_output=True, text=True, env=env, timeout=120,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    assert shown["dpr"] == 2
    assert shown["base_dpr"] == 2
    assert shown["pixels"] == 2 * shown["width"]
