"""`lis-desktop --region A` end to end: the real app paints the summary before it plugs in its
features (sync, search, export, the views), and only then do they arrive."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from support.app_process import run_app, trace
from support.pdfs import make_summary_pdf

A = "greater-manchester"


@pytest.fixture
def imported(run_cli: Any, tmp_path: Path) -> None:
    pdf = make_summary_pdf(tmp_path / f"{A}.pdf", title="Greater Manchester")
    result = run_cli("import", str(pdf), "--region", A)
    assert result.returncode == 0, result.stderr


@pytest.mark.usefixtures("imported")
def test_the_page_is_painted_before_the_features_are_plugged_in() -> None:
    result = run_app("--region", A, exit_after="page_rendered")
    assert result.returncode == 0, result.stderr
    events = trace(result.stderr)
    names = [e["event"] for e in events]
    assert names.count("features_installed") == 1  # the app quit once the start was over
    first_page = names.index("page_rendered")
    assert events[first_page]["region"] == A
    assert first_page < names.index("features_installed")
    assert events[first_page]["at"] <= events[names.index("features_installed")]["at"]
    assert "Traceback" not in result.stderr


@pytest.mark.usefixtures("imported")
def test_the_next_start_shows_the_page_read_last_before_the_frame() -> None:
    first = run_app("--region", A, exit_after="features_installed")
    assert first.returncode == 0, first.stderr
    assert "first_look_shown" not in [e["event"] for e in trace(first.stderr)]  # not seen yet
    again = run_app(exit_after="features_installed")  # no request: the region read last
    assert again.returncode == 0, again.stderr
    events = trace(again.stderr)
    names = [e["event"] for e in events]
    assert names.index("first_look_shown") < names.index("window_shown")
    assert names.index("first_look_shown") < names.index("page_rendered")
    # Its PDF host, forked at launch on Linux, loads PyMuPDF only once that page is on screen.
    assert names.index("first_look_shown") < names.index("pdf_host_started")
    assert names.count("pdf_host_started") == 1
    assert events[names.index("pdf_host_started")]["forked"] is sys.platform.startswith("linux")
    other = run_app("--region", "humber", exit_after="window_shown")  # another page
    assert other.returncode == 0, other.stderr
    assert "first_look_shown" not in [e["event"] for e in trace(other.stderr)]


@pytest.mark.usefixtures("imported")
def test_a_file_never_read_shows_its_page_first_too(tmp_path: Path) -> None:
    first = run_app("--region", A, exit_after="features_installed")  # a look at this size
    assert first.returncode == 0, first.stderr
    never_read = make_summary_pdf(tmp_path / "never-read.pdf", title="Never Read")
    result = run_app(str(never_read), exit_after="features_installed")
    assert result.returncode == 0, result.stderr
    events = trace(result.stderr)
    names = [e["event"] for e in events]
    # The entry had the PDF host render it ahead: shown before the frame, as the viewer shows it.
    assert names.index("pdf_host_started") < names.index("first_look_shown")
    assert names.index("first_look_shown") < names.index("window_shown")
    assert events[names.index("page_rendered")]["region"] == str(never_read)
    assert "Traceback" not in result.stderr


def test_a_first_start_with_nothing_offline_shows_the_tree_and_the_features() -> None:
    result = run_app(exit_after="window_shown")
    assert result.returncode == 0, result.stderr
    result = run_app("--view", "matrix", exit_after="matrix_shown")  # needs the features
    assert result.returncode == 0, result.stderr
    names = [e["event"] for e in trace(result.stderr)]
    assert names.index("window_shown") < names.index("features_installed")
    assert "matrix_shown" in names


@pytest.mark.parametrize("name", ["~no-such-user-here/summary.pdf", "no-such-file.pdf"])
def test_a_file_that_cannot_be_found_is_said_so_and_the_window_runs(name: str) -> None:
    result = run_app(name, exit_after="features_installed")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    names = [e["event"] for e in trace(result.stderr)]
    assert "features_installed" in names  # the start went on past the missing file
