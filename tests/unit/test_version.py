"""The app's version is the installed package's (what importlib.metadata says), read without
loading importlib.metadata and the email package (~1.3 MB and ~10 ms in every window)."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

import lis_desktop
from lis_desktop import DIST_NAME


def test_the_version_is_the_installed_packages() -> None:
    lis_desktop.version.cache_clear()
    assert lis_desktop.version() == metadata.version(DIST_NAME)
    assert lis_desktop.__version__ == metadata.version(DIST_NAME)


def test_the_version_comes_from_the_first_metadata_on_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    info = tmp_path / "lis_desktop-7.8.9.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: lis-desktop\nVersion: 7.8.9\n\nVersion: 0.0.0 (the body)\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(sys, "path", [str(tmp_path / "missing"), str(tmp_path), *sys.path])
    lis_desktop.version.cache_clear()
    try:
        assert lis_desktop.version() == metadata.version(DIST_NAME) == "7.8.9"
    finally:
        lis_desktop.version.cache_clear()


def test_reading_the_version_loads_neither_importlib_metadata_nor_email() -> None:
    code = (
        "import json, sys, lis_desktop\n"
        "lis_desktop.version()\n"
        "print(json.dumps([m for m in ('importlib.metadata', 'email') if m in sys.modules]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == []
