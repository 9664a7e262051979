"""pytest fixtures for the local GOV.UK stand-in (loaded by conftest as a plugin)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from lis_desktop.content import snapshot
from support.govuk_server import GovukServer
from support.pdfs import summary_pdf_bytes


@pytest.fixture(scope="session")
def summary_pdfs() -> dict[str, bytes]:
    """The 41 summaries as GOV.UK would serve them, generated once per test session."""
    return {
        r.id: summary_pdf_bytes(r.title, words=f"{r.title} local summary")
        for r in snapshot.load_regions()
    }


@pytest.fixture
def govuk_server(summary_pdfs: dict[str, bytes]) -> Iterator[GovukServer]:
    server = GovukServer(dict(summary_pdfs), snapshot.load_regions()).start()
    try:
        yield server
    finally:
        server.stop()
