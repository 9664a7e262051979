"""LIS Desktop: a desktop reader for the GOV.UK Local Industrial Strategies story and summaries."""

from __future__ import annotations

from importlib import metadata

APP_ID = "uk.gov.lisdesktop.LISDesktop"
APP_NAME = "LIS Desktop"
ORG_NAME = "LIS Desktop"
DIST_NAME = "lis-desktop"


def _version() -> str:
    try:
        return metadata.version(DIST_NAME)
    except metadata.PackageNotFoundError:  # running from a checkout that was never installed
        return "0.1.0"


__version__ = _version()
