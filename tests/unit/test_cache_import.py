"""Importing a PDF into the offline cache: checked, atomic, nothing stored on failure."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
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


@pytest.mark.parametrize("gently", [False, True])
def test_verify_keeps_intact_files_and_marks_changed_ones(
    cache_dir: Path, summary_pdf: Path, tmp_path: Path, gently: bool
) -> None:
    # gently: the window's check after start (builtin SHA-256, against the same records)
    cache = Cache(cache_dir)
    cache.import_pdf("black-country", summary_pdf)
    other = tmp_path / "other.pdf"
    other.write_bytes(summary_pdf.read_bytes())
    cache.import_pdf("cornwall-isles-of-scilly", other)
    assert cache.verify(gently=gently) == []
    path = cache.pdf_path("cornwall-isles-of-scilly")
    assert path is not None
    with path.open("r+b") as f:
        f.seek(200)
        f.write(b"XXXX")
    assert cache.verify(gently=gently) == ["cornwall-isles-of-scilly"]
    assert cache.pdf_path("black-country") is not None


def test_an_import_made_while_a_download_is_adopted_stays_in_use(
    cache_dir: Path, summary_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process (the CLI) imports the user's PDF for a region just as a sync adopts
    GOV.UK's copy of it: the import is what is in use afterwards, GOV.UK's kept beside it."""
    from lis_desktop.content import cache as cache_module
    from support.pdfs import make_summary_pdf

    syncing, importing = Cache(cache_dir), Cache(cache_dir)  # two connections, two processes
    downloaded = syncing.temp_file("wales")
    downloaded.write_bytes(make_summary_pdf(tmp_path / "govuk.pdf", title="Wales").read_bytes())
    real_inspect = cache_module.inspect_pdf

    def inspect_while_the_user_imports(path: Path) -> object:
        if path == downloaded:
            importing.import_pdf("wales", summary_pdf)  # lands during the adoption
        return real_inspect(path)

    monkeypatch.setattr(cache_module, "inspect_pdf", inspect_while_the_user_imports)
    syncing.adopt_download("wales", downloaded, url="https://x/wales.pdf", etag=None,
                           last_modified=None)  # fmt: skip
    fresh = Cache(cache_dir)
    record, kept = fresh.record("wales"), fresh.kept_copy("wales")
    assert record is not None
    assert record.source == "import"
    assert record.sha256 == sha256_file(summary_pdf)
    assert kept is not None
    assert kept.source == "sync"
    for cache in (syncing, importing, fresh):
        cache.close()


def test_a_read_only_cache_made_by_the_previous_version_is_read(
    cache_dir: Path,
    summary_pdf: Path,
    read_only_view: Callable[[Path], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A cache on read-only media written by the previous version (one migration less) is read
    as it is: its summaries are there, and nothing is written to it."""
    from lis_desktop.content import cache as cache_module

    with monkeypatch.context() as patch:
        patch.setattr(cache_module, "MIGRATIONS", cache_module.MIGRATIONS[:-1])
        older = Cache(cache_dir)
        older.import_pdf("wales", summary_pdf)
        older.close()
    before = sorted((p.name, p.stat().st_mtime_ns) for p in cache_dir.rglob("*"))
    cache = Cache(read_only_view(cache_dir))
    record = cache.record("wales")
    assert record is not None
    assert record.sha256 == sha256_file(summary_pdf)
    assert cache.pdf_path("wales") is not None
    with pytest.raises(CacheError, match="read-only"):
        cache.import_pdf("scotland", summary_pdf)
    cache.close()
    assert sorted((p.name, p.stat().st_mtime_ns) for p in cache_dir.rglob("*")) == before
