"""Export failures: a clear typed error, no file left behind, nothing else changed.

Tests run as root in CI, where chmod cannot make a folder read-only, so an unwritable folder
and a full disk are simulated by making the write itself fail with the errno the OS gives.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from lis_desktop.content.cache import Cache
from lis_desktop.content.library import Library
from lis_desktop.errors import (
    ExportCancelledError,
    ExportError,
    ExportExistsError,
    ExportWriteError,
    NotOfflineError,
)
from lis_desktop.export.exporter import Exporter, ExportFormat, ExportRequest
from support.pdfs import region_summaries, stock_cache

STOCKED = ["black-country", "wales"]
ALL_FORMATS = [f.value for f in ExportFormat]


@pytest.fixture(scope="module")
def summaries(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return region_summaries(tmp_path_factory.mktemp("summaries"), STOCKED, image=False)


@pytest.fixture
def library(cache_dir: Path, summaries: dict[str, Path]) -> Iterator[Library]:
    stock_cache(cache_dir, summaries)
    cache = Cache(cache_dir)
    yield Library.load(cache)
    cache.close()


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def request(ids: list[str], fmt: str, target: Path, **kw: object) -> ExportRequest:
    return ExportRequest(tuple(ids), ExportFormat(fmt), target, **kw)  # type: ignore[arg-type]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden temporary files included) with its content."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def fail_with(code: int) -> object:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    return refuse


@pytest.mark.parametrize("fmt", ALL_FORMATS)
@pytest.mark.parametrize(
    ("code", "message"), [(errno.EACCES, "read-only"), (errno.EROFS, "read-only")]
)
def test_read_only_folder_leaves_nothing(
    library: Library,
    out: Path,
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
    code: int,
    message: str,
) -> None:
    monkeypatch.setattr("lis_desktop.atomic.tempfile.mkstemp", fail_with(code))
    with pytest.raises(ExportWriteError, match=message) as caught:
        Exporter(library).export(request(STOCKED, fmt, out / "briefing"))
    assert "nothing was exported" in str(caught.value)
    assert snapshot(out) == {}
    assert list(out.iterdir()) == []  # not even the folder for several files


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_full_disk_leaves_nothing(
    library: Library, out: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    monkeypatch.setattr("lis_desktop.atomic.os.fsync", fail_with(errno.ENOSPC))
    with pytest.raises(ExportWriteError, match="is full"):
        Exporter(library).export(request(["wales"], fmt, out))
    assert snapshot(out) == {}


def test_disk_full_on_the_last_file_removes_the_first_ones(
    library: Library, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_replace = os.replace
    calls: list[str] = []

    def replace_then_fail(src: str, dst: str) -> None:
        calls.append(str(dst))
        if len(calls) == 4:  # two files and two sidecars: the last one fails
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr("lis_desktop.atomic.os.replace", replace_then_fail)
    with pytest.raises(ExportWriteError, match="is full"):
        Exporter(library).export(request(STOCKED, "txt", out))
    assert len(calls) == 4
    assert snapshot(out) == {}


def test_failed_overwrite_puts_the_old_files_back(
    library: Library, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exporter = Exporter(library)
    exporter.export(request(STOCKED, "md", out))
    before = snapshot(out)
    (out / "notes.txt").write_text("mine")
    real_replace = os.replace
    moved: list[str] = []

    def replace_then_fail(src: str, dst: str) -> None:
        moved.append(str(dst))
        if len(moved) == 6:  # well into the commit: some files were already replaced
            raise OSError(errno.EIO, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr("lis_desktop.atomic.os.replace", replace_then_fail)
    with pytest.raises(ExportWriteError, match="Input/output error"):
        exporter.export(request(STOCKED, "md", out, force=True))
    after = snapshot(out)
    assert after.pop("notes.txt") == b"mine"
    assert after == before


def test_existing_file_is_an_error_unless_force(library: Library, out: Path) -> None:
    target = out / "wales.pdf"
    target.write_bytes(b"an older briefing")
    exporter = Exporter(library)
    with pytest.raises(ExportExistsError, match="already exists"):
        exporter.export(request(["wales"], "pdf", target))
    assert snapshot(out) == {"wales.pdf": b"an older briefing"}
    exporter.export(request(["wales"], "pdf", target, force=True))
    assert target.read_bytes() == (library.pdf_path("wales") or Path()).read_bytes()


def test_existing_sidecar_alone_also_needs_force(library: Library, out: Path) -> None:
    (out / "w.txt.provenance.json").write_text("{}")
    with pytest.raises(ExportExistsError, match=r"w\.txt\.provenance\.json"):
        Exporter(library).export(request(["wales"], "txt", out / "w.txt"))
    assert snapshot(out) == {"w.txt.provenance.json": b"{}"}


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_region_not_offline_leaves_nothing(library: Library, out: Path, fmt: str) -> None:
    with pytest.raises(NotOfflineError, match="London is not available offline"):
        Exporter(library).export(request(["wales", "london"], fmt, out / "new-folder"))
    assert list(out.iterdir()) == []


def test_summary_changed_on_disk_is_not_exported(library: Library, out: Path) -> None:
    cached = library.pdf_path("wales")
    assert cached is not None
    with cached.open("r+b") as f:
        f.seek(300)
        f.write(b"XXXX")
    with pytest.raises(ExportError, match="changed on disk"):
        Exporter(library).export(request(["wales"], "pdf", out))
    assert snapshot(out) == {}


def test_cancel_leaves_nothing(library: Library, out: Path) -> None:
    seen: list[int] = []
    with pytest.raises(ExportCancelledError):
        Exporter(library).export(
            request(STOCKED, "png", out, dpi=96),
            progress=lambda done, total: seen.append(done),
            cancelled=lambda: len(seen) >= 1,
        )
    assert seen == [0]
    assert snapshot(out) == {}


def test_several_regions_need_a_folder_not_a_file(library: Library, out: Path) -> None:
    (out / "a-file.pdf").write_bytes(b"x")
    with pytest.raises(ExportError, match="choose a folder"):
        Exporter(library).export(request(STOCKED, "pdf", out / "a-file.pdf"))


def test_missing_folder_for_one_file(library: Library, out: Path) -> None:
    with pytest.raises(ExportWriteError, match="does not exist"):
        Exporter(library).export(request(["wales"], "pdf", out / "no" / "such" / "w.pdf"))
    assert list(out.iterdir()) == []
