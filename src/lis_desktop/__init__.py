"""LIS Desktop: a desktop reader for the GOV.UK Local Industrial Strategies story and summaries."""

from __future__ import annotations

import functools

APP_ID = "uk.gov.lisdesktop.LISDesktop"
APP_NAME = "LIS Desktop"
ORG_NAME = "LIS Desktop"
DIST_NAME = "lis-desktop"


@functools.cache
def version() -> str:
    """The installed version; looked up on first use (importlib.metadata costs start-up time)."""
    from importlib import metadata

    try:
        return metadata.version(DIST_NAME)
    except metadata.PackageNotFoundError:  # running from a checkout that was never installed
        return "0.1.0"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
