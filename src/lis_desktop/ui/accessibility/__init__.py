"""Accessibility beyond what Qt gives by itself: what a screen reader (AT-SPI on Linux, UI
Automation, VoiceOver) learns of the panes, and what a keyboard alone can do.

- `text`: accessible interfaces written in Python for widgets whose text Qt cannot see (the
  painted pages, the publication's headings and links), and the factory that hands them to Qt.
- `document`: a rich-text browser (the publication pane) browsed by keyboard: one Tab stop whose
  links the arrow keys reach; `document_tree`: what a screen reader reads of it (its text, its
  headings and links), loaded when one first asks.
- `announce`: announcements (status bar messages, find counts, sync progress), throttled.
- `names`: names Qt leaves out (a toolbar's overflow button, combo boxes on Linux, shortcuts in
  toolbar tooltips).
- `focus`: the focus ring drawn round whichever widget has the keyboard focus.
- `panes`: F6 / Shift+F6 from pane to pane, Tab in the order the widgets are seen, and the pane
  dividers moved from the keyboard.
- `motion`: Qt's animations off when the desktop asks for reduced motion.
- Qt-free, tested without a widget: `plain` (a rich-text document's text as a screen reader
  should hear it), `order` (the visual order of widgets), `system` (the desktop's wish for
  reduced motion).
"""
