"""The viewer with its PDF host process: the same pages as PyMuPDF in this process; a request
past its deadline or a host that dies says so, and the viewer goes on with the next page and the
next document; one host serves several views; nothing is left running when the app quits."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from lis_desktop.app.root import Services, build_window
from lis_desktop.pdf.host.parent import PdfHost
from lis_desktop.pdf.local import LocalEngine
from lis_desktop.pdf.night import colours as night
from lis_desktop.tasks import TaskRunner
from lis_desktop.ui.viewer.view import PdfView
from support.pdfs import make_many_links_pdf, make_map_summary_pdf, make_summary_pdf
from support.processes import pdf_host_processes
from support.viewer import open_and_wait, screen, trace_events
from viewer.test_view_errors import has_red_text

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="sends POSIX signals")


def host_of(view: PdfView) -> PdfHost:
    assert isinstance(view.engine, PdfHost)  # the default engine of every view
    return view.engine


def page_image(view: PdfView, page: int) -> QImage | None:
    return view.cache.get(view.canvas.key_for(page))


def test_the_host_draws_the_same_page_as_pymupdf_in_process(
    qtbot: QtBot, make_view: Callable[..., PdfView], summary_pdf: Path
) -> None:
    hosted, here = make_view(), make_view(engine=LocalEngine())
    for view in (hosted, here):
        open_and_wait(qtbot, view, summary_pdf, "black-country")
        view.set_zoom(1.0)  # a whole-page image (not bands)
        qtbot.waitUntil(lambda v=view: page_image(v, 0) is not None, timeout=10000)  # type: ignore[misc]
    mine, theirs = page_image(here, 0), page_image(hosted, 0)
    assert mine is not None
    assert theirs is not None
    assert theirs.size() == mine.size()
    assert theirs == mine
    assert screen(hosted) == screen(here)  # and the user sees the same
    assert host_of(hosted).pid is not None


def test_night_pages_are_recoloured_in_the_host_and_the_app_only_shows_them(
    qtbot: QtBot,
    make_view: Callable[..., PdfView],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """In night mode the host applies the night colours: the app process does no night pixel
    work (it never calls night_image), and the user sees what the in-process engine shows."""
    path = make_map_summary_pdf(tmp_path / "map.pdf")  # a map: figure detection runs too
    calls: list[str] = []
    real = night.night_image

    def counted(day: QImage, keep: object = ()) -> QImage:
        calls.append("night_image")
        return real(day, keep)  # type: ignore[arg-type]

    monkeypatch.setattr(night, "night_image", counted)
    here = make_view(engine=LocalEngine())
    here.set_night_mode(True)  # shared settings: every view of this test is in night mode
    hosted = make_view()
    shown = {}
    for view in (here, hosted):
        calls.clear()
        open_and_wait(qtbot, view, path, "map")
        view.set_zoom(1.0)  # a whole-page image (not bands)
        qtbot.waitUntil(lambda v=view: page_image(v, 0) is not None, timeout=10000)  # type: ignore[misc]
        shown[view] = len(calls)
    assert shown[here] > 0  # in process: recoloured here (the count works)
    assert shown[hosted] == 0  # through the host: no night pixel work in the app process
    mine, theirs = page_image(here, 0), page_image(hosted, 0)
    assert mine is not None
    assert theirs is not None
    assert theirs == mine
    assert theirs.pixelColor(5, 5).lightness() < 50  # the paper is dark
    assert screen(hosted) == screen(here)


def test_a_document_past_its_deadline_says_so_and_the_next_one_opens(
    qtbot: QtBot,
    view: PdfView,
    tmp_path: Path,
    summary_pdf: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("LIS_DESKTOP_TRACE", "1")
    host = host_of(view)
    open_and_wait(qtbot, view, summary_pdf, "black-country")  # the host is up
    slow = make_many_links_pdf(tmp_path / "links.pdf")  # loading its page takes ~150 ms
    host.timeout = 0.02

    with qtbot.waitSignal(view.document_failed, timeout=10000) as failed:
        view.open_document(slow, "links")

    message = "'links.pdf' took too long to open and was stopped."
    assert failed.args == ["links", message]
    assert view.panel.isVisible()
    assert view.panel.message.text() == message
    errors = trace_events(capsys.readouterr().err, "document_error")
    assert [(e["region"], e["reason"]) for e in errors] == [("links", "timeout")]
    host.timeout = 20
    other = make_summary_pdf(tmp_path / "other.pdf", title="Other")
    key, width, _ = open_and_wait(qtbot, view, other, "other")  # a new host, same viewer
    assert (key, width > 100) == ("other", True)


@posix_only
def test_a_host_killed_while_drawing_says_so_and_the_viewer_goes_on(
    qtbot: QtBot,
    view: PdfView,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("LIS_DESKTOP_TRACE", "1")
    host = host_of(view)
    long = make_summary_pdf(tmp_path / "long.pdf", title="Long", pages=4)
    open_and_wait(qtbot, view, long, "long")
    qtbot.waitUntil(lambda: settled(view), timeout=10000)  # the next request is the zoom's
    pid = host.pid
    assert pid is not None
    os.kill(pid, signal.SIGSTOP)  # the host cannot answer the next request...
    view.set_zoom(0.5)
    qtbot.waitUntil(lambda: host.busy, timeout=5000)
    with qtbot.waitSignal(view.document_failed, timeout=10000) as failed:
        os.kill(pid, signal.SIGKILL)  # ...and dies while it is asked to draw

    assert "could not be drawn: the PDF engine stopped unexpectedly." in failed.args[1]
    qtbot.waitUntil(lambda: has_red_text(view), timeout=5000)  # the message is on the page
    errors = trace_events(capsys.readouterr().err, "document_error")
    assert [e["reason"] for e in errors] == ["crash"]
    view.go_to_page(4)  # the next page is drawn by a new host (the document re-opened)
    qtbot.waitUntil(lambda: any(k.page == 3 for k in view.cache.entries()), timeout=10000)
    assert host.pid not in (None, pid)
    other = make_summary_pdf(tmp_path / "other.pdf", title="Other")
    assert open_and_wait(qtbot, view, other, "other")[0] == "other"


def settled(view: PdfView) -> bool:
    """Nothing more is asked of the engine until the user acts: the visible pages' text and
    links are in, every page has a thumbnail, and no job is waiting."""
    canvas, queue = view.canvas, view.queue
    return (
        all(page in canvas.page_info for page in canvas.visible_pages())
        and {key.page for key in view.cache.entries()} == set(range(view.page_count()))
        and not queue.pending()
        and not host_of(view).busy
    )


def test_one_engine_serves_two_views_at_once(
    qtbot: QtBot, make_view: Callable[..., PdfView], tmp_path: Path
) -> None:
    """Two views given the same engine and lane (as the window's viewers are) each show their
    own document, drawn by the one PDF host process."""
    engine, lane = PdfHost(), TaskRunner(1)
    left = make_view(420, 600, engine=engine, runner=lane)
    right = make_view(420, 600, engine=engine, runner=lane)
    first = make_summary_pdf(tmp_path / "a.pdf", title="Tees Valley", seed=1)
    second = make_summary_pdf(tmp_path / "b.pdf", title="Wales", seed=2, pages=2)
    with (
        qtbot.waitSignal(left.page_rendered, timeout=15000),
        qtbot.waitSignal(right.page_rendered, timeout=15000),
    ):
        left.open_document(first, "tees-valley")
        right.open_document(second, "wales")
    assert (left.current_key(), right.current_key()) == ("tees-valley", "wales")
    assert (left.page_count(), right.page_count()) == (1, 2)
    assert screen(left) != screen(right)  # each shows its own pages
    pids = {host_of(left).pid, host_of(right).pid}
    assert len(pids) == 1
    assert None not in pids
    assert len([p for p in pdf_host_processes() if p.split()[1] != "Z"]) == 1


def test_quitting_the_app_ends_its_pdf_engine(
    qtbot: QtBot, tmp_path: Path, summary_pdf: Path
) -> None:
    """The composition root owns the engine: its shutdown (when the app quits) ends the host
    process and leaves no zombie and no page buffer file."""
    services = Services.create(tmp_path / "cache", offline=True)
    services.start_pdf_engine(night=False)
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = build_window(services, store, features=False)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.viewer.page_rendered, timeout=15000):
        window.open_file(summary_pdf)
    assert window.viewer.engine is services.engine
    pid = host_of(window.viewer).pid
    assert pid is not None
    window.close()
    services.shutdown()
    assert host_of(window.viewer).pid is None
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # ended and reaped: no zombie
    runtime = Path(os.environ["XDG_RUNTIME_DIR"])
    assert not list(runtime.rglob("pdf-host-*"))  # no page buffer file either
