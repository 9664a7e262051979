"""LIS Desktop: a desktop reader for the GOV.UK Local Industrial Strategies story and summaries.

Packages, top layer first (import-linter's contracts in pyproject.toml keep the arrows pointing
down, and everything below `ui` free of Qt):
- `app/`: start-up: the composition root, runtime set-up, single instance, self-test.
  `cli`: lis-desktop-cli, the same services without a window.
- `ui/`: the main window and one package per pane (regions, viewer, search, matrix, map, sync,
  export, notes).
- `tasks`, `settings`: the only Qt glue below the UI (the one way off the GUI thread; typed
  settings).
- `search/`: full-text search over the summaries, and the theme matrix's counts. `export/`:
  exports for briefings.
- `content/`: the story and its offline store: GOV.UK client and parser, snapshot, cache, sync.
  `geo/`: the map's geometry (the bundled areas, projection, fitting, hit-testing, colours).
- `pdf/`: the PDF engine: PyMuPDF in the PDF host process (or in this one), page text, night
  colours.
- `domain`, `errors`, `paths`, `resources`, `atomic`, `digests`, `trace`: the model and the
  plumbing.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

APP_ID = "uk.gov.lisdesktop.LISDesktop"
APP_NAME = "LIS Desktop"
ORG_NAME = "LIS Desktop"
DIST_NAME = "lis-desktop"


@functools.cache
def version() -> str:
    """The installed version; looked up on first use. Read from the installed package's
    metadata file where importlib.metadata would find it first (on sys.path), without loading
    importlib.metadata and the email package (~1.3 MB in the window, ~10 ms); that does the
    lookup when there is no such file."""
    found = _version_on_path()
    if found:
        return found
    from importlib import metadata

    try:
        return metadata.version(DIST_NAME)
    except metadata.PackageNotFoundError:  # running from a checkout that was never installed
        return "0.1.0"


def _version_on_path() -> str | None:
    pattern = DIST_NAME.replace("-", "_") + "-*.dist-info"
    for entry in sys.path:
        try:
            infos = sorted(Path(entry or ".").glob(pattern))
        except OSError:
            continue
        for info in infos:
            try:
                with (info / "METADATA").open(encoding="utf-8") as f:
                    for line in f:
                        if not line.strip():
                            break  # the headers end here
                        if line.startswith("Version:"):
                            return line.removeprefix("Version:").strip() or None
            except OSError:
                continue
    return None


def __getattr__(name: str) -> str:
    if name == "__version__":
        return version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
