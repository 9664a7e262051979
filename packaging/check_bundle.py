"""Check a built bundle the way a user would meet it, and print its size.

    python packaging/check_bundle.py BUNDLE [--window] [--screenshot PNG] [--archive FILE]

BUNDLE is dist/lis-desktop (Linux, Windows) or "dist/LIS Desktop.app" (macOS). Always: runs the
bundle's `--self-test` and prints its line. With --window (Linux): starts the bundle under its own
Xvfb server, waits for the `window_shown` trace line, finds the window with xwininfo and checks its
WM_CLASS against the .desktop file's StartupWMClass. Exit status 0 only when every check passed.
"""

from __future__ import annotations

import argparse
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DESKTOP_FILE = ROOT / "packaging" / "linux" / "uk.gov.lisdesktop.LISDesktop.desktop"
WINDOW_TIMEOUT_S = 90.0
WINDOW_LINE = re.compile(r'^\s+(0x[0-9a-f]+) "([^"]*LIS Desktop[^"]*)".*?(\d+x\d+)', re.M)


class CheckFailed(Exception):
    pass


def executable(bundle: Path) -> Path:
    if bundle.suffix == ".app":
        return bundle / "Contents" / "MacOS" / "lis-desktop"
    return bundle / ("lis-desktop.exe" if sys.platform == "win32" else "lis-desktop")


def isolated_env(home: Path) -> dict[str, str]:
    """The bundle runs as a fresh user: nothing read from or written to the real profile."""
    home.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    for var in ("PYTHONPATH", "PYTHONHOME", "QT_PLUGIN_PATH", "LD_LIBRARY_PATH"):
        env.pop(var, None)  # a frozen app must not need (or be confused by) the build's settings
    env.update(
        HOME=str(home),
        USERPROFILE=str(home),
        APPDATA=str(home / "AppData" / "Roaming"),
        LOCALAPPDATA=str(home / "AppData" / "Local"),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
        LIS_DESKTOP_CACHE_DIR=str(home / "lis-cache"),
    )
    return env


def self_test(exe: Path, home: Path) -> str:
    report = home / "self-test.txt"
    proc = subprocess.run(
        [str(exe), "--self-test", "--self-test-report", str(report)],
        capture_output=True,
        text=True,
        env=isolated_env(home),
        timeout=300,
        check=False,
    )
    line = proc.stdout.strip() or (report.read_text("utf-8").strip() if report.exists() else "")
    if proc.returncode != 0 or "self-test OK" not in line:
        detail = (proc.stderr.strip() or line or "no output")[-2000:]
        raise CheckFailed(f"--self-test exited {proc.returncode}: {detail}")
    return line


def window_check(exe: Path, home: Path, screenshot: Path | None) -> str:
    for tool in ("Xvfb", "xwininfo", "xprop"):
        if not shutil.which(tool):
            raise CheckFailed(f"'{tool}' is missing (Debian: xvfb, x11-utils)")
    xvfb, display = start_xvfb()
    app: subprocess.Popen[str] | None = None
    try:
        env = isolated_env(home)
        env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", LIS_DESKTOP_TRACE="1")
        env.pop("WAYLAND_DISPLAY", None)
        app = subprocess.Popen(
            [str(exe)], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env
        )
        lines = _lines(app)
        shown_ms = wait_for_trace(app, lines, "window_shown")
        window_id, title, geometry = find_window(display)
        wm_class = window_class(display, window_id)
        expected = startup_wm_class()
        if expected not in wm_class:
            raise CheckFailed(f"WM_CLASS {wm_class} does not match StartupWMClass={expected!r}")
        if screenshot:
            save_screenshot(display, window_id, screenshot)
        return f"window '{title}' {geometry} shown at {shown_ms} ms, WM_CLASS {wm_class}"
    finally:
        if app is not None:
            stop(app)
        stop(xvfb)


def save_screenshot(display: str, window_id: str, target: Path) -> None:
    """Once the window has painted (its pixels are not all black), save the whole screen."""
    if not shutil.which("import"):
        raise CheckFailed("'import' is missing (Debian: imagemagick)")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        grey = subprocess.run(
            ["import", "-display", display, "-window", window_id, "-depth", "8", "gray:-"],
            capture_output=True,
            check=False,
            timeout=60,
        ).stdout
        if grey.strip(b"\0"):
            break
        time.sleep(0.2)  # an external X server: nothing to wait on but its pixels
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["import", "-display", display, "-window", "root", str(target)], check=True, timeout=60
    )


def start_xvfb() -> tuple[subprocess.Popen[str], str]:
    """An Xvfb on the first free display number (it tells us which through -displayfd)."""
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1440x900x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    if not number.isdigit():
        stop(xvfb)
        raise CheckFailed("Xvfb did not start")
    return xvfb, f":{number}"


def _lines(proc: subprocess.Popen[str]) -> queue.Queue[str | None]:
    """The process's stderr lines, read on a thread so that waiting can time out."""
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return lines


def wait_for_trace(proc: subprocess.Popen[str], lines: queue.Queue[str | None], event: str) -> int:
    deadline = time.monotonic() + WINDOW_TIMEOUT_S
    seen: list[str] = []
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            break
        if line is None:
            raise CheckFailed(f"the app exited ({proc.wait()}) first: {''.join(seen)[-2000:]}")
        seen.append(line)
        match = re.search(rf'"event": "{event}".*?"ms": (\d+)', line)
        if match:
            return int(match.group(1))
    raise CheckFailed(f"no '{event}' trace line within {WINDOW_TIMEOUT_S:.0f} s")


def find_window(display: str) -> tuple[str, str, str]:
    """The mapped top-level window titled '… LIS Desktop …': (id, title, WxH)."""
    deadline = time.monotonic() + 20
    while True:
        tree = subprocess.run(
            ["xwininfo", "-display", display, "-root", "-tree"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        for match in re.finditer(
            r'^\s+(0x[0-9a-f]+) "([^"]*LIS Desktop[^"]*)".*?(\d+x\d+)', tree, re.M
        ):
            window_id, title, geometry = match.groups()
            width, height = (int(v) for v in geometry.split("x"))
            if width >= 200 and height >= 200:
                return window_id, title, geometry
        if time.monotonic() > deadline:
            raise CheckFailed("no window titled 'LIS Desktop' in xwininfo -root -tree")
        time.sleep(0.2)  # polling an external X server: there is no event to wait on


def window_class(display: str, window_id: str) -> str:
    out = subprocess.run(
        ["xprop", "-display", display, "-id", window_id, "WM_CLASS"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return out.split("=", 1)[-1].strip()


def startup_wm_class() -> str:
    for line in DESKTOP_FILE.read_text(encoding="utf-8").splitlines():
        if line.startswith("StartupWMClass="):
            return line.split("=", 1)[1].strip()
    raise CheckFailed(f"{DESKTOP_FILE.name} has no StartupWMClass")


def stop(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def tree_size(path: Path) -> int:
    """Bytes of every file under path (symbolic links counted as links, not followed)."""
    total = 0
    for folder, _dirs, files in os.walk(path):
        for name in files:
            total += os.lstat(os.path.join(folder, name)).st_size
    return total


def describe_size(label: str, size: int) -> str:
    return f"{label}: {size / 2**20:.1f} MiB ({size / 1e6:.1f} MB)"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--window", action="store_true", help="Linux: show it under Xvfb")
    parser.add_argument("--screenshot", type=Path, help="with --window: save the screen here")
    parser.add_argument("--archive", type=Path, help="also print this archive's size")
    args = parser.parse_args(argv)
    exe = executable(args.bundle)
    if not exe.is_file():
        print(f"check_bundle: no executable at {exe}", file=sys.stderr)
        return 1
    try:
        with tempfile.TemporaryDirectory(prefix="lis-check-") as tmp:
            print(f"self-test: {self_test(exe, Path(tmp) / 'selftest-home')}")
            if args.window:
                print(f"window: {window_check(exe, Path(tmp) / 'window-home', args.screenshot)}")
    except (CheckFailed, subprocess.TimeoutExpired, OSError) as exc:
        print(f"check_bundle: FAILED: {exc}", file=sys.stderr)
        return 1
    print(describe_size("bundle size unpacked", tree_size(args.bundle)))
    if args.archive:
        print(describe_size(f"archive {args.archive.name}", args.archive.stat().st_size))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
