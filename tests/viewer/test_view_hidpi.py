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
from lis_desktop.widgets.pdf_view import PdfView
app = QApplication([])
view = PdfView(Settings(QSettings(sys.argv[2], QSettings.Format.IniFormat)))
view.resize(800, 900)
view.show()
def done(key, width, height):
    viewport = view.canvas.viewport().width()
    dpr = view.canvas.devicePixelRatioF()
    print(json.dumps({"width": width, "viewport": viewport, "dpr": dpr}))
    view.shutdown()
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
