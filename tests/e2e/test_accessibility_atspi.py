"""The real app through the real Linux accessibility stack (AT-SPI, which Orca reads), on an X
server of its own: the page's words are in the accessible tree and read line by line, the
publication's headings and links have their roles, the controls shown are named, Tab and F6
move the focus in the order things are seen, and status changes are announced.

It needs Xvfb, D-Bus (dbus-run-session), AT-SPI (at-spi2-core) and pyatspi for the system
Python (python3-pyatspi): scripts/test installs them on Debian and Ubuntu."""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lis_desktop.content.cache import Cache
from support.pdfs import make_summary_pdf

PROBE = Path(__file__).resolve().parents[1] / "support" / "atspi_probe.py"
SRC = Path(__file__).resolve().parents[2] / "src"
SYSTEM_PYTHON = "/usr/bin/python3"
BUS_LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
WORDS = "offshore wind and advanced ceramics"


def missing_tools() -> list[str]:
    missing = [tool for tool in ("Xvfb", "dbus-run-session") if shutil.which(tool) is None]
    if not Path(BUS_LAUNCHER).exists():
        missing.append(f"{BUS_LAUNCHER} (at-spi2-core)")
    has_pyatspi = (
        Path(SYSTEM_PYTHON).exists()
        and subprocess.run(
            [SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True, check=False
        ).returncode
        == 0
    )
    if not has_pyatspi:
        missing.append("pyatspi for /usr/bin/python3 (python3-pyatspi)")
    return missing


@pytest.fixture
def display() -> Iterator[str]:
    """An X server of the test's own (Xvfb picks a free display number and says which)."""
    missing = missing_tools()
    assert not missing, f"install {', '.join(missing)} (scripts/test does, on Debian)"
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1400x900x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        ready, _, _ = select.select([read], [], [], 30)
        assert ready, "Xvfb did not start"
        number = os.read(read, 64).decode().strip()
        assert number.isdigit(), f"Xvfb said {number!r}"
        yield f":{number}"
    finally:
        os.close(read)
        server.terminate()
        server.wait(10)


def probe(display: str, cache_dir: Path, keys: list[str], hear: list[str]) -> dict[str, Any]:
    env = dict(os.environ, DISPLAY=display)
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), env.get("PYTHONPATH", "")])
    env.pop("QT_QPA_PLATFORM", None)
    for name in ("DBUS_SESSION_BUS_ADDRESS", "AT_SPI_BUS_ADDRESS"):
        env.pop(name, None)  # the session of its own that dbus-run-session makes
    app = [sys.executable, "-m", "lis_desktop", "--cache-dir", str(cache_dir), "--offline"]
    command = [
        "dbus-run-session", "--", SYSTEM_PYTHON, str(PROBE), "--app-name", "LIS Desktop",
        "--words", *WORDS.split(), "--keys", *keys,
        *[arg for text in hear for arg in ("--hear", text)],
        "--", *app, "--region", "black-country",
    ]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=240)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    why = f"probe failed:\n{done.stdout}\n{done.stderr[-3000:]}"
    assert done.returncode == 0, why
    assert lines, why
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def test_a_screen_reader_reads_the_page_and_walks_the_window_by_keyboard(
    display: str, cache_dir: Path, tmp_path: Path
) -> None:
    cache = Cache(cache_dir)
    cache.import_pdf("black-country", make_summary_pdf(tmp_path / "bc.pdf", words=WORDS))
    cache.close()
    keys = ["Tab"] * 7 + ["F6", "F6", "F6", "shift+F6", "shift+Tab", "shift+Tab", "shift+Tab"]
    keys.append("type:humb")  # in the filter box
    result = probe(display, cache_dir, keys, hear=["Showing 1 of 41"])
    assert result["app_running"]

    page = result["page"]
    assert page["role"] == "document frame"
    assert page["name"] == "Black Country summary"
    assert page["lines"][:2] == ["Industrial Strategy", "Black Country"]
    assert "Key strengths" in page["lines"]
    assert WORDS in page["lines"]  # a line of the page, as "next line" reads it

    structure = result["structure"]
    headings = [s["name"] for s in structure if s["role"] == "heading"]
    links = [s["name"] for s in structure if s["role"] == "link"]
    assert "Updates to this page" in headings
    assert "Industrial Strategy: local summaries" in headings
    assert "Black Country" in links
    assert len(links) >= 43

    unnamed = [i for i in result["interactive"] if not (i["label"] or i["name"]).strip()]
    assert not unnamed, unnamed
    combos = [i for i in result["interactive"] if i["role"] == "combo box"]
    assert combos
    assert all(i["label"] for i in combos), combos  # named by what it is, not its value

    walked = [(step["key"], step["role"], step["name"]) for step in result["focus_after"]]
    assert walked == [
        ("Tab", "document frame", "Publication"),
        ("Tab", "text", "Filter regions"),
        ("Tab", "push button", "Facets"),
        ("Tab", "check box", "Search Text"),
        ("Tab", "tree", "Regions"),
        ("Tab", "combo box", "Zoom"),  # its label; its name is its value, "75%"
        ("Tab", "document frame", "Black Country summary"),
        ("F6", "document frame", "Publication"),
        ("F6", "tree", "Regions"),
        ("F6", "document frame", "Black Country summary"),
        ("shift+F6", "tree", "Regions"),
        ("shift+Tab", "check box", "Search Text"),
        ("shift+Tab", "push button", "Facets"),
        ("shift+Tab", "text", "Filter regions"),
    ]
    assert "Showing 1 of 41" in result["announcements"]  # what typing in the filter left
