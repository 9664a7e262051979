"""Start-up as a user sees it: exec to the first page's pixels on screen, and memory after start.

Makes a black test PDF (one A4 page, solid black with a line of white text) and an offline cache
with it imported as Black Country, then, under one Xvfb and interleaved (the shared measuring
tool `../shared/bench/paint_time.py`, which reads the screen until the black page shows):

- `bare`: the floor, `../shared/bench/bare_viewer.py` (PySide6 + PyMuPDF, page 1 in a QLabel);
- `lis-file`: `lis-desktop black.pdf`, a file read once before (its first page and the window's
  look kept);
- `lis-new-file`: `lis-desktop` on a copy of it made just before, a file never read before;
- `lis-region`: `lis-desktop --region black-country` (a summary from the offline cache);
- `lis-last`: `lis-desktop` reopening the region read last;
- `evince` (when installed), as a peer.

Prints each median and its ratio to the bare viewer (goal <= 1.25x for the app), then the RSS of
each program's whole process group a few seconds after its page is on screen, and its ratio to
the bare viewer's (goal <= 1.5x). Every run of the app uses a private home folder (settings,
logs, the single-instance lock), so no run sees another's window.

    .venv/bin/python benchmarks/startup_paint.py [--runs 7] [--memory-runs 3]
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "bench"
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
SETTLE_S = 4.0  # memory is read this long after the page is on screen


def load_paint_time() -> ModuleType:
    spec = importlib.util.spec_from_file_location("paint_time", BENCH / "paint_time.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {BENCH / 'paint_time.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_black_pdf(path: Path) -> Path:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.draw_rect(page.rect, color=(0, 0, 0), fill=(0, 0, 0))
    page.insert_text((60, 80), "Black Country — start-up test page", fontsize=14, color=(1, 1, 1))
    doc.save(path)
    doc.close()
    return path


def prepare(paint_time: ModuleType, folder: Path) -> tuple[Path, Path, dict[str, str]]:
    """The PDF, a cache with it imported for black-country, and the app's private environment
    (its last region already read once, so that a plain start reopens it)."""
    pdf = make_black_pdf(folder / "black.pdf")
    cache = folder / "cache"
    home = folder / "home"
    env = dict(os.environ, HOME=str(home), XDG_CONFIG_HOME=str(home / "config"))
    env.update(XDG_DATA_HOME=str(home / "data"), XDG_STATE_HOME=str(home / "state"))
    env.update(XDG_CACHE_HOME=str(home / "cache"), XDG_RUNTIME_DIR=str(home / "runtime"))
    for sub in ("config", "data", "state", "cache", "runtime"):
        (home / sub).mkdir(parents=True, mode=0o700)
    env.pop("QT_QPA_PLATFORM", None)
    env.pop("LIS_DESKTOP_TRACE", None)
    # Compiled once, as an installed app is (pip compiles at install, the bundle ships .pyc):
    # a checkout run with PYTHONDONTWRITEBYTECODE would compile every module at each start.
    subprocess.run([str(VENV_PYTHON), "-m", "compileall", "-q", str(ROOT / "src")], check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    cli = [str(VENV_PYTHON), "-m", "lis_desktop.cli", "--cache-dir", str(cache)]
    subprocess.run([*cli, "import", str(pdf), "--region", "black-country"], env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    # Each read once and closed, on a screen of the measuring tool's size, as a user's last
    # session was on their screen (the window's look is kept for that size): the last one is
    # what `lis` reopens.
    app = [str(VENV_PYTHON), "-m", "lis_desktop", "--cache-dir", str(cache)]
    with screen_session(paint_time, env) as run_env:
        read_once = dict(run_env, LIS_DESKTOP_EXIT_AFTER="features_installed")
        for launch in ([str(pdf)], ["--region", "black-country"]):
            subprocess.run([*app, *launch], env=read_once, check=True, timeout=120,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    return pdf, cache, env


def programs(cache: Path) -> list[tuple[str, str]]:
    python = shlex.quote(str(VENV_PYTHON))
    app = f"{python} -m lis_desktop --cache-dir {shlex.quote(str(cache))}"
    bare = shlex.quote(str(BENCH / "bare_viewer.py"))
    listed = [
        ("bare", f"{python} {bare} {{pdf}}"),
        ("lis-file", f"{app} {{pdf}}"),
        ("lis-new-file", f"sh -c 'copy=$(mktemp -p {shlex.quote(str(cache.parent))} "
                         f"--suffix=.pdf) && cp \"$0\" \"$copy\" && exec {app} \"$copy\"' "
                         "{pdf}"),
        ("lis-region", f"{app} --region black-country"),
        ("lis-last", app),
    ]  # fmt: skip
    if shutil.which("evince"):
        listed.append(("evince", "evince {pdf}"))
    return listed


def group_rss_kib(pgid: int) -> tuple[int, int]:
    """Total resident memory (KiB) and count of the processes in process group `pgid`."""
    total = count = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            status = (stat.parent / "status").read_text()
        except OSError:
            continue
        if int(fields[2]) != pgid:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
                count += 1
    return total, count


def memory_once(cmd: str, env: dict[str, str], screen: object, timeout: float) -> tuple[int, int]:
    process = subprocess.Popen(shlex.split(cmd), env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
    start = time.perf_counter()
    try:
        while time.perf_counter() - start < timeout:
            if screen.black_fraction() >= 0.04:  # type: ignore[attr-defined]
                break
            time.sleep(0.01)
        time.sleep(SETTLE_S)
        return group_rss_kib(process.pid)
    finally:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(process.pid, sig)
                process.wait(5)
                break
            except ProcessLookupError:
                break
            except subprocess.TimeoutExpired:
                continue
        process.wait()
        while screen.black_fraction() >= 0.01:  # type: ignore[attr-defined]
            time.sleep(0.01)


@contextlib.contextmanager
def screen_session(paint_time: ModuleType, env: dict[str, str]) -> Iterator[dict[str, str]]:
    """An Xvfb of the measuring tool's screen size and a D-Bus session: `env` for them."""
    read, write = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{paint_time.W}x{paint_time.H}x24",
         "-nolisten", "tcp", "-wr"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        pass_fds=(write,),
    )  # fmt: skip
    os.close(write)
    display = ":" + os.read(read, 16).decode().strip()
    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    assert bus.stdout is not None
    try:
        yield dict(env, DISPLAY=display, DBUS_SESSION_BUS_ADDRESS=bus.stdout.readline().strip())
    finally:
        xvfb.terminate()
        xvfb.wait()
        bus.terminate()
        bus.wait()


def measure_memory(
    paint_time: ModuleType, progs: list[tuple[str, str]], pdf: Path, env: dict[str, str], runs: int
) -> dict[str, list[tuple[int, int]]]:
    found: dict[str, list[tuple[int, int]]] = {name: [] for name, _ in progs}
    with screen_session(paint_time, env) as run_env:
        screen = paint_time.Screen(run_env["DISPLAY"])
        for _ in range(runs):
            for name, cmd in progs:
                found[name].append(memory_once(cmd.replace("{pdf}", shlex.quote(str(pdf))),
                                               run_env, screen, 20.0))  # fmt: skip
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--memory-runs", type=int, default=3)
    args = parser.parse_args()
    if not (BENCH / "paint_time.py").is_file():
        raise SystemExit(f"the measuring tool is missing: {BENCH / 'paint_time.py'}")
    paint_time = load_paint_time()
    with tempfile.TemporaryDirectory(prefix="lis-startup-paint-") as tmp:
        pdf, cache, env = prepare(paint_time, Path(tmp))
        progs = programs(cache)
        print(f"== exec -> first page on screen ({args.runs} runs, interleaved, medians)")
        command = [sys.executable, str(BENCH / "paint_time.py"), "--runs", str(args.runs),
                   "--pdf", str(pdf), "--", *(f"{n}={c}" for n, c in progs)]  # fmt: skip
        subprocess.run(command, env=env, check=True)
        print("   goal: the app (lis-*) <= 1.25x bare")
        print(f"== memory: RSS of the process group {SETTLE_S:.0f} s after the page shows "
              f"({args.memory_runs} runs, medians)")  # fmt: skip
        memory = measure_memory(paint_time, progs, pdf, env, args.memory_runs)
        base = statistics.median(kib for kib, _ in memory["bare"])
        for name, _ in progs:
            kib = statistics.median(k for k, _ in memory[name])
            count = max(c for _, c in memory[name])
            print(f"   {name:<12} {kib / 1024:7.1f} MB in {count} process(es)  "
                  f"ratio {kib / base:5.2f}x")  # fmt: skip
        print("   goal: the app <= 1.5x bare")
    return 0


if __name__ == "__main__":
    sys.exit(main())
