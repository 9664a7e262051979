"""The publication pane for a screen reader and the keyboard: a document whose headings and
links have their roles, whose text has none of the layout's invisible characters; one Tab stop
whose links the arrow keys reach (each a focus event) and Enter follows."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleActionInterface
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from lis_desktop.content.cache import Cache
from lis_desktop.content.library import Library
from lis_desktop.ui.publication import PublicationPane
from support.accessibility import Events, interface

INVISIBLE = "\u2028\u2029\ufdd0\ufdd1\ufffc\ufeff\u200b"


@pytest.fixture
def pane(qtbot: QtBot) -> Iterator[PublicationPane]:
    library = Library.load(Cache(Path(tempfile.mkdtemp()) / "cache"))
    holder = QWidget()  # a pane with a neighbour: Tab has somewhere to go
    layout = QVBoxLayout(holder)
    pane = PublicationPane(library.publication)
    layout.addWidget(pane)
    layout.addWidget(QLineEdit())
    qtbot.addWidget(holder)
    holder.resize(420, 700)
    holder.show()
    qtbot.waitExposed(holder)
    yield pane
    holder.close()


def children(pane: PublicationPane) -> list[tuple[QAccessible.Role, str]]:
    iface = interface(pane)
    kids = [iface.child(i) for i in range(iface.childCount())]
    return [(k.role(), k.text(QAccessible.Text.Name)) for k in kids if k is not None]


def test_the_pane_is_a_document_with_headings_and_links(pane: PublicationPane) -> None:
    iface = interface(pane)
    assert iface.role() == QAccessible.Role.Document
    assert iface.text(QAccessible.Text.Name) == "Publication"
    parts = children(pane)
    headings = [name for role, name in parts if role == QAccessible.Role.Heading]
    links = [name for role, name in parts if role == QAccessible.Role.Link]
    assert headings[:3] == [
        "Local Industrial Strategies to drive growth across the country",
        "Updates to this page",
        "Industrial Strategy: local summaries",
    ]
    assert len(links) >= 43  # 41 summaries, GOV.UK and the licence
    assert "Black Country" in links
    assert "View this page on GOV.UK ↗" in links
    assert "Open Government Licence v3.0" in links
    title = iface.child(0)
    attributes = title.attributesInterface()
    assert attributes is not None
    assert attributes.attributeValue(QAccessible.Attribute.Level) == 1
    link = next(
        iface.child(i) for i in range(iface.childCount())
        if iface.child(i).text(QAccessible.Text.Name) == "Black Country"
    )  # fmt: skip
    assert link.state().linked
    assert link.text(QAccessible.Text.Description) == "Shows this summary"
    assert link.parent().object() is pane
    assert iface.indexOfChild(link) >= 0


def test_the_pane_text_has_no_invisible_layout_characters(pane: PublicationPane) -> None:
    text = interface(pane).textInterface()
    assert text is not None
    plain = text.text(0, text.characterCount())
    assert len(plain) > 3000
    assert not [c for c in plain if c in INVISIBLE]
    assert "Published 3 December 2018\nLast updated 6 December 2018" in plain
    assert "Black Country — PDF" in plain


def test_tab_leaves_the_pane_in_one_step(qtbot: QtBot, pane: PublicationPane) -> None:
    pane.setFocus()
    qtbot.waitUntil(pane.hasFocus)
    qtbot.keyClick(pane, Qt.Key.Key_Tab)
    assert not pane.hasFocus()


def test_the_arrow_keys_go_from_link_to_link_each_a_focus_event(
    qtbot: QtBot, pane: PublicationPane, accessibility_events: Events
) -> None:
    pane.setFocus()
    qtbot.waitUntil(pane.hasFocus)
    browsing = pane.browsing
    seen = []
    for _ in range(60):
        qtbot.keyClick(pane, Qt.Key.Key_Down)
        link = browsing.current_link()
        if link is not None and (not seen or seen[-1] != link.text):
            seen.append(link.text)
        if "Buckinghamshire Thames Valley" in seen:
            break
    assert seen[:2] == ["Black Country", "Buckinghamshire Thames Valley"]
    assert pane.textCursor().selectedText() == "Buckinghamshire Thames Valley"  # seen, too
    focused = accessibility_events.of(QAccessible.Event.Focus)
    assert [interface(h.source).text(QAccessible.Text.Name) for h in focused][-2:] == seen[:2]
    current = interface(pane).focusChild()
    assert current is not None
    assert current.text(QAccessible.Text.Name) == "Buckinghamshire Thames Valley"
    assert current.state().focused
    qtbot.keyClick(pane, Qt.Key.Key_Up)
    assert browsing.current_link() is not None
    assert browsing.current_link().text == "Black Country"


def test_enter_follows_the_link_and_the_pane_keeps_it_after_showing_anew(
    qtbot: QtBot, pane: PublicationPane
) -> None:
    pane.setFocus()
    qtbot.waitUntil(pane.hasFocus)
    while pane.browsing.current_link() is None or pane.browsing.current_link().text != "Humber":
        qtbot.keyClick(pane, Qt.Key.Key_Down)
    with qtbot.waitSignal(pane.region_selected) as blocker:
        qtbot.keyClick(pane, Qt.Key.Key_Return)
    assert blocker.args == ["humber"]
    pane.set_current_region("humber")  # what the window does: the pane is shown anew
    qtbot.waitUntil(lambda: pane.textCursor().selectedText() == "Humber")
    assert pane.browsing.current_link().text == "Humber"


def test_a_screen_reader_can_follow_a_link_by_its_action(
    qtbot: QtBot, pane: PublicationPane
) -> None:
    iface = interface(pane)
    link = next(
        iface.child(i) for i in range(iface.childCount())
        if iface.child(i).text(QAccessible.Text.Name) == "Wales"
    )  # fmt: skip
    actions = link.actionInterface()
    assert actions is not None
    assert actions.actionNames() == [QAccessibleActionInterface.pressAction()]
    with qtbot.waitSignal(pane.region_selected) as blocker:
        actions.doAction(QAccessibleActionInterface.pressAction())
    assert blocker.args == ["wales"]


def test_links_are_underlined_not_only_coloured(pane: PublicationPane) -> None:
    assert "text-decoration: underline" in pane.to_html()


def test_showing_the_pane_anew_keeps_the_objects_a_screen_reader_holds(
    qtbot: QtBot, pane: PublicationPane
) -> None:
    iface = interface(pane)
    before = [iface.child(i).object() for i in range(iface.childCount())]
    pane.set_current_region("wales")  # shown anew: Wales in bold
    qtbot.waitUntil(lambda: pane.browsing.refresh() is False)
    after = [iface.child(i).object() for i in range(iface.childCount())]
    assert after == before  # the same headings and links: the same objects
    assert len(pane.browsing.findChildren(type(before[0]))) == len(before)  # none left over
