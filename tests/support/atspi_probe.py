"""Reads the running app through the real Linux accessibility stack, as Orca does: run by the
system Python (`/usr/bin/python3`, which has pyatspi) inside a D-Bus session on an X display.

It starts the accessibility bus, starts the app (the command after `--`), waits until the app's
page text is in the accessible tree, then presses keys through AT-SPI (as a user's keyboard
would: XTest) and records which object takes the focus after each; it prints one JSON object:
the page text, the publication's headings and links, the names of the interactive objects, the
focus after each key press and the announcements heard. It imports nothing of the project.

usage: atspi_probe.py --app-name NAME --words WORD... --keys KEY... [--hear TEXT] -- COMMAND...
KEY: Tab, shift+Tab, F6, shift+F6 (a key press each, after which the focus must move), or
type:TEXT (letters typed where the focus is). --hear waits until TEXT is announced.
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import pyatspi  # type: ignore[import-not-found]
from gi.repository import GLib  # type: ignore[import-not-found]

BUS_LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
KEYSYMS = {"Tab": 0xFF09, "shift+Tab": 0xFE20, "F6": 0xFFC3, "shift+F6": 0xFFC3}
SHIFT_KEYCODE = 50  # Shift_L on an X server's usual keymap (Xvfb's)
INTERACTIVE = {
    "push button", "toggle button", "check box", "radio button", "combo box", "text",
    "entry", "password text", "spin button", "slider", "tree", "tree table", "list", "table",
    "page tab", "link", "document frame", "menu item", "scroll bar",
}  # fmt: skip


class Probe:
    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []
        for kind in ("object:state-changed:focused", "object:announcement"):
            pyatspi.Registry.registerEventListener(self._on_event, kind)

    def _on_event(self, event: Any) -> None:
        try:
            source = describe(event.source)
        except Exception as exc:  # an object gone while the event travelled
            source = {"role": "?", "name": str(exc)}
        data = event.any_data if isinstance(event.any_data, str) else ""
        self.events.append({"type": event.type, "detail1": event.detail1, "data": data, **source})

    def pump(self, seconds: float = 0.0) -> None:
        """Let events arrive (for `seconds`, or just those waiting)."""
        context = GLib.MainContext.default()
        end = time.monotonic() + seconds
        while True:
            while context.iteration(False):
                pass
            if time.monotonic() >= end:
                return
            time.sleep(0.02)

    def wait_until(self, check: Callable[[], Any], timeout: float, what: str) -> Any:
        end = time.monotonic() + timeout
        while True:
            self.pump()
            try:
                result = check()
            except Exception:  # the tree changes while it is read
                result = None
            if result:
                return result
            if time.monotonic() > end:
                raise SystemExit(f"atspi_probe: timed out waiting for {what}")
            time.sleep(0.05)


def describe(acc: Any) -> dict[str, str]:
    """Role, name, and the label a screen reader says first (a "labelled by" relation: how
    AT-SPI names combo boxes, whose name is their value)."""
    label = ""
    for relation in acc.getRelationSet():
        if relation.getRelationType() == pyatspi.RELATION_LABELLED_BY and relation.getNTargets():
            label = relation.getTarget(0).name or ""
            break
    return {"role": acc.getRoleName(), "name": acc.name or "", "label": label}


def walk(acc: Any, depth: int = 0) -> Iterator[Any]:
    yield acc
    if depth > 40:
        return
    for index in range(acc.childCount):
        child = acc.getChildAtIndex(index)
        if child is not None:
            yield from walk(child, depth + 1)


def find_app(name: str) -> Any:
    desktop = pyatspi.Registry.getDesktop(0)
    for index in range(desktop.childCount):
        app = desktop.getChildAtIndex(index)
        if app is not None and app.name == name:
            return app
    return None


def text_of(acc: Any) -> str | None:
    try:
        text = acc.queryText()
    except NotImplementedError:
        return None
    return str(text.getText(0, -1))


def lines_of(acc: Any) -> list[str]:
    """The object's text line by line, as a screen reader's "next line" reads it."""
    text = acc.queryText()
    lines, offset, count = [], 0, text.characterCount
    while offset < count:
        line, _start, end = text.getTextAtOffset(offset, pyatspi.TEXT_BOUNDARY_LINE_START)
        lines.append(line.rstrip("\n"))
        offset = max(end, offset + 1)
    return lines


def page_document(app: Any, words: list[str]) -> Any:
    for acc in walk(app):
        if acc.getRoleName() == "document frame":
            text = text_of(acc) or ""
            if all(word in text for word in words):
                return acc
    return None


def focused(app: Any) -> dict[str, str] | None:
    """The object with the keyboard focus (shown: a closed list keeps a focused item)."""
    for acc in walk(app):
        state = acc.getState()
        if state.contains(pyatspi.STATE_FOCUSED) and state.contains(pyatspi.STATE_SHOWING):
            return describe(acc)
    return None


def focus_x_window(title: str) -> bool:
    """Give the keyboard to the top-level X window whose title (_NET_WM_NAME) holds `title`:
    what a window manager does when a window opens (the test runs none). Xlib through ctypes."""
    x = ctypes.cdll.LoadLibrary(ctypes.util.find_library("X11") or "libX11.so.6")
    p, ulong = ctypes.c_void_p, ctypes.c_ulong
    x.XOpenDisplay.restype = p
    x.XDefaultRootWindow.restype, x.XDefaultRootWindow.argtypes = ulong, [p]
    x.XInternAtom.restype, x.XInternAtom.argtypes = ulong, [p, ctypes.c_char_p, ctypes.c_int]
    x.XQueryTree.argtypes = [p, ulong, p, p, p, p]
    x.XGetWindowProperty.argtypes = [p, ulong, ulong, ctypes.c_long, ctypes.c_long,
                                     ctypes.c_int, ulong, p, p, p, p, p]  # fmt: skip
    x.XSetInputFocus.argtypes = [p, ulong, ctypes.c_int, ulong]
    x.XRaiseWindow.argtypes = [p, ulong]
    x.XFlush.argtypes = x.XCloseDisplay.argtypes = [p]
    x.XFree.argtypes = [p]
    display = x.XOpenDisplay(None)
    if not display:
        return False
    try:
        net_wm_name = x.XInternAtom(display, b"_NET_WM_NAME", 0)
        root, parent = ulong(), ulong()
        children, count = ctypes.POINTER(ulong)(), ctypes.c_uint()
        x.XQueryTree(display, x.XDefaultRootWindow(display), ctypes.byref(root),
                     ctypes.byref(parent), ctypes.byref(children), ctypes.byref(count))  # fmt: skip
        for index in range(count.value):
            window = children[index]
            kind, size, items, after = ulong(), ctypes.c_int(), ulong(), ulong()
            data = ctypes.POINTER(ctypes.c_ubyte)()
            found = x.XGetWindowProperty(
                display, window, net_wm_name, 0, 1024, 0, 0, ctypes.byref(kind),
                ctypes.byref(size), ctypes.byref(items), ctypes.byref(after), ctypes.byref(data),
            ) == 0 and bool(data)  # fmt: skip
            name = bytes(data[: items.value]).decode("utf-8", "replace") if found else ""
            if data:
                x.XFree(data)
            if title in name:
                x.XRaiseWindow(display, window)
                x.XSetInputFocus(display, window, 2, 0)  # RevertToParent, CurrentTime
                x.XFlush(display)
                return True
        return False
    finally:
        x.XCloseDisplay(display)


def type_text(text: str) -> None:
    for char in text:
        pyatspi.Registry.generateKeyboardEvent(ord(char), None, pyatspi.KEY_SYM)


def press(key: str) -> None:
    shift = key.startswith("shift+") and key != "shift+Tab"
    if shift:
        pyatspi.Registry.generateKeyboardEvent(SHIFT_KEYCODE, None, pyatspi.KEY_PRESS)
    pyatspi.Registry.generateKeyboardEvent(KEYSYMS[key], None, pyatspi.KEY_SYM)
    if shift:
        pyatspi.Registry.generateKeyboardEvent(SHIFT_KEYCODE, None, pyatspi.KEY_RELEASE)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--app-name", required=True)
    parser.add_argument("--words", nargs="+", required=True)
    parser.add_argument("--keys", nargs="*", default=[])
    parser.add_argument("--hear", action="append", default=[])
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    bus = subprocess.Popen([BUS_LAUNCHER, "--launch-immediately"])
    env = dict(os.environ, QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1")
    env.pop("QT_QPA_PLATFORM", None)
    app_process = subprocess.Popen(command, env=env)
    try:
        return run(args, app_process)
    finally:
        app_process.terminate()
        try:
            app_process.wait(20)
        except subprocess.TimeoutExpired:
            app_process.kill()
        bus.terminate()
        bus.wait(10)


def run(args: argparse.Namespace, app_process: subprocess.Popen[bytes]) -> int:
    probe = Probe()
    app = probe.wait_until(lambda: find_app(args.app_name), args.timeout, "the app on the bus")
    page = probe.wait_until(
        lambda: page_document(app, args.words), args.timeout, "the page's words"
    )
    frame = next(acc for acc in walk(app) if acc.getRoleName() == "frame")
    probe.wait_until(lambda: focus_x_window(frame.name), args.timeout, "the window on X")
    probe.wait_until(
        lambda: frame.getState().contains(pyatspi.STATE_ACTIVE), args.timeout, "an active window"
    )
    probe.wait_until(  # the page comes first; the rest of the window a moment later
        lambda: any(acc.getRoleName() == "heading" for acc in walk(app)),
        args.timeout,
        "the publication pane's headings",
    )
    result: dict[str, Any] = {
        "page": {**describe(page), "text": text_of(page), "lines": lines_of(page)},
        "start_focus": focused(app),
        "interactive": [
            {**describe(acc), "states": [str(s) for s in acc.getState().getStates()]}
            for acc in walk(app)
            if acc.getRoleName() in INTERACTIVE and acc.getState().contains(pyatspi.STATE_SHOWING)
        ],
        "structure": [
            describe(acc) for acc in walk(app) if acc.getRoleName() in ("heading", "link")
        ],
        "focus_after": [],
    }
    for key in args.keys:
        before = len(probe.events)
        if key.startswith("type:"):
            type_text(key.removeprefix("type:"))
            continue
        press(key)

        def moved(before: int = before) -> dict[str, Any] | None:
            return next(
                (e for e in probe.events[before:]
                 if e["type"] == "object:state-changed:focused" and e["detail1"] == 1),
                None,
            )  # fmt: skip

        event = probe.wait_until(moved, 10, f"the focus to move after {key}")
        said = event.get("label") or event["name"]
        result["focus_after"].append({"key": key, "role": event["role"], "name": said})
    for text in args.hear:
        probe.wait_until(
            lambda text=text: any(
                e["type"] == "object:announcement" and e["data"] == text for e in probe.events
            ),
            15,
            f"the announcement {text!r}",
        )
    result["announcements"] = [
        e["data"] for e in probe.events if e["type"] == "object:announcement"
    ]
    result["app_running"] = app_process.poll() is None
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
