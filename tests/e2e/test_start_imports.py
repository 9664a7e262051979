"""What the window's process loads to start: not PyMuPDF (the PDF host process has it, and reads
the summaries' text for the search index there too), nor httpx and the TLS stack (loaded by the
first sync), nor pypdf (the first export), nor OpenSSL (hashlib's `_hashlib`: the offline check
after start hashes with CPython's own SHA-256), nor importlib.metadata and email (the version is
read from the package's metadata file), nor QtNetwork (the single-instance socket is Python's).
Each costs start-up time and megabytes the user pays for in every window."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from support.app_process import app_env, trace
from support.pdfs import make_summary_pdf

A = "greater-manchester"
HEAVY = (
    "pymupdf",
    "fitz",
    "httpx",
    "ssl",
    "pypdf",
    "truststore",
    "_hashlib",
    "importlib.metadata",
    "email",
    "PySide6.QtNetwork",  # the single-instance socket is Python's (Linux, macOS)
)

STARTED = f"""
import json, sys
from lis_desktop.app import entry
status = entry.main(sys.argv[1:])
print(json.dumps({{"status": status, "loaded": [m for m in {HEAVY!r} if m in sys.modules]}}))
"""

SOURCES = """
import json, linecache, sys
from lis_desktop.app import entry
status = entry.main(sys.argv[1:])
marks = sys.modules["shibokensupport.feature"].pyside_feature_dict  # PySide6's own record
print(json.dumps({"status": status, "kept": [f for f in linecache.cache if "lis_desktop" in f],
                  "window": marks.get("lis_desktop.ui.main_window"),
                  "cache": marks.get("lis_desktop.content.cache")}))
"""

INDEXED = """
import json, sys
from pathlib import Path
from lis_desktop.content.cache import Cache
from lis_desktop.content.snapshot import load_regions
from lis_desktop.search.index import SearchIndex, sources_from_cache, update_index
cache = Cache(Path(sys.argv[1]))
index = SearchIndex.for_cache(cache, load_regions())
update_index(index, sources_from_cache(cache))
before = "pymupdf" in sys.modules
del sys.modules["pymupdf"]
report = update_index(index, sources_from_cache(cache))  # all indexed already: nothing to do
print(json.dumps({"first": before, "again": "pymupdf" in sys.modules,
                  "indexed": report.indexed}))
"""


@pytest.fixture
def imported(run_cli: Any, tmp_path: Path) -> None:
    pdf = make_summary_pdf(tmp_path / f"{A}.pdf", title="Greater Manchester")
    result = run_cli("import", str(pdf), "--region", A)
    assert result.returncode == 0, result.stderr


def run_python(code: str, *args: str, **env: str) -> dict[str, Any]:
    return run_traced(code, *args, **env)[0]


def run_traced(code: str, *args: str, **env: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """What `code` printed last (JSON), and the app's trace."""
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=app_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    value: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return value, trace(result.stderr)


@pytest.mark.usefixtures("imported")
def test_the_window_starts_without_pymupdf_httpx_or_pypdf() -> None:
    # the start is over (features in) once the page is painted and the app quits (having
    # waited for the offline check it started)
    found = run_python(STARTED, "--region", A, LIS_DESKTOP_EXIT_AFTER="page_rendered")
    assert found["status"] == 0
    assert found["loaded"] == []


@pytest.mark.usefixtures("imported")
def test_the_window_indexes_summaries_for_search_without_pymupdf() -> None:
    # the imported summary is not indexed yet: the window's first indexing pass reads its text
    # in the PDF host's process, and the app quits once that pass is over
    found, events = run_traced(STARTED, "--region", A, LIS_DESKTOP_EXIT_AFTER="search_indexed")
    assert (found["status"], found["loaded"]) == (0, [])
    (indexed,) = [e for e in events if e["event"] == "search_indexed"]
    assert (indexed["indexed"], indexed["failed"]) == (1, [])
    from lis_desktop import paths
    from lis_desktop.content.cache import Cache
    from lis_desktop.content.snapshot import load_regions
    from lis_desktop.search.index import SearchIndex

    cache = Cache(paths.cache_dir(None))  # the test session's own (see conftest)
    index = SearchIndex.for_cache(cache, load_regions())
    try:
        searched = index.search('"Greater Manchester"')  # what the window's pass stored
    finally:
        index.close()
        cache.close()
    assert searched.complete
    assert [group.region for group in searched.regions] == [A]


@pytest.mark.usefixtures("imported")
def test_the_window_keeps_no_source_text_of_its_modules() -> None:
    # PySide6 would read each module's source and keep it (~7 MB for the window's modules)
    found = run_python(SOURCES, "--region", A, LIS_DESKTOP_EXIT_AFTER="features_installed")
    assert found["status"] == 0
    assert found["kept"] == []
    # and PySide6 still knows which modules use it (0) and which do not (-1)
    assert (found["window"], found["cache"]) == (0, -1)


@pytest.mark.usefixtures("imported")
def test_the_search_index_loads_pymupdf_only_when_a_summary_needs_indexing(
    tmp_path: Path,
) -> None:
    from lis_desktop import paths

    cache_dir = paths.cache_dir(None)  # the test session's own (see conftest)
    found = run_python(INDEXED, str(cache_dir))
    assert found["first"] is True  # the new summary was read with PyMuPDF
    assert found["again"] is False
    assert found["indexed"] == []
