"""Crisp on HiDPI: at a device pixel ratio of 2 the page is rendered with twice the pixels."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
from lis_desktop.settings import Settings
from lis_desktop.pdf.host.parent import PdfHost
from lis_desktop.tasks import TaskRunner
from lis_desktop.ui.viewer.view import PdfView
app = QApplication([])
engine, lane = PdfHost(), TaskRunner(1)
view = PdfView(Settings(QSettings(sys.argv[2], QSettings.Format.IniFormat)), engine, lane)
view.resize(800, 900)
view.show()
def done(key, width, height):
    viewport = view.canvas.viewport().width()
    dpr = view.canvas.devicePixelRatioF()
    print(json.dumps({"width": width, "viewport": viewport, "dpr": dpr}))
    view.shutdown()
    engine.stop()
    app.quit()
view.page_rendered.connect(done)
view.open_document(Path(sys.argv[1]), "black-country")
QTimer.singleShot(20000, lambda: app.exit(1))
sys.exit(app.exec())
"""


@pytest.mark.e2e
def test_pages_are_rendered_at_the_device_pixel_ratio(summary_pdf: Path, tmp_path: Path) -> None:
    env = dict(os.environ, QT_SCALE_FACTOR="2", QT_QPA_PLATFORM="offscreen")
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(summary_pdf), str(tmp_path / "s.ini")],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    assert shown["dpr"] == 2
    # fit width in logical pixels, rendered with two device pixels for each
    assert abs(shown["width"] - 2 * (shown["viewport"] - 20)) <= 2


MOVE_SCRIPT = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
from lis_desktop.settings import Settings
from lis_desktop.pdf.host.parent import PdfHost
from lis_desktop.tasks import TaskRunner
from lis_desktop.ui.viewer.view import PdfView
app = QApplication([])
engine, lane = PdfHost(), TaskRunner(1)
view = PdfView(Settings(QSettings(sys.argv[2], QSettings.Format.IniFormat)), engine, lane)
view.resize(600, 700)
view.show()
shown = []
def painted(key, width, height):
    canvas = view.canvas
    wanted = canvas.key_for(canvas.current_page())
    image = view.cache.get(wanted)
    shown.append({
        "screen": view.screen().name(), "dpr": canvas.dpr(), "wanted_dpr": wanted.dpr,
        "image_dpr": image.devicePixelRatio() if image is not None else None,
        "width": width, "viewport": canvas.viewport().width(),
        "grab_dpr": canvas.viewport().grab().toImage().devicePixelRatio(),
    })
    if len(shown) == 1:  # then move the window to the other screen, as a user would
        other = next(s for s in app.screens() if s is not view.screen())
        QTimer.singleShot(0, lambda: view.windowHandle().setScreen(other))
    else:
        print(json.dumps(shown))
        view.shutdown()
        engine.stop()
        app.quit()
view.page_rendered.connect(painted)
view.open_document(Path(sys.argv[1]), "black-country")
QTimer.singleShot(20000, lambda: app.exit(1))
sys.exit(app.exec())
"""


@pytest.mark.e2e
def test_moving_to_a_screen_of_another_density_renders_crisp_pages_again(
    summary_pdf: Path, tmp_path: Path
) -> None:
    # Two offscreen screens, the second of double density: Qt sends the window's widgets a
    # DevicePixelRatioChange when it moves there, as it does on a real desktop. (Offscreen keeps
    # the window's size in device pixels, so it also shrinks to half its logical size.)
    screens = [
        {"name": "one", "x": 0, "y": 0, "width": 1280, "height": 1024, "logicalDpi": 96},
        {"name": "two", "x": 1280, "y": 0, "width": 2560, "height": 2048, "logicalDpi": 192},
    ]
    config = tmp_path / "screens.json"
    config.write_text(json.dumps({"screens": screens}), encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    env.pop("QT_SCALE_FACTOR", None)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    result = subprocess.run(
        [sys.executable, "-c", MOVE_SCRIPT, str(summary_pdf), str(tmp_path / "s.ini")],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    before, after = json.loads(result.stdout.strip().splitlines()[-1])
    assert (before["screen"], before["dpr"], before["image_dpr"]) == ("one", 1, 1)
    assert after["screen"] == "two"
    assert after["dpr"] == 2
    assert after["wanted_dpr"] == 2  # renders are requested at the new ratio…
    assert after["image_dpr"] == 2  # …and the image painted carries it
    assert after["grab_dpr"] == 2
    assert abs(after["width"] - 2 * (after["viewport"] - 20)) <= 2  # two device pixels each
