"""What an export killed mid-write leaves behind, and its removal: light enough for the app's
start-up check (the exporter itself loads PyMuPDF and pypdf)."""

from __future__ import annotations

import re
from pathlib import Path

from lis_desktop.atomic import STALE_PART_SECONDS, remove_stale_parts

STALE_PART = re.compile(r"^\..+\.(?:pdf|png|txt|md|provenance\.json)\.[a-z0-9_]{8}\.part$")


def remove_stale_export_parts(folder: Path) -> int:
    """Delete the temporary files an export killed mid-write left in `folder` (our names only,
    untouched for STALE_PART_SECONDS: a running export's are younger)."""
    return remove_stale_parts(folder, STALE_PART, STALE_PART_SECONDS)
