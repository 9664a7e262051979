"""Test-wide fixtures: offscreen Qt, and no test ever touches the real cache, settings or logs.

The tests come in three tiers, by folder: `unit/` (Qt-free: the model, the offline store, sync,
search, export, the PDF engine), `widget/` (pytest-qt, offscreen: windows, panes, the viewer) and
`e2e/` (the real app, CLI, wheel and bundle in subprocesses; marked `e2e` here)."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from support.pdfs import make_summary_pdf
from support.processes import pdf_host_processes, stop_test_engines

SRC = Path(__file__).resolve().parents[1] / "src"

pytest_plugins = [
    "support.govuk_fixtures",
    "support.faults",
    "support.accessibility",
    "support.start_fixtures",
]
E2E = Path(__file__).resolve().parent / "e2e"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything under e2e/ is an end-to-end test (`-m "not e2e"` runs the fast tiers only)."""
    for item in items:
        if E2E in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(autouse=True, scope="session")
def _no_garbage_collection_on_workers() -> Iterator[None]:
    """As the app does (tasks.GuiThreadGarbageCollector): Python's cycle collector must not run
    on a worker thread, where it could destroy Qt objects the GUI thread is using. Automatic
    collection is off; each test's garbage is collected on the main thread when it ends."""
    gc.disable()
    yield
    gc.enable()


@pytest.fixture(autouse=True)
def _no_pdf_host_left_behind() -> Iterator[None]:
    """Every test ends with no PDF host process of this run alive (or unreaped: a zombie) and
    no page buffer file: whoever made an engine stops it (the app when it quits, the tests' windows
    here), and one dropped without that ends its process when it is collected."""
    yield
    stop_test_engines()  # the engines of windows made by tests, as the app stops its own
    gc.collect()
    leftovers = pdf_host_processes()
    assert not leftovers, f"PDF host processes left running: {leftovers}"
    runtime = Path(os.environ["XDG_RUNTIME_DIR"])
    assert not list(runtime.rglob("pdf-host-*.buf")), "page buffer files left behind"


@pytest.fixture(autouse=True)
def _collect_garbage_on_the_main_thread() -> Iterator[None]:
    yield
    gc.collect()


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point every per-user folder (data, config, logs, cache) at a fresh temporary folder."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_RUNTIME_DIR", "runtime"),
    ):
        (home / sub).mkdir(mode=0o700)
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("LIS_DESKTOP_CACHE_DIR", str(home / "lis-cache"))
    monkeypatch.delenv("LIS_DESKTOP_TRACE", raising=False)


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    path = tmp_path / "cache"
    path.mkdir()
    return path


@pytest.fixture
def summary_pdf(tmp_path: Path) -> Path:
    return make_summary_pdf(
        tmp_path / "black-country.pdf", words="offshore wind and advanced ceramics"
    )


@pytest.fixture
def run_cli() -> object:
    """Run lis-desktop-cli in a subprocess, as a user or a script would."""

    def run(
        *args: str, env: dict[str, str] | None = None, timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        full_env = dict(os.environ)
        full_env["PYTHONPATH"] = os.pathsep.join([str(SRC), full_env.get("PYTHONPATH", "")])
        full_env.update(env or {})
        return subprocess.run(
            [sys.executable, "-m", "lis_desktop.cli", *args],
            capture_output=True,
            text=True,
            env=full_env,
            timeout=timeout,
            check=False,
        )

    return run
