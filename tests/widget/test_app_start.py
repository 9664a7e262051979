"""The composition root in process: error reporting, the self-test's absence, bad arguments and
the single-instance request format."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from lis_desktop.app import entry
from lis_desktop.app import root as app
from lis_desktop.app.instance import Request
from support.gui import make_window, visible_message_boxes


# -- in process ------------------------------------------------------------------------------
@pytest.mark.qt_no_exception_capture
def test_unexpected_error_is_logged_shown_once_and_the_app_keeps_running(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    window = make_window(tmp_path / "cache", tmp_path / "settings.ini")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    reporter = app.ExceptionReporter(lambda: window, tmp_path / "lis-desktop.log")
    monkeypatch.setattr(sys, "excepthook", reporter)

    def explode() -> None:
        raise RuntimeError("the flux capacitor overheated")

    QTimer.singleShot(0, explode)
    QTimer.singleShot(0, explode)
    qtbot.waitUntil(lambda: reporter.count == 2)
    boxes = visible_message_boxes(window)
    assert len(boxes) == 1
    assert "the flux capacitor overheated" in boxes[0].text()
    assert "lis-desktop.log" in boxes[0].text()
    assert "Traceback" in caplog.text
    assert "flux capacitor" in caplog.text
    qtbot.keyClicks(window.tree.filter_edit, "wales")  # still working
    assert window.tree.count_label.text() == "Showing 1 of 41"
    boxes[0].accept()
    qtbot.waitUntil(lambda: reporter.box is None)


def test_self_test_missing_from_the_build_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "lis_desktop.app.selftest", None)  # import now fails
    assert entry.main(["--self-test"]) == 1
    assert capsys.readouterr().err.strip() == "lis-desktop: self-test not available in this build"


def test_bad_arguments_give_one_line_and_no_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    assert entry.main(["--no-such-option"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "unrecognized arguments: --no-such-option" in err


def test_request_encoding_round_trips_and_rejects_garbage() -> None:
    request = Request(file="/tmp/a b.pdf", region="black-country")
    assert Request.decode(request.encode().rstrip(b"\n")) == request
    compare = Request(region="black-country", compare="wales")
    assert Request.decode(compare.encode().rstrip(b"\n")) == compare
    assert Request.decode(b'{"region": "wales"}') == Request(region="wales")  # an older launch
    assert Request.decode(Request(view="matrix").encode()) == Request(view="matrix")
    assert Request.decode(b"\xff\xfe") is None
    assert Request.decode(b"[1, 2]") is None
    assert Request.decode(b'{"file": 3}') == Request()
