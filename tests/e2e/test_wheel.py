"""`pip install .` gives a working app: the wheel carries the bundled snapshot and icons inside the
package, declares both commands, and the CLI runs from it without the source checkout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (built,) = out.glob("lis_desktop-*.whl")
    return built


def test_wheel_declares_the_gui_and_console_commands(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        text = archive.read(entry_points).decode()
    assert "[gui_scripts]\nlis-desktop = lis_desktop.app.entry:main" in text
    assert "[console_scripts]\nlis-desktop-cli = lis_desktop.cli:main" in text
    assert "lis_desktop/_resources/regions.json" in names
    assert "lis_desktop/_resources/publication.json" in names
    assert "lis_desktop/_resources/icons/lis-desktop.svg" in names
    assert "lis_desktop/_resources/map/lep2018_uk.geojson" in names
    assert "lis_desktop/_resources/map/areas.packed" in names
    assert "lis_desktop/_resources/map/README.md" in names  # its licence and provenance


def test_cli_runs_from_the_unpacked_wheel_anywhere(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    elsewhere = tmp_path / "elsewhere"  # not the checkout: resources must come from the package
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site), "LIS_DESKTOP_CACHE_DIR": str(tmp_path / "c")}
    result = subprocess.run(
        [sys.executable, "-m", "lis_desktop.cli", "publication", "--json"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    publication = json.loads(result.stdout)
    assert publication["updated"] == "2018-12-06"
    assert len(publication["attachments"]) == 41
    imported = subprocess.run(
        [sys.executable, "-c", "import lis_desktop.resources as r; print(r.resource_root())"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert str(site) in imported.stdout
