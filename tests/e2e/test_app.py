"""The real app started in a subprocess with LIS_DESKTOP_TRACE=1 (as benchmarks and checks use
it), and a second launch handing its file to the running instance."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from lis_desktop import paths
from lis_desktop.app.instance import InstanceGuard, Request, server_name
from support.app_process import TIMEOUT, app_command, app_env, run_app, trace
from support.pdfs import make_summary_pdf


def test_second_launch_hands_its_file_to_the_running_instance(qtbot: QtBot, tmp_path: Path) -> None:
    cache_root = tmp_path / "cache"
    guard = InstanceGuard(server_name(cache_root), paths.runtime_dir())
    assert guard.acquire()
    assert guard.listen()
    pdf = make_summary_pdf(tmp_path / "handed over.pdf")
    try:
        with qtbot.waitSignal(guard.request_received, timeout=TIMEOUT * 1000) as blocker:
            second = subprocess.Popen(
                app_command(str(pdf), "--cache-dir", str(cache_root)),
                env=app_env(),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
        _out, err = second.communicate(timeout=TIMEOUT)
    finally:
        guard.release()
    assert blocker.args == [Request(file=str(pdf.resolve()), region=None)]
    assert second.returncode == 0
    assert not any(e["event"] == "window_shown" for e in trace(err))  # it never opened a window


# -- the real app in a subprocess ------------------------------------------------------------
@pytest.mark.e2e
def test_app_traces_window_shown() -> None:
    result = run_app(exit_after="window_shown")
    assert result.returncode == 0, result.stderr
    shown = [e for e in trace(result.stderr) if e["event"] == "window_shown"]
    assert len(shown) == 1
    assert shown[0]["ms"] > 0


@pytest.mark.e2e
def test_app_renders_a_region_imported_with_the_cli(run_cli: Any, tmp_path: Path) -> None:
    pdf = make_summary_pdf(tmp_path / "bc.pdf")
    imported = run_cli("import", str(pdf), "--region", "black-country")
    assert imported.returncode == 0, imported.stderr
    result = run_app("--region", "black-country", exit_after="page_rendered")
    assert result.returncode == 0, result.stderr
    events = trace(result.stderr)
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
    result = run_app(str(pdf), exit_after="page_rendered")
    assert result.returncode == 0, result.stderr
    rendered = [e for e in trace(result.stderr) if e["event"] == "page_rendered"]
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
        app_command(),
        env=app_env(LIS_DESKTOP_EXIT_AFTER="page_rendered"),
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
            app_command(str(pdf)),
            env=app_env(LIS_DESKTOP_EXIT_AFTER="window_shown"),  # if it wrongly opened a window
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
        assert second.returncode == 0, second.stderr
        assert not any(e["event"] == "window_shown" for e in trace(second.stderr))
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
from lis_desktop import trace
from lis_desktop.app import entry

emit = trace.emit


def probe(event, **fields):
    emit(event, **fields)
    if event == "page_rendered":
        icon = QApplication.windowIcon()
        sys.stderr.write(f"ICON null={icon.isNull()} pixmap={not icon.pixmap(64).isNull()}\\n")


trace.emit = probe
sys.exit(entry.main(sys.argv[1:]))
"""


@pytest.mark.e2e
def test_the_running_window_carries_the_bundled_icon(tmp_path: Path) -> None:
    """The icon is set just after the window is first shown (rendering it costs start-up)."""
    pdf = make_summary_pdf(tmp_path / "icon.pdf", title="Icon")
    result = subprocess.run(
        [sys.executable, "-c", _ICON_PROBE, str(pdf)],
        env=app_env(LIS_DESKTOP_EXIT_AFTER="page_rendered"),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "ICON null=False pixmap=True" in result.stderr
