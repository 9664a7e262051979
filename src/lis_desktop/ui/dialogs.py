"""Message dialogs: expected errors (shown once, window-modal, never blocking the event loop),
unexpected errors with their details, and the About box."""

from __future__ import annotations

import html
import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from lis_desktop import APP_NAME, version
from lis_desktop.errors import MapDataError

log = logging.getLogger(__name__)

ABOUT_HTML = """
<h3 style="margin-bottom: 4px">{name}</h3>
<p>Version {version}</p>
<p>A desktop reader for the GOV.UK news story <i>Local Industrial Strategies to drive growth
across the country</i> and its 41 <i>Industrial Strategy: local summaries</i>.</p>
<p>LIS Desktop is free software, licensed under the GNU Affero General Public License v3.0 or
later. It uses Qt (LGPL v3) through PySide6, and PyMuPDF (AGPL v3).</p>
<p>The story and the summaries are © Crown copyright, published under the
<a href="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/">Open
Government Licence v3.0</a>.</p>
<p>Map of the areas: {map_attribution}</p>
"""


def show_error(
    parent: QWidget | None, title: str, message: str, details: str | None = None
) -> QMessageBox:
    """Show `message` in a window-modal box and return at once (the box deletes itself)."""
    log.info("Error shown to the user: %s: %s", title, message)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(f"{title} — {APP_NAME}" if parent is None else title)
    box.setText(message)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if details:
        box.setDetailedText(details)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setObjectName("errorDialog")
    box.open()
    return box


def map_attribution() -> str:
    """The map data's attribution (OGL v3, ONS), as HTML; what is wrong when it cannot be read."""
    from lis_desktop.geo import packed  # reads the bundled map: only when About is opened

    try:
        return html.escape(packed.load_bundled().attribution)
    except MapDataError as exc:
        return html.escape(f"not available ({exc})")


def show_about(parent: QWidget | None) -> QMessageBox:
    box = QMessageBox(parent)
    box.setWindowTitle(f"About {APP_NAME}")
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(
        ABOUT_HTML.format(name=APP_NAME, version=version(), map_attribution=map_attribution())
    )
    if parent is not None and not parent.windowIcon().isNull():
        box.setIconPixmap(parent.windowIcon().pixmap(64, 64))
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setObjectName("aboutDialog")
    box.open()
    return box
