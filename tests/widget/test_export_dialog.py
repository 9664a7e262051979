"""The export dialog and its menu entries, with the native file dialog patched."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest
from PySide6.QtCore import QSettings, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from lis_desktop import settings
from lis_desktop.content.cache import Cache, sha256_file
from lis_desktop.content.library import Library
from lis_desktop.export.exporter import Exporter, ExportFormat
from lis_desktop.settings import Settings
from lis_desktop.tasks import TaskRunner
from lis_desktop.ui.export.actions import ExportActions
from lis_desktop.ui.export.dialog import ExportDialog
from lis_desktop.ui.main_window import MainWindow
from support.accessibility import Events, interactive_widgets, is_meaningful, label_of
from support.gui import make_window
from support.pdfs import region_summaries, stock_cache

STOCKED = ["black-country", "greater-manchester", "north-east", "wales"]
TIMEOUT = 30_000


@pytest.fixture(scope="module")
def summaries(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return region_summaries(tmp_path_factory.mktemp("summaries"), STOCKED, image=False)


@pytest.fixture
def library(tmp_path: Path, summaries: dict[str, Path]) -> Iterator[Library]:
    stock_cache(tmp_path / "cache", summaries)
    cache = Cache(tmp_path / "cache")
    yield Library.load(cache)
    cache.close()


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    task_runner = TaskRunner(1)
    yield task_runner
    task_runner.wait(TIMEOUT)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def make_dialog(
    qtbot: QtBot, library: Library, runner: TaskRunner, tmp_path: Path
) -> Callable[..., ExportDialog]:
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)

    def make(ids: list[str], fmt: ExportFormat = ExportFormat.PDF, run: Any = None) -> ExportDialog:
        dialog = ExportDialog(Exporter(library), Settings(store), run or runner, ids)
        qtbot.addWidget(dialog)
        dialog.format_combo.setCurrentIndex(dialog.format_combo.findData(fmt.value))
        dialog.show()
        return dialog

    return make


def choose_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    """Patch the native save dialog to answer `path`; returns the names it was offered."""
    offered: list[str] = []

    def fake(parent: object, caption: str, start: str, *args: object, **kw: object) -> Any:
        offered.append(start)
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake)
    return offered


def test_pdf_copy_through_the_dialog(
    make_dialog: Callable[..., ExportDialog],
    qtbot: QtBot,
    library: Library,
    out: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = make_dialog(["black-country"])
    offered = choose_file(
        monkeypatch, out / "Black Country — Industrial Strategy local summary.pdf"
    )
    qtbot.mouseClick(dialog.browse_button, _left())
    assert Path(offered[0]).name == "Black Country — Industrial Strategy local summary.pdf"
    with qtbot.waitSignal(dialog.export_finished, timeout=TIMEOUT) as finished:
        qtbot.mouseClick(dialog.export_button, _left())
    (exported,) = (Path(p) for p in finished.args[0])
    assert sha256_file(exported) == sha256_file(library.pdf_path("black-country") or Path())
    assert (out / f"{exported.name}.provenance.json").is_file()
    assert "Exported Black Country — Industrial Strategy local summary.pdf" in (
        dialog.message_label.text()
    )
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    assert dialog.show_folder_button.isVisible()
    qtbot.mouseClick(dialog.show_folder_button, _left())
    assert [u.toLocalFile() for u in opened] == [str(out)]
    assert dialog.settings.get(settings.EXPORT_FOLDER) == str(out)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData(ExportFormat.TXT.value))
    assert not dialog.message_row.isVisible()  # the result no longer matches the choices
    assert dialog.destination().name == "Black Country — Industrial Strategy local summary.txt"


def test_merged_pdf_with_cover(
    make_dialog: Callable[..., ExportDialog],
    qtbot: QtBot,
    out: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = make_dialog(["wales", "black-country"], ExportFormat.MERGED_PDF)
    assert dialog.cover_check.isEnabled()
    assert not dialog.dpi_combo.isEnabled()
    dialog.cover_check.setChecked(True)
    choose_file(monkeypatch, out / "briefing.pdf")
    qtbot.mouseClick(dialog.browse_button, _left())
    with qtbot.waitSignal(dialog.export_finished, timeout=TIMEOUT):
        qtbot.mouseClick(dialog.export_button, _left())
    reader = pypdf.PdfReader(out / "briefing.pdf")
    assert len(reader.pages) == 3
    assert "Regions included" in reader.pages[0].extract_text()


def test_png_for_several_regions_goes_into_a_folder(
    make_dialog: Callable[..., ExportDialog],
    qtbot: QtBot,
    out: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = make_dialog(["wales", "north-east"], ExportFormat.PNG)
    assert dialog.dpi_combo.isEnabled()
    assert not dialog.cover_check.isEnabled()
    assert dialog.dest_label.text() == "Save into folder:"
    dialog.dpi_combo.setCurrentIndex(dialog.dpi_combo.findData(96))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(out))
    qtbot.mouseClick(dialog.browse_button, _left())
    with qtbot.waitSignal(dialog.export_finished, timeout=TIMEOUT) as finished:
        qtbot.mouseClick(dialog.export_button, _left())
    names = sorted(Path(p).name for p in finished.args[0])
    assert names == [
        "North East — Industrial Strategy local summary.png",
        "Wales — Industrial Strategy local summary.png",
    ]
    assert "Exported 2 files" in dialog.message_label.text()


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
def test_asks_before_overwriting(
    make_dialog: Callable[..., ExportDialog],
    qtbot: QtBot,
    out: Path,
    monkeypatch: pytest.MonkeyPatch,
    answer: QMessageBox.StandardButton,
) -> None:
    target = out / "wales.txt"
    target.write_text("my notes")
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda parent, title, text, *a: asked.append(text) or answer
    )
    dialog = make_dialog(["wales"], ExportFormat.TXT)
    dialog.dest_edit.setText(str(target))
    if answer == QMessageBox.StandardButton.Yes:
        with qtbot.waitSignal(dialog.export_finished, timeout=TIMEOUT):
            qtbot.mouseClick(dialog.export_button, _left())
        assert "Unique words for wales" in target.read_text()
    else:
        qtbot.mouseClick(dialog.export_button, _left())
        assert target.read_text() == "my notes"
        assert not dialog.is_running()
        assert sorted(p.name for p in out.iterdir()) == ["wales.txt"]
    assert len(asked) == 1
    assert "wales.txt" in asked[0]


def test_unwritable_folder_shows_a_clear_message_and_leaves_nothing(
    make_dialog: Callable[..., ExportDialog],
    qtbot: QtBot,
    out: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr("lis_desktop.atomic.tempfile.mkstemp", refuse)
    dialog = make_dialog(["wales"], ExportFormat.MD)
    dialog.dest_edit.setText(str(out / "wales.md"))
    qtbot.mouseClick(dialog.export_button, _left())
    qtbot.waitUntil(lambda: not dialog.is_running() and dialog.message_label.isVisible())
    assert "cannot be written (read-only)" in dialog.message_label.text()
    assert not dialog.show_folder_button.isVisible()
    assert dialog.isVisible()
    assert dialog.export_button.isEnabled()
    assert list(out.iterdir()) == []


def test_summary_not_offline_is_named_and_export_disabled(
    make_dialog: Callable[..., ExportDialog],
) -> None:
    dialog = make_dialog(["wales", "london", "dorset"])
    assert not dialog.export_button.isEnabled()
    assert "Not available offline: London and Dorset" in dialog.message_label.text()


class _HeldRunner:
    """Keeps the job until the test runs it: lets a test cancel while 'running'."""

    def __init__(self) -> None:
        self.jobs: list[tuple[Any, Any, Any]] = []

    def run(self, fn: Any, on_done: Any, on_error: Any) -> None:
        self.jobs.append((fn, on_done, on_error))

    def finish(self) -> None:
        fn, on_done, on_error = self.jobs.pop()
        try:
            result = fn()
        except BaseException as exc:
            on_error(exc)
        else:
            on_done(result)


def test_cancel_while_exporting_writes_nothing_and_closes(
    make_dialog: Callable[..., ExportDialog], out: Path
) -> None:
    held = _HeldRunner()
    dialog = make_dialog(["wales", "black-country"], ExportFormat.PDF, run=held)
    dialog.dest_edit.setText(str(out))
    dialog.export_button.click()
    assert dialog.is_running()
    assert dialog.close_button.text() == "Cancel"
    dialog.close_button.click()
    assert dialog.isVisible()  # waits for the worker to stop
    held.finish()
    assert not dialog.isVisible()
    assert list(out.iterdir()) == []


# -- in the main window ---------------------------------------------------------------------
@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, summaries: dict[str, Path]) -> Iterator[MainWindow]:
    stock_cache(tmp_path / "wcache", summaries)
    win = make_window(tmp_path / "wcache", tmp_path / "wsettings.ini")
    qtbot.addWidget(win)
    runner = TaskRunner(1)
    ExportActions(win, Exporter(win.library), runner)
    win.show()
    qtbot.waitExposed(win)
    yield win
    runner.wait(TIMEOUT)


def _export_actions(window: MainWindow) -> ExportActions:
    (actions,) = window.findChildren(ExportActions)
    return actions


def test_file_menu_and_tree_menu_offer_export(window: MainWindow) -> None:
    actions = _export_actions(window)
    assert actions.export_action in window.file_menu.actions()
    assert actions.export_action in window.toolbar.actions()
    assert any(a.text() == "&Print…" for a in window.file_menu.actions())  # the viewer's
    assert actions.export_action.shortcut().toString() == "Ctrl+E"
    tree_actions = window.tree.view.actions()
    assert actions.export_action in tree_actions
    assert actions.select_shown_action in tree_actions
    window.select_region("wales")
    assert actions.export_action.isEnabled()


def test_select_all_shown_after_filtering_exports_those(window: MainWindow, qtbot: QtBot) -> None:
    actions = _export_actions(window)
    window.tree.set_filter("north")
    actions.select_shown_action.trigger()
    expected = ["north-east", "york-north-yorkshire-east-riding", "northern-ireland"]  # tree order
    assert window.selected_region_ids() == expected
    assert actions.export_action.text() == "&Export 3 Summaries…"
    actions.export_action.trigger()
    dialog = actions.dialog
    assert dialog is not None
    assert dialog.region_ids == expected
    assert "3 summaries" in dialog.summary_label.text()
    # Only North East is stocked: the dialog names the others before any work is done.
    assert "York, North Yorkshire & East Riding and Northern Ireland" in (
        dialog.message_label.text()
    )
    dialog.close_button.click()
    qtbot.waitUntil(lambda: actions.dialog is None)


def _left() -> Any:
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_the_dialog_is_named_for_screen_readers_and_says_how_the_export_went(
    make_dialog: Callable[..., ExportDialog],
    qtbot: QtBot,
    out: Path,
    monkeypatch: pytest.MonkeyPatch,
    accessibility_events: Events,
) -> None:
    dialog = make_dialog(["black-country"])
    unnamed = [
        f"{type(w).__name__}: {label_of(w)!r}"
        for w in interactive_widgets(dialog)
        if not is_meaningful(label_of(w))
    ]
    assert not unnamed
    assert label_of(dialog.format_combo) == "Format:"  # its form label, not its value
    assert label_of(dialog.browse_button) == "Choose where to save"
    dialog.dest_edit.setFocus()
    qtbot.waitUntil(lambda: dialog.focus_ring.target() is dialog.dest_edit)
    choose_file(monkeypatch, out / "bc.pdf")
    qtbot.mouseClick(dialog.browse_button, _left())
    with qtbot.waitSignal(dialog.export_finished, timeout=TIMEOUT):
        qtbot.mouseClick(dialog.export_button, _left())
    said = accessibility_events.announcements()
    assert said[0] == "Exporting…"
    assert said[-1].startswith("Exported bc.pdf")
