"""Fixtures for the viewer's widget tests: a shown PdfView with settings in a temporary file.

Views render through the PDF host process unless a test passes `engine=LocalEngine()` (PyMuPDF
in this process) to patch a fault into document.PdfSession."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from lis_desktop.pdf.api import PdfEngine
from lis_desktop.pdf.host.parent import PdfHost
from lis_desktop.settings import Settings
from lis_desktop.tasks import TaskRunner
from lis_desktop.ui.viewer.night_mode import night_wanted
from lis_desktop.ui.viewer.view import PdfView


@pytest.fixture
def settings_file(tmp_path: Path) -> Path:
    return tmp_path / "settings.ini"


@pytest.fixture
def settings(settings_file: Path) -> Settings:
    return Settings(QSettings(str(settings_file), QSettings.Format.IniFormat))


@pytest.fixture
def make_view(qtbot: QtBot, settings: Settings) -> Iterator[Callable[..., PdfView]]:
    """Views as the composition root makes them: each with its engine (a PDF host process
    unless `engine` is given) started on its serial lane; stopped when the test ends."""
    made: list[tuple[PdfView, PdfEngine, TaskRunner]] = []

    def make(
        width: int = 840,
        height: int = 900,
        settings_: Settings | None = None,
        engine: PdfEngine | None = None,
        runner: TaskRunner | None = None,
    ) -> PdfView:
        chosen = settings_ or settings
        engine = engine if engine is not None else PdfHost()
        runner = runner if runner is not None else TaskRunner(1)
        runner.run(lambda: engine.start(night_wanted(chosen)), lambda _: None, lambda _: None)
        view = PdfView(chosen, engine, runner)
        qtbot.addWidget(view)
        view.resize(width, height)
        view.show()
        qtbot.waitExposed(view)
        made.append((view, engine, runner))
        return view

    yield make
    for view, engine, runner in made:
        view.shutdown()
        engine.stop()
        runner.wait(5000)


@pytest.fixture
def view(make_view: Callable[..., PdfView]) -> PdfView:
    return make_view()
