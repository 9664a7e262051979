"""First pages kept on disk: a document read before paints its page at once when it is opened
again (the next start), before the PDF engine has opened it; never a changed file's old page,
never a page of a document that needed a password; a damaged store is ignored."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from lis_desktop.pdf.document import PdfSession
from lis_desktop.pdf.local import LocalEngine
from lis_desktop.pdf.render_plan import RenderKey
from lis_desktop.settings import Settings
from lis_desktop.tasks import TaskRunner
from lis_desktop.ui.viewer import first_pages as module
from lis_desktop.ui.viewer import kept_index
from lis_desktop.ui.viewer.first_pages import FirstPages
from lis_desktop.ui.viewer.view import PdfView
from support.pdfs import make_encrypted_pdf, make_summary_pdf
from support.viewer import open_and_wait, screen

TIMEOUT = 15_000


def make(qtbot: QtBot, tmp_path: Path, store: FirstPages) -> tuple[PdfView, TaskRunner]:
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    runner = TaskRunner(1)
    view = PdfView(settings, LocalEngine(), runner, first_pages=store)
    qtbot.addWidget(view)
    view.resize(700, 900)
    view.show()
    qtbot.waitExposed(view)
    return view, runner


def read_once(qtbot: QtBot, tmp_path: Path, pdf: Path, key: str) -> QImage:
    """A first session: the page painted, kept, the view closed; what was on screen."""
    store = FirstPages(tmp_path / "kept")
    view, runner = make(qtbot, tmp_path, store)
    open_and_wait(qtbot, view, pdf, key)
    shown = screen(view)
    store.flush()  # at exit
    view.shutdown()
    view.close()
    runner.wait(TIMEOUT)
    return shown


def test_a_document_read_before_is_painted_before_the_engine_opens_it(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pdf = make_summary_pdf(tmp_path / "summary.pdf", title="Humber")
    before = read_once(qtbot, tmp_path, pdf, "humber")
    release = threading.Event()
    real_open = PdfSession.open.__func__  # type: ignore[attr-defined]

    def held_open(cls: type[PdfSession], path: Path, password: str | None = None) -> PdfSession:
        release.wait(30)  # the engine is held: what shows comes from the kept page
        return real_open(cls, path, password)  # type: ignore[no-any-return]

    monkeypatch.setattr(PdfSession, "open", classmethod(held_open))
    view, runner = make(qtbot, tmp_path, FirstPages(tmp_path / "kept"))
    try:
        with qtbot.waitSignal(view.page_rendered, timeout=TIMEOUT) as painted:
            view.open_document(pdf, "humber")
        assert painted.args[0] == "humber"
        assert view.session is None  # not opened yet
        assert screen(view) == before  # the very pixels of the last reading
    finally:
        release.set()
    with qtbot.waitSignal(view.document_opened, timeout=TIMEOUT):
        pass  # then opened for its text and links, as usual
    view.shutdown()
    runner.wait(TIMEOUT)


def test_a_file_changed_since_is_not_shown_from_the_store(qtbot: QtBot, tmp_path: Path) -> None:
    pdf = make_summary_pdf(tmp_path / "summary.pdf", title="Humber")
    read_once(qtbot, tmp_path, pdf, "humber")
    store = FirstPages(tmp_path / "kept")
    (entry,) = kept_index.entries(tmp_path / "kept")
    assert store.load(entry["doc"]) is not None
    make_summary_pdf(pdf, title="Solent")  # the same path, new content (size and time)
    view, runner = make(qtbot, tmp_path, store)
    kept: list[object] = []
    view.opener.page_kept.connect(lambda *args: kept.append(args))
    open_and_wait(qtbot, view, pdf, "humber")
    assert kept == []
    view.shutdown()
    runner.wait(TIMEOUT)


def test_a_page_of_a_document_that_needed_a_password_is_never_kept(
    qtbot: QtBot, tmp_path: Path
) -> None:
    pdf = make_encrypted_pdf(tmp_path / "secret.pdf")
    store = FirstPages(tmp_path / "kept")
    view, runner = make(qtbot, tmp_path, store)
    with qtbot.waitSignal(view.opener.password_needed, timeout=TIMEOUT):
        view.open_document(pdf, "secret")
    with qtbot.waitSignal(view.page_rendered, timeout=TIMEOUT):
        view.opener.enter_password("s3cret")
    store.flush()
    assert not (tmp_path / "kept").exists() or not list((tmp_path / "kept").iterdir())
    view.shutdown()
    runner.wait(TIMEOUT)


def test_the_store_keeps_the_last_documents_and_ignores_what_it_cannot_read(
    qtbot: QtBot, tmp_path: Path
) -> None:
    folder = tmp_path / "kept"
    image = QImage(40, 60, QImage.Format.Format_RGB888)
    image.fill(0x336699)
    for n in range(module.KEEP + 1):
        store = FirstPages(folder)
        doc = f"/docs/{n}.pdf|1|{n}"
        store.keep(doc, f"r{n}", ((595.0, 842.0),), RenderKey(doc, 0, 0.1, 0, 1.0, False), image)
        store.flush()
    store = FirstPages(folder)
    assert store.load("/docs/0.pdf|1|0") is None  # the oldest made room
    kept = store.load(f"/docs/{module.KEEP}.pdf|1|{module.KEEP}")
    assert kept is not None
    assert kept.image.pixelColor(5, 5).name() == "#336699"
    assert kept.sizes == ((595.0, 842.0),)
    assert len(list(folder.glob("*.png"))) == module.KEEP
    (folder / kept_index.INDEX).write_text("{not json")
    assert FirstPages(folder).load(f"/docs/{module.KEEP}.pdf|1|{module.KEEP}") is None
    blocked = FirstPages(tmp_path / "a-file" / "kept")  # cannot be made: a file is in the way
    (tmp_path / "a-file").write_text("")
    blocked.keep("/d.pdf|1|1", "d", ((1.0, 1.0),), RenderKey("/d.pdf|1|1", 0, 1.0, 0, 1.0, False),
                 image)  # fmt: skip
    blocked.flush()  # says so in the log; nothing raised
