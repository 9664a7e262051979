"""Links, night mode, printing, and painting a recently viewed document from the cache."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from lis_desktop.settings import NIGHT_MODE
from lis_desktop.ui.viewer import night_mode
from lis_desktop.ui.viewer.rendering import RenderKey
from lis_desktop.ui.viewer.view import PdfView
from support.pdfs import make_links_pdf, make_summary_pdf
from support.viewer import mouse, open_and_wait, page_pixel, view_pos, word_box


@pytest.fixture
def links_pdf(tmp_path: Path) -> Path:
    return make_links_pdf(tmp_path / "links.pdf")


@pytest.fixture
def opened_urls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    urls: list[str] = []

    def open_url(url: QUrl) -> bool:
        urls.append(url.toString())
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    return urls


def click_label(view: PdfView, path: Path, label: str) -> None:
    box = word_box(path, 0, label)
    pos = view_pos(view, 0, box[0] + 5, (box[1] + box[3]) / 2)
    mouse(view, "move", pos, pressed=False)
    mouse(view, "press", pos)
    mouse(view, "release", pos)


def test_hovering_a_link_shows_its_target(qtbot: QtBot, view: PdfView, links_pdf: Path) -> None:
    open_and_wait(qtbot, view, links_pdf, "links")
    qtbot.waitUntil(lambda: 0 in view.canvas.page_info, timeout=10000)
    box = word_box(links_pdf, 0, "GOV.UK website")

    with qtbot.waitSignal(view.link_hovered, timeout=2000) as hovered:
        mouse(view, "move", view_pos(view, 0, box[0] + 5, box[1] + 5), pressed=False)
    assert hovered.args == ["https://www.gov.uk/"]
    assert view.canvas.viewport().cursor().shape() == Qt.CursorShape.PointingHandCursor

    with qtbot.waitSignal(view.link_hovered, timeout=2000) as left:
        mouse(view, "move", view_pos(view, 0, 400, 700), pressed=False)
    assert left.args == [""]


def test_web_and_mail_links_open_in_the_browser(
    qtbot: QtBot, view: PdfView, links_pdf: Path, opened_urls: list[str]
) -> None:
    open_and_wait(qtbot, view, links_pdf, "links")
    qtbot.waitUntil(lambda: 0 in view.canvas.page_info, timeout=10000)

    click_label(view, links_pdf, "GOV.UK website")
    click_label(view, links_pdf, "Write to us")

    assert opened_urls == ["https://www.gov.uk/", "mailto:lis@example.org"]


def test_other_schemes_are_refused_with_a_message(
    qtbot: QtBot, view: PdfView, links_pdf: Path, opened_urls: list[str]
) -> None:
    open_and_wait(qtbot, view, links_pdf, "links")
    qtbot.waitUntil(lambda: 0 in view.canvas.page_info, timeout=10000)

    with qtbot.waitSignal(view.status_message, timeout=2000) as refused:
        click_label(view, links_pdf, "Run a script")

    assert opened_urls == []
    assert "not allowed" in refused.args[0]
    assert "javascript" in refused.args[0]
    assert "not allowed" in view.notice.text()


def test_internal_links_jump(qtbot: QtBot, view: PdfView, links_pdf: Path) -> None:
    open_and_wait(qtbot, view, links_pdf, "links")
    qtbot.waitUntil(lambda: 0 in view.canvas.page_info, timeout=10000)

    click_label(view, links_pdf, "Jump to page two")

    assert view.current_page() == 2
    assert view.toolbar.page_label.text() == "Page 2 of 2"


def test_night_mode_darkens_the_page_but_keeps_the_photograph(
    qtbot: QtBot, view: PdfView, summary_pdf: Path
) -> None:
    open_and_wait(qtbot, view, summary_pdf, "black-country")
    day_photo = page_pixel(view, 0, 200, 450)
    assert page_pixel(view, 0, 20, 20).lightness() > 245

    with qtbot.waitSignal(view.page_rendered, timeout=10000):
        view.commands["night_mode"].trigger()

    assert view.commands["night_mode"].isChecked()
    assert page_pixel(view, 0, 20, 20).lightness() < 50  # dark paper
    night_photo = page_pixel(view, 0, 200, 450)
    assert abs(night_photo.red() - day_photo.red()) <= 3
    assert abs(night_photo.green() - day_photo.green()) <= 3
    assert abs(night_photo.blue() - day_photo.blue()) <= 3
    title = word_box(summary_pdf, 0, "Black Country")
    assert (
        max(
            page_pixel(view, 0, x, (title[1] + title[3]) / 2).lightness()
            for x in range(round(title[0]), round(title[2]), 2)
        )
        > 180
    )  # light text
    assert view.settings.get(NIGHT_MODE) == "on"


def test_night_mode_follows_the_os_theme_by_default(
    qtbot: QtBot, view: PdfView, summary_pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The offscreen platform has no theme to switch, so the OS side is simulated: it now
    # prefers dark and announces the change as the real platforms do.
    hints = QGuiApplication.styleHints()
    open_and_wait(qtbot, view, summary_pdf, "black-country")
    assert view.settings.get(NIGHT_MODE) == "auto"
    assert not view.night_mode()

    monkeypatch.setattr(night_mode, "os_prefers_dark", lambda: True)
    with qtbot.waitSignal(view.page_rendered, timeout=10000):
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert view.night_mode()
    assert view.commands["night_mode"].isChecked()
    assert page_pixel(view, 0, 20, 20).lightness() < 50

    view.set_night_mode(False)  # the user's choice wins over the OS from now on
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert not view.night_mode()


def test_print_renders_every_page(qtbot: QtBot, view: PdfView, tmp_path: Path) -> None:
    document = make_summary_pdf(tmp_path / "three.pdf", pages=3)
    open_and_wait(qtbot, view, document, "three")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(150)

    job = view.print_to(printer)
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=30000) as finished:
        pass
    assert finished.args[0] is True

    printed = pymupdf.open(tmp_path / "printed.pdf")
    assert printed.page_count == 3
    image = printed[0].get_images(full=True)[0]
    assert image[2] >= 595 * 150 / 72 * 0.8  # rendered at the printer's resolution
    pix = printed[0].get_pixmap()  # what comes out of the printer: the photograph and the text
    samples = pix.samples
    pixels = [samples[i : i + 3] for i in range(0, len(samples), 3 * 7)]
    colourful = sum(1 for p in pixels if max(p) - min(p) > 60)
    dark = sum(1 for p in pixels if max(p) < 80)
    printed.close()
    assert colourful > 8000  # about 1/7 of the photograph's 380 x 260 points
    assert dark > 100


def test_reselecting_a_recent_document_paints_from_the_cache(
    qtbot: QtBot, view: PdfView, summary_pdf: Path, tmp_path: Path
) -> None:
    other = make_summary_pdf(tmp_path / "other.pdf", title="Other")
    open_and_wait(qtbot, view, summary_pdf, "black-country")
    open_and_wait(qtbot, view, other, "other")
    renders: list[RenderKey] = []
    view.queue.rendered.connect(renders.append)

    key, _, _ = open_and_wait(qtbot, view, summary_pdf, "black-country")

    assert key == "black-country"
    assert all(r.page != 0 or r.doc.split("|")[0] != str(summary_pdf) for r in renders)
    # and the document is opened behind the painted page: its text can be found
    view.show_search_hits(0, "ceramics")
    qtbot.waitUntil(lambda: len(view.canvas.hits) == 1, timeout=10000)
