"""The window in a hostile world: the real CLI syncing and importing into the cache of a running
window (which notices and refreshes), switching between an imported and a GOV.UK copy, and a
cache on a read-only mount (it reads; nothing is written)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from lis_desktop.content.cache import sha256_file
from support.govuk_server import GovukServer
from support.gui import make_window, online_window
from support.pdfs import region_summaries, stock_cache

SRC = Path(__file__).resolve().parents[2] / "src"
TIMEOUT = 30_000


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """The real lis-desktop-cli, in its own process, as a user in a terminal would run it."""
    return subprocess.run(
        [sys.executable, "-m", "lis_desktop.cli", *args],
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(SRC)),
        timeout=120,
        check=False,
    )


def sync_args(server: GovukServer, cache: Path) -> list[str]:
    return ["--cache-dir", str(cache), "sync", "--api-url", server.api_url]


def test_the_window_notices_a_cli_import_and_sync_into_its_cache(
    qtbot: QtBot, tmp_path: Path, govuk_server: GovukServer, summary_pdf: Path
) -> None:
    cache = tmp_path / "cache"
    govuk_server.history.insert(
        0, {"public_timestamp": "2019-02-01T09:00:00Z", "note": "Synced by the CLI."}
    )
    with online_window(qtbot, tmp_path, govuk_server.api_url, govuk_server.origin) as window:
        window.select_region("wales")
        assert window.offline_label.text() == "0 of 41 summaries available offline"
        done = run_cli("--cache-dir", str(cache), "import", str(summary_pdf), "--region", "wales")
        assert done.returncode == 0, done.stderr
        qtbot.waitUntil(
            lambda: window.offline_label.text() == "1 of 41 summaries available offline",
            timeout=TIMEOUT,
        )
        qtbot.waitUntil(lambda: window.viewer.current_key() == "wales", timeout=TIMEOUT)
        synced = run_cli(*sync_args(govuk_server, cache), "--allow-origin", govuk_server.origin)
        assert synced.returncode == 0, synced.stderr
        qtbot.waitUntil(
            lambda: window.offline_label.text() == "41 of 41 summaries available offline",
            timeout=TIMEOUT,
        )
        history = window.library.publication.history_newest_first()
        assert history[0].note == "Synced by the CLI."  # the story was re-read too


def test_use_gov_uk_copy_switches_the_summary_on_screen_and_back(
    qtbot: QtBot, tmp_path: Path, govuk_server: GovukServer, summary_pdf: Path
) -> None:
    cache = tmp_path / "cache"
    with online_window(qtbot, tmp_path, govuk_server.api_url, govuk_server.origin) as window:
        use_gov_uk = window.findChild(QAction, "useSyncCopyAction")
        use_imported = window.findChild(QAction, "useImportCopyAction")
        assert isinstance(use_gov_uk, QAction)
        assert isinstance(use_imported, QAction)
        assert use_gov_uk in window.file_menu.actions()
        with qtbot.waitSignal(window.viewer.page_rendered, timeout=TIMEOUT):
            assert window.import_file("wales", summary_pdf)
        assert not use_gov_uk.isEnabled()
        synced = run_cli(*sync_args(govuk_server, cache), "--allow-origin", govuk_server.origin)
        assert synced.returncode == 0, synced.stderr
        qtbot.waitUntil(use_gov_uk.isEnabled, timeout=TIMEOUT)  # GOV.UK's copy kept beside
        record = window.library.cache.record("wales")
        assert record is not None
        assert record.sha256 == sha256_file(summary_pdf)  # yours is still the one in use
        messages: list[str] = []
        window.statusBar().messageChanged.connect(messages.append)
        with qtbot.waitSignal(window.viewer.page_rendered, timeout=TIMEOUT):
            use_gov_uk.trigger()
        assert "Showing the GOV.UK copy of Wales." in messages
        record = window.library.cache.record("wales")
        assert record is not None
        assert record.source == "sync"
        assert use_imported.isEnabled()
        assert not use_gov_uk.isEnabled()
        with qtbot.waitSignal(window.viewer.page_rendered, timeout=TIMEOUT):
            use_imported.trigger()
        path = window.library.pdf_path("wales")
        assert path is not None
        assert path.read_bytes() == summary_pdf.read_bytes()


def test_a_read_only_cache_is_shown_and_left_alone(
    qtbot: QtBot, tmp_path: Path, read_only_view: Callable[[Path], Path]
) -> None:
    cache = tmp_path / "cache"
    stock_cache(cache, region_summaries(tmp_path / "pdfs", ["wales", "scotland"], image=False))
    before = sorted((p.name, p.stat().st_mtime_ns) for p in cache.rglob("*"))
    window = make_window(read_only_view(cache), tmp_path / "settings.ini")
    qtbot.addWidget(window)
    window.show()
    assert window.offline_label.text() == "2 of 41 summaries available offline"
    with qtbot.waitSignal(window.viewer.page_rendered, timeout=TIMEOUT) as shown:
        window.select_region("wales")
    assert shown.args is not None
    assert shown.args[0] == "wales"
    window.viewer.shutdown()
    window.library.cache.close()
    assert sorted((p.name, p.stat().st_mtime_ns) for p in cache.rglob("*")) == before
