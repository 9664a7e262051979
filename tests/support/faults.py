"""Real faults for the hostile-world tests (loaded by conftest as a plugin): a small tmpfs that
fills up, a read-only bind mount, a process killed with SIGKILL, and a bounded wait.

Mounting needs root (CI runs as root); elsewhere the tests that need it are skipped with the
reason. Every mount is unmounted when its test ends, whatever happened."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest


def _mount(*args: str) -> None:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a file system needs root (CI runs the tests as root)")
    result = subprocess.run(["mount", *args], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        pytest.skip(f"cannot mount here: {result.stderr.strip()}")


def _unmount(target: Path) -> None:
    subprocess.run(["umount", "-l", str(target)], capture_output=True, check=False)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Callable[[int], Path]]:
    """`small_disk(kib)`: a fresh folder on a tmpfs of that size (a disk that fills up)."""
    mounted: list[Path] = []

    def make(kib: int) -> Path:
        target = tmp_path / f"disk{len(mounted)}"
        target.mkdir()
        _mount("-t", "tmpfs", "-o", f"size={kib}k,mode=0755", "tmpfs", str(target))
        mounted.append(target)
        return target

    try:
        yield make
    finally:
        for target in reversed(mounted):
            _unmount(target)


@pytest.fixture
def read_only_view(tmp_path: Path) -> Iterator[Callable[[Path], Path]]:
    """`read_only_view(folder)`: the same folder seen through a read-only bind mount."""
    mounted: list[Path] = []

    def make(source: Path) -> Path:
        target = tmp_path / f"read-only{len(mounted)}"
        target.mkdir()
        _mount("--bind", str(source), str(target))
        mounted.append(target)
        _mount("-o", "remount,bind,ro", str(target))
        return target

    try:
        yield make
    finally:
        for target in reversed(mounted):
            _unmount(target)


def wait_for(condition: Callable[[], object], timeout: float = 60.0) -> None:
    """Poll `condition` until it is true (bounded); for things outside Qt, like files another
    process writes."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {condition}")
        time.sleep(0.005)


def integrity_ok(database: Path) -> bool:
    with sqlite3.connect(database) as db:
        return db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
