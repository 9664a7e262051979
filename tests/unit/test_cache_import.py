"""Importing a PDF into the offline cache: checked, atomic, nothing stored on failure."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from lis_desktop.content.cache import Cache, sha256_file
from lis_desktop.domain import Offline
from lis_desktop.errors import CacheError, InvalidPdfError
from support.pdfs import make_zero_page_pdf


def cache_files(root: Path) -> list[str]:
    folder = root / "summaries"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_good_pdf_is_imported_and_available(cache_dir: Path, summary_pdf: Path) -> None:
    cache = Cache(cache_dir)
    record = cache.import_pdf("black-country", summary_pdf)
    assert record.pages == 1
    assert record.status is Offline.AVAILABLE
    path = cache.pdf_path("black-country")
    assert path is not None
    assert sha256_file(path) == sha256_file(summary_pdf) == record.sha256
    assert cache.available_count() == 1
    assert cache_files(cache_dir) == ["black-country.pdf"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"<html><body>Not found</body></html>", "is not a PDF"),
        (b"%PDF-1.7\n this is not really a pdf at all", "damaged"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_stored(
    cache_dir: Path, tmp_path: Path, content: bytes, message: str
) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(content)
    cache = Cache(cache_dir)
    with pytest.raises(InvalidPdfError, match=message):
        cache.import_pdf("black-country", bad)
    assert cache.pdf_path("black-country") is None
    assert cache_files(cache_dir) == []


def test_zero_page_pdf_is_refused(cache_dir: Path, tmp_path: Path) -> None:
    cache = Cache(cache_dir)
    with pytest.raises(InvalidPdfError, match="no pages"):
        cache.import_pdf("wales", make_zero_page_pdf(tmp_path / "zero.pdf"))
    assert cache_files(cache_dir) == []


def test_failed_import_keeps_the_previous_good_copy(
    cache_dir: Path, summary_pdf: Path, tmp_path: Path
) -> None:
    cache = Cache(cache_dir)
    good = cache.import_pdf("black-country", summary_pdf)
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf")
    with pytest.raises(InvalidPdfError):
        cache.import_pdf("black-country", bad)
    path = cache.pdf_path("black-country")
    assert path is not None
    assert sha256_file(path) == good.sha256


@pytest.mark.parametrize(
    ("err", "message"), [(errno.EROFS, "read-only"), (errno.ENOSPC, "is full")]
)
def test_unwritable_cache_gives_a_clear_error_and_keeps_the_old_copy(
    cache_dir: Path, summary_pdf: Path, monkeypatch: pytest.MonkeyPatch, err: int, message: str
) -> None:
    cache = Cache(cache_dir)
    good = cache.import_pdf("black-country", summary_pdf)

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(err, os.strerror(err))

    monkeypatch.setattr("lis_desktop.atomic.os.replace", refuse)
    with pytest.raises(CacheError, match=message):
        cache.import_pdf("black-country", summary_pdf)
    assert cache_files(cache_dir) == ["black-country.pdf"]
    path = cache.pdf_path("black-country")
    assert path is not None
    assert sha256_file(path) == good.sha256


def test_verify_marks_a_changed_file_corrupt(cache_dir: Path, summary_pdf: Path) -> None:
    cache = Cache(cache_dir)
    cache.import_pdf("black-country", summary_pdf)
    path = cache.pdf_path("black-country")
    assert path is not None
    with path.open("r+b") as f:
        f.seek(200)
        f.write(b"XXXX")
    assert cache.verify() == ["black-country"]
    assert cache.pdf_path("black-country") is None
    assert Cache(cache_dir).statuses()["black-country"] is Offline.CORRUPT
