"""The composition root: error reporting, single instance, self-test, and the real app started
in a subprocess with LIS_DESKTOP_TRACE=1 (as benchmarks and checks use it)."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from lis_desktop import app, paths
from lis_desktop.instance import InstanceGuard, Request, server_name
from support.gui import make_window, visible_message_boxes
from support.pdfs import make_summary_pdf

SRC = Path(__file__).resolve().parents[1] / "src"
TIMEOUT = 120


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), env.get("PYTHONPATH", "")])
    env["LIS_DESKTOP_TRACE"] = "1"
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.update(extra)
    return env


def _app_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "lis_desktop", *args]


def _trace(stderr: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]


def _run_app(*args: str, exit_after: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        _app_command(*args),
        env=_env(LIS_DESKTOP_EXIT_AFTER=exit_after),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


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
    monkeypatch.setitem(sys.modules, "lis_desktop.selftest", None)  # import now fails
    assert app.main(["--self-test"]) == 1
    assert capsys.readouterr().err.strip() == "lis-desktop: self-test not available in this build"


def test_bad_arguments_give_one_line_and_no_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    assert app.main(["--no-such-option"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "unrecognized arguments: --no-such-option" in err


def test_second_launch_hands_its_file_to_the_running_instance(qtbot: QtBot, tmp_path: Path) -> None:
    cache_root = tmp_path / "cache"
    guard = InstanceGuard(server_name(cache_root), paths.runtime_dir())
    assert guard.acquire()
    assert guard.listen()
    pdf = make_summary_pdf(tmp_path / "handed over.pdf")
    try:
        with qtbot.waitSignal(guard.request_received, timeout=TIMEOUT * 1000) as blocker:
            second = subprocess.Popen(
                _app_command(str(pdf), "--cache-dir", str(cache_root)),
                env=_env(),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
        _out, err = second.communicate(timeout=TIMEOUT)
    finally:
        guard.release()
    assert blocker.args == [Request(file=str(pdf.resolve()), region=None)]
    assert second.returncode == 0
    assert not any(e["event"] == "window_shown" for e in _trace(err))  # it never opened a window


def test_request_encoding_round_trips_and_rejects_garbage() -> None:
    request = Request(file="/tmp/a b.pdf", region="black-country")
    assert Request.decode(request.encode().rstrip(b"\n")) == request
    assert Request.decode(b"\xff\xfe") is None
    assert Request.decode(b"[1, 2]") is None
    assert Request.decode(b'{"file": 3}') == Request()


# -- the real app in a subprocess ------------------------------------------------------------
@pytest.mark.e2e
def test_app_traces_window_shown() -> None:
    result = _run_app(exit_after="window_shown")
    assert result.returncode == 0, result.stderr
    shown = [e for e in _trace(result.stderr) if e["event"] == "window_shown"]
    assert len(shown) == 1
    assert shown[0]["ms"] > 0


@pytest.mark.e2e
def test_app_renders_a_region_imported_with_the_cli(run_cli: Any, tmp_path: Path) -> None:
    pdf = make_summary_pdf(tmp_path / "bc.pdf")
    imported = run_cli("import", str(pdf), "--region", "black-country")
    assert imported.returncode == 0, imported.stderr
    result = _run_app("--region", "black-country", exit_after="page_rendered")
    assert result.returncode == 0, result.stderr
    events = _trace(result.stderr)
    rendered = [e for e in events if e["event"] == "page_rendered"]
    assert rendered
    assert rendered[0]["region"] == "black-country"
    assert rendered[0]["width"] > 100
    assert rendered[0]["height"] > rendered[0]["width"]
    assert rendered[0]["ms"] >= 0
    assert [e["event"] for e in events].count("window_shown") == 1


@pytest.mark.e2e
def test_app_opens_a_pdf_file_given_on_the_command_line(tmp_path: Path) -> None:
    pdf = make_summary_pdf(tmp_path / "any file.pdf", title="Any file")
    result = _run_app(str(pdf), exit_after="page_rendered")
    assert result.returncode == 0, result.stderr
    rendered = [e for e in _trace(result.stderr) if e["event"] == "page_rendered"]
    assert rendered
    assert rendered[0]["region"] == str(pdf.resolve())


def _read_lines(stream: Any, lines: queue.Queue[str]) -> None:
    for line in stream:
        lines.put(line)
    lines.put("")


def _wait_for_event(lines: queue.Queue[str], event: str) -> dict[str, Any]:
    while True:
        line = lines.get(timeout=TIMEOUT)
        assert line, f"the app ended before '{event}'"
        if line.startswith("{") and json.loads(line)["event"] == event:
            return dict(json.loads(line))


@pytest.mark.e2e
def test_second_launch_opens_its_file_in_the_first_window(tmp_path: Path) -> None:
    pdf = make_summary_pdf(tmp_path / "second.pdf", title="Second")
    first = subprocess.Popen(
        _app_command(),
        env=_env(LIS_DESKTOP_EXIT_AFTER="page_rendered"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=_read_lines, args=(first.stderr, lines), daemon=True)
    reader.start()
    try:
        _wait_for_event(lines, "window_shown")
        second = subprocess.run(
            _app_command(str(pdf)),
            env=_env(LIS_DESKTOP_EXIT_AFTER="window_shown"),  # if it wrongly opened a window
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
        assert second.returncode == 0, second.stderr
        assert not any(e["event"] == "window_shown" for e in _trace(second.stderr))
        rendered = _wait_for_event(lines, "page_rendered")
        assert rendered["region"] == str(pdf.resolve())
        assert first.wait(timeout=TIMEOUT) == 0
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()


_ICON_PROBE = """
import sys
from PySide6.QtWidgets import QApplication
from lis_desktop import app, trace

emit = trace.emit


def probe(event, **fields):
    emit(event, **fields)
    if event == "page_rendered":
        icon = QApplication.windowIcon()
        sys.stderr.write(f"ICON null={icon.isNull()} pixmap={not icon.pixmap(64).isNull()}\\n")


trace.emit = probe
sys.exit(app.main(sys.argv[1:]))
"""


@pytest.mark.e2e
def test_the_running_window_carries_the_bundled_icon(tmp_path: Path) -> None:
    """The icon is set just after the window is first shown (rendering it costs start-up)."""
    pdf = make_summary_pdf(tmp_path / "icon.pdf", title="Icon")
    result = subprocess.run(
        [sys.executable, "-c", _ICON_PROBE, str(pdf)],
        env=_env(LIS_DESKTOP_EXIT_AFTER="page_rendered"),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "ICON null=False pixmap=True" in result.stderr
