"""lis-desktop-cli export end to end in a subprocess: files written, one-line errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pypdf
import pytest
from test_cli import assert_one_line_error

from lis_desktop.content.cache import sha256_file
from support.pdfs import region_summaries, stock_cache

Run = Callable[..., CompletedProcess[str]]

pytestmark = pytest.mark.e2e


@pytest.fixture
def stocked(cache_dir: Path, tmp_path: Path) -> list[str]:
    base = ["--cache-dir", str(cache_dir)]
    stock_cache(cache_dir, region_summaries(tmp_path / "src", ["wales", "black-country"]))
    return base


def test_export_pdf_copy_and_merged_pdf(run_cli: Run, stocked: list[str], tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    result = run_cli(*stocked, "export", "black-country", "--format", "pdf", "-o", str(out))
    assert result.returncode == 0, result.stderr
    copy = out / "Black Country — Industrial Strategy local summary.pdf"
    assert result.stdout.splitlines()[0] == str(copy)
    assert sha256_file(copy) == sha256_file(tmp_path / "src" / "black-country.pdf")
    assert json.loads((out / f"{copy.name}.provenance.json").read_text())["region"] == (
        "black-country"
    )

    merged = out / "both.pdf"
    result = run_cli(
        *stocked, "export", "wales", "black-country", "--format", "merged-pdf",
        "-o", str(merged), "--cover",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    reader = pypdf.PdfReader(merged)
    assert len(reader.pages) == 3
    assert [getattr(item, "title", None) for item in reader.outline] == [
        "England",
        None,
        "Wales",
        None,
    ]


def test_export_png_to_a_new_folder(run_cli: Run, stocked: list[str], tmp_path: Path) -> None:
    folder = tmp_path / "pngs"
    result = run_cli(
        *stocked, "export", "wales", "black-country", "--format", "png", "--dpi", "96",
        "-o", str(folder),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Exported 2 files" in result.stdout
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "Black Country — Industrial Strategy local summary.png",
        "Black Country — Industrial Strategy local summary.png.provenance.json",
        "Wales — Industrial Strategy local summary.png",
        "Wales — Industrial Strategy local summary.png.provenance.json",
    ]


def test_export_errors_are_one_line(run_cli: Run, stocked: list[str], tmp_path: Path) -> None:
    target = tmp_path / "w.txt"
    target.write_text("keep me")

    def export(*args: str) -> CompletedProcess[str]:
        return run_cli(*stocked, "export", *args)

    assert_one_line_error(export("wales", "--format", "txt", "-o", str(target)), "--force")
    assert target.read_text() == "keep me"
    assert_one_line_error(
        export("london", "--format", "pdf", "-o", str(tmp_path)), "not available offline"
    )
    assert_one_line_error(
        export("wales", "--format", "txt", "--dpi", "96", "-o", str(tmp_path)), "--dpi"
    )
    assert_one_line_error(export("wales", "--format", "pdf", "--cover", "-o", "x"), "--cover")
    assert_one_line_error(export("atlantis", "--format", "pdf", "-o", "x"), "Unknown region")
    assert_one_line_error(export("wales", "--format", "docx", "-o", "x"), "invalid choice")
    assert_one_line_error(export("wales", "--format", "md"), "-o")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "src", "w.txt"]

    result = export("wales", "--format", "txt", "-o", str(target), "--force")
    assert result.returncode == 0, result.stderr
    assert "Unique words for wales" in target.read_text()
