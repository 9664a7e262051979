"""Links on the pages: what a link is shown as while hovered, and following one when clicked.

Web and e-mail links open in the browser, links inside the document jump there, and other
kinds (scripts, files, anything unknown) are refused with a message saying so.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from lis_desktop.pdf.document import LinkInfo

SAFE_SCHEMES = ("http", "https", "mailto")


def describe(link: LinkInfo) -> str:
    """The link's target as the status bar and the notice show it."""
    if link.uri:
        return link.uri
    return f"Go to page {link.page + 1}"


def follow(link: LinkInfo, go_to: Callable[[int, float], None]) -> str:
    """Jump to an internal target (`go_to(page index, y)`), open a web or mail link outside, or
    refuse anything else; a message for the user, or "" when there is nothing to say."""
    if link.page >= 0:
        go_to(link.page, link.target_y)
        return ""
    url = QUrl(link.uri)
    scheme = url.scheme().lower()
    if url.isValid() and scheme in SAFE_SCHEMES:
        return "" if QDesktopServices.openUrl(url) else f"No application could open {link.uri}"
    shown = link.uri.removeprefix("unsupported:")
    label = f"“{scheme}:” links" if scheme and scheme != "unsupported" else "This kind of link"
    return f"Link not opened: {label} are not allowed ({shown[:80]})."
