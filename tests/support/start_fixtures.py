"""Fixtures for the tests of the app's start (a pytest plugin, see tests/conftest.py): two
summaries, and the app's services over an offline cache stocked with them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from lis_desktop.app import root as app
from support.gui import TWO_REGIONS, offline_services
from support.pdfs import region_summaries


@pytest.fixture(scope="module")
def two_summaries(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return region_summaries(tmp_path_factory.mktemp("summaries"), list(TWO_REGIONS))


@pytest.fixture
def two_region_services(tmp_path: Path, two_summaries: dict[str, Path]) -> Iterator[app.Services]:
    with offline_services(tmp_path / "cache", two_summaries) as services:
        yield services
