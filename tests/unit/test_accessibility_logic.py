"""The Qt-free logic behind accessibility: a rich-text document's text as a screen reader hears
it, the order widgets are seen in, the desktop's wish for reduced motion, and where each
character of a page's text is."""

from __future__ import annotations

from pathlib import Path

from lis_desktop.pdf.page_text import character_box, joined_text, offset_at
from lis_desktop.ui.accessibility import order, plain, system


def test_speakable_text_has_no_layout_characters_and_keeps_positions() -> None:
    # Qt's raw text of a heading, a paragraph with a line break, and a table of two cells.
    raw = (
        "Title\u2029Published 3 December\u2028Last updated\u2029"
        "\ufdd0Black Country \u2014 PDF\ufdd0Humber\u00a0x\ufdd1\ufffc"
    )
    text, positions = plain.speakable(raw)
    assert text == "Title\nPublished 3 December\nLast updated\nBlack Country \u2014 PDF\nHumber x"
    for bad in "\u2028\u2029\ufdd0\ufdd1\ufffc\u00a0":
        assert bad not in text
    assert len(positions) == len(text)
    # every kept character maps back to the same character (or its plain stand-in) in raw
    for offset, position in enumerate(positions):
        if text[offset] not in "\n ":
            assert raw[position] == text[offset]
    humber = text.index("Humber")
    assert plain.text_offset(positions, positions[humber]) == humber


def test_speakable_text_of_nothing_but_markers_is_empty() -> None:
    assert plain.speakable("\ufdd0\u2029\ufdd1\u2029") == ("", [])


def test_visual_order_reads_rows_then_left_to_right() -> None:
    field, toggle, view = (6, 6, 200, 24), (210, 5, 26, 26), (6, 36, 230, 400)
    # the toggle is a pixel higher than the field beside it: it still comes after it
    assert order.visual_order([toggle, view, field]) == [2, 0, 1]


def test_visual_order_of_columns() -> None:
    tree, canvas, pane = (0, 0, 280, 700), (284, 40, 600, 660), (888, 0, 360, 700)
    toolbar = (284, 0, 600, 36)
    boxes = [pane, canvas, toolbar, tree]
    assert [boxes[i] for i in order.visual_order(boxes)] == [tree, toolbar, canvas, pane]


def test_reduced_motion_from_each_desktop(tmp_path: Path) -> None:
    def never(_command: list[str]) -> str:
        return ""

    def gnome_off(command: list[str]) -> str:
        return "false\n" if command[0] == "gsettings" else ""

    empty = tmp_path / "empty"
    empty.mkdir()
    assert not system.reduced_motion_wanted({}, "linux", empty, never)
    assert system.reduced_motion_wanted({}, "linux", empty, gnome_off)
    kde = tmp_path / "kde"
    kde.mkdir()
    (kde / "kdeglobals").write_text("[KDE]\nAnimationDurationFactor=0\n")
    assert system.reduced_motion_wanted({}, "linux", kde, never)
    gtk = tmp_path / "gtk"
    (gtk / "gtk-3.0").mkdir(parents=True)
    (gtk / "gtk-3.0" / "settings.ini").write_text("[Settings]\ngtk-enable-animations=0\n")
    assert system.reduced_motion_wanted({}, "linux", gtk, never)
    (gtk / "gtk-3.0" / "settings.ini").write_text("[Settings]\ngtk-enable-animations=true\n")
    assert not system.reduced_motion_wanted({}, "linux", gtk, never)
    mac = system.reduced_motion_wanted({}, "darwin", empty, lambda _c: "1\n")
    assert mac
    assert system.reduced_motion_wanted({system.ENV: "1"}, "linux", empty, never)
    assert not system.reduced_motion_wanted({system.ENV: "0"}, "linux", kde, never)


def test_broken_desktop_settings_are_no_answer() -> None:
    assert system.from_kdeglobals("[KDE\nAnimationDurationFactor=") is None
    assert system.from_kdeglobals("[KDE]\nAnimationDurationFactor=fast\n") is None
    assert system.from_gtk_settings("no section") is None
    assert system.from_gsettings("") is None


WORDS = [
    (10.0, 10.0, 40.0, 20.0, "Key", 0, 0, 0),
    (45.0, 10.0, 100.0, 20.0, "strengths", 0, 0, 1),
    (10.0, 30.0, 60.0, 40.0, "offshore", 1, 0, 0),
]


def test_each_character_of_the_page_text_has_its_box() -> None:
    text, spans = joined_text(WORDS)
    assert text == "Key strengths\noffshore"
    first = character_box(WORDS, spans, 0)
    assert first == (10.0, 10.0, 20.0, 20.0)  # K: a third of "Key"
    space = character_box(WORDS, spans, 3)
    assert space == (40.0, 10.0, 45.0, 20.0)  # the gap between "Key" and "strengths"
    o = character_box(WORDS, spans, text.index("offshore"))
    assert o is not None
    assert o[1] == 30.0
    assert character_box(WORDS, spans, len(text)) is None


def test_the_character_at_a_point() -> None:
    text, spans = joined_text(WORDS)
    assert text[offset_at(WORDS, spans, 12.0, 15.0)] == "K"
    assert text[offset_at(WORDS, spans, 98.0, 15.0)] == "s"
    assert text[offset_at(WORDS, spans, 58.0, 35.0)] == "e"
    assert offset_at([], [], 1.0, 1.0) == -1
