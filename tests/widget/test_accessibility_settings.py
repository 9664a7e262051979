"""The system's settings honoured: its palette (a high-contrast one too), a bigger font with
nothing cut off, reduced motion; and nothing told by colour alone."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from lis_desktop.domain import Offline
from lis_desktop.ui.accessibility.motion import animations_on, honour_reduced_motion
from lis_desktop.ui.icons import status_icon
from lis_desktop.ui.main_window import MainWindow
from support.gui import make_window
from support.pdfs import make_summary_pdf
from support.viewer import open_and_wait, screen, view_pos, word_box


def high_contrast() -> QPalette:
    palette = QPalette()
    black, white, yellow, cyan = (QColor(c) for c in ("#000000", "#ffffff", "#ffff00", "#00ffff"))
    for role, colour in (
        (QPalette.ColorRole.Window, black), (QPalette.ColorRole.Base, black),
        (QPalette.ColorRole.WindowText, white), (QPalette.ColorRole.Text, white),
        (QPalette.ColorRole.Button, black), (QPalette.ColorRole.ButtonText, white),
        (QPalette.ColorRole.Highlight, yellow), (QPalette.ColorRole.HighlightedText, black),
        (QPalette.ColorRole.Link, cyan),
    ):  # fmt: skip
        palette.setColor(role, colour)
    return palette


@pytest.fixture
def system_palette() -> Iterator[None]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette()
    app.setPalette(high_contrast())
    yield
    app.setPalette(before)


@pytest.fixture
def big_font() -> Iterator[QFont]:
    before = QApplication.font()
    font = QFont(before)
    font.setPointSizeF(before.pointSizeF() * 1.5)
    QApplication.setFont(font)
    yield font
    QApplication.setFont(before)


def shown_window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    win = make_window(tmp_path / "cache", tmp_path / "settings.ini")
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.mark.usefixtures("system_palette")
def test_a_high_contrast_palette_is_followed(qtbot: QtBot, tmp_path: Path) -> None:
    win = shown_window(qtbot, tmp_path)
    html = win.publication.to_html()
    assert "color: #ffffff" in html  # the text
    assert "color: #00ffff" in html  # the links
    win.tree.view.setFocus()
    qtbot.waitUntil(lambda: win.focus_ring.target() is win.tree.view)
    image = win.grab().toImage()
    edge = win.tree.view.mapTo(win, QPoint(1, win.tree.view.height() // 2))
    ring = image.pixelColor(round(edge.x() * image.devicePixelRatio()),
                            round(edge.y() * image.devicePixelRatio()))  # fmt: skip
    assert (ring.red(), ring.green(), ring.blue()) == (255, 255, 0)


def clipped(window: QWidget) -> list[str]:
    """Shown texts that do not get the room their font needs."""
    found = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.width() == 0:
            continue
        if isinstance(widget, QLabel) and widget.wordWrap():
            continue  # wraps instead
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit | QComboBox):
            hint = widget.minimumSizeHint()
            if widget.height() < hint.height() or widget.width() < hint.width():
                text = getattr(widget, "text", lambda: "")()
                found.append(f"{type(widget).__name__} {text!r} {widget.size()} < {hint}")
    return found


def test_a_bigger_system_font_scales_the_text_and_cuts_nothing_off(
    qtbot: QtBot, tmp_path: Path, big_font: QFont
) -> None:
    win = shown_window(qtbot, tmp_path)
    win.select_region("black-country")  # the empty state: its title and buttons
    assert win.tree.view.font().pointSizeF() == pytest.approx(big_font.pointSizeF())
    assert not clipped(win), "\n".join(clipped(win))
    names = win.tree.view.fontMetrics()
    widest = names.horizontalAdvance("York, North Yorkshire & East Riding")
    assert win.tree.preferred_width() > widest + 40


def test_the_default_font_cuts_nothing_off_either(qtbot: QtBot, tmp_path: Path) -> None:
    win = shown_window(qtbot, tmp_path)
    assert not clipped(win), "\n".join(clipped(win))


def test_the_tree_gets_wider_with_a_bigger_font(qtbot: QtBot, tmp_path: Path) -> None:
    normal = shown_window(qtbot, tmp_path / "a").tree.preferred_width()
    before = QApplication.font()
    font = QFont(before)
    font.setPointSizeF(before.pointSizeF() * 1.5)
    QApplication.setFont(font)
    try:
        bigger = shown_window(qtbot, tmp_path / "b").tree.preferred_width()
    finally:
        QApplication.setFont(before)
    assert bigger > normal * 1.3


@pytest.mark.usefixtures("qapp")
def test_reduced_motion_turns_qts_animations_off() -> None:
    effects = [e for e in Qt.UIEffect]
    before = {e: QApplication.isEffectEnabled(e) for e in effects}
    try:
        QApplication.setEffectEnabled(Qt.UIEffect.UI_General, True)
        QApplication.setEffectEnabled(Qt.UIEffect.UI_AnimateCombo, True)
        assert honour_reduced_motion(True)
        assert not animations_on()
        assert not honour_reduced_motion(False)
    finally:
        for effect, on in before.items():
            QApplication.setEffectEnabled(effect, on)


@pytest.mark.usefixtures("qapp")
def test_offline_status_markers_differ_in_shape_not_only_colour() -> None:
    def shape(status: Offline) -> list[bool]:
        """Where the marker is drawn and its glyph is not (the glyph is white on colour)."""
        image = status_icon(status).pixmap(QSize(16, 16), 2.0).toImage()
        image = image.convertToFormat(QImage.Format.Format_ARGB32)
        return [
            image.pixelColor(x, y).alpha() > 128 and image.pixelColor(x, y).lightness() < 230
            for y in range(image.height())
            for x in range(image.width())
        ]

    shapes = {status: shape(status) for status in Offline}
    for a, b in itertools.combinations(Offline, 2):
        differ = sum(x != y for x, y in zip(shapes[a], shapes[b], strict=True))
        assert differ >= 20, f"{a.name} and {b.name} differ only by colour"


def test_the_current_find_match_is_framed_not_only_coloured(qtbot: QtBot, tmp_path: Path) -> None:
    path = make_summary_pdf(tmp_path / "wind.pdf", words="Wind power and wind farms", image=False)
    win = shown_window(qtbot, tmp_path)
    view = win.viewer
    open_and_wait(qtbot, view, path, "wind")
    view.open_find()
    qtbot.keyClicks(view.finder.bar.field, "wind")
    qtbot.waitUntil(lambda: view.finder.bar.count.text() == "1 of 2", timeout=10000)
    first = word_box(path, 0, "Wind")
    # two pixels left of the word: the frame of the current match; nothing once it is not
    left = view_pos(view, 0, first[0], (first[1] + first[3]) / 2)

    def outside() -> QColor:
        image = screen(view)
        dpr = image.devicePixelRatio()
        return image.pixelColor(round((left.x() - 2) * dpr), round(left.y() * dpr))

    frame = outside()
    assert max(frame.red(), frame.green(), frame.blue()) < 90
    qtbot.keyClick(view.finder.bar.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.finder.bar.count.text() == "2 of 2")
    after = outside()
    assert min(after.red(), after.green(), after.blue()) > 150
