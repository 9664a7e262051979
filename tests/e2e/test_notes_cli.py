"""lis-desktop-cli notes end to end in a subprocess: add, list (text and JSON), remove, export
as Markdown and CSV with a provenance sidecar, `export --with-notes` written as PDF highlights
while a plain copy stays byte-identical; one-line errors for what cannot be done."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pymupdf
import pytest
from test_cli import assert_one_line_error

from lis_desktop.content.cache import sha256_file
from support.pdfs import region_summaries, stock_cache

Run = Callable[..., CompletedProcess[str]]

pytestmark = pytest.mark.e2e

KEYS = {"id", "region", "page", "quote", "note", "created", "updated", "status"}


@pytest.fixture
def base(cache_dir: Path, tmp_path: Path) -> list[str]:
    stock_cache(cache_dir, region_summaries(tmp_path / "src", ["wales", "black-country"]))
    return ["--cache-dir", str(cache_dir)]


def listed(run_cli: Run, base: list[str], *args: str) -> list[dict[str, object]]:
    result = run_cli(*base, "notes", "list", *args, "--json")
    assert result.returncode == 0, result.stderr
    rows: list[dict[str, object]] = json.loads(result.stdout)
    return rows


def test_add_list_and_remove_notes(run_cli: Run, base: list[str]) -> None:
    result = run_cli(
        *base, "notes", "add", "wales", "--quote", "Unique words for WALES", "--note",
        "Compare with Scotland", "--page", "1",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Added note 1 to Wales, page 1: “Unique words for wales”")
    result = run_cli(*base, "notes", "add", "black-country", "--quote", "offshore wind")
    assert result.returncode == 0, result.stderr

    rows = listed(run_cli, base)
    assert [set(row) >= KEYS for row in rows] == [True, True]
    [black_country, wales] = rows  # by region id
    assert wales["id"] == 1
    assert (wales["region"], wales["page"], wales["quote"]) == (
        "wales",
        1,
        "Unique words for wales",
    )
    assert (wales["note"], wales["status"]) == ("Compare with Scotland", "anchored")
    assert str(wales["created"]).endswith("+00:00")
    assert (black_country["quote"], black_country["note"]) == ("offshore wind", "")
    assert [row["id"] for row in listed(run_cli, base, "wales")] == [1]

    text = run_cli(*base, "notes", "list")
    assert text.returncode == 0
    assert "  [1] page 1: “Unique words for wales” — Compare with Scotland" in text.stdout
    assert text.stdout.strip().endswith("2 notes on 2 summaries.")

    result = run_cli(*base, "notes", "remove", "1")
    assert result.returncode == 0, result.stderr
    assert [row["region"] for row in listed(run_cli, base)] == ["black-country"]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["add", "wales", "--quote", "nuclear fusion"], "“nuclear fusion” is not in the summary"),
        (["add", "scotland", "--quote", "whisky"], "Scotland is not available offline"),
        (["add", "wales", "--quote", "wales", "--page", "2"], "has 1 page: there is no page 2"),
        (["add", "atlantis", "--quote", "x"], "Unknown region 'atlantis'"),
        (["add", "wales"], "the following arguments are required: --quote"),
        (["remove", "99"], "There is no note 99"),
        (["export", "-o", "notes.txt"], "Markdown (.md) or CSV (.csv)"),
    ],
)
def test_what_cannot_be_done_gets_one_clear_line(
    run_cli: Run, base: list[str], args: list[str], needle: str
) -> None:
    assert_one_line_error(run_cli(*base, "notes", *args), needle)
    assert listed(run_cli, base) == []


def test_export_notes_as_markdown_and_csv_with_provenance(
    run_cli: Run, base: list[str], tmp_path: Path
) -> None:
    for region, quote in (("wales", "offshore wind"), ("black-country", "offshore wind")):
        result = run_cli(*base, "notes", "add", region, "--quote", quote, "--note", f"On {region}")
        assert result.returncode == 0, result.stderr
    markdown, table = tmp_path / "notes.md", tmp_path / "notes.csv"
    for target in (markdown, table):
        result = run_cli(*base, "notes", "export", "-o", str(target))
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines()[0] == str(target)
    text = markdown.read_text(encoding="utf-8")
    assert text.index("## Black Country") < text.index("## Wales")
    assert "> offshore wind\n\nOn wales" in text
    with table.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["region"], r["quote"], r["note"]) for r in rows] == [
        ("black-country", "offshore wind", "On black-country"),
        ("wales", "offshore wind", "On wales"),
    ]
    side = json.loads(Path(f"{table}.provenance.json").read_text(encoding="utf-8"))
    assert side["format"] == "notes-csv"
    assert {s["region"] for s in side["sources"]} == {"wales", "black-country"}
    assert all(len(s["source_sha256"]) == 64 for s in side["sources"])
    assert_one_line_error(run_cli(*base, "notes", "export", "-o", str(markdown)), "already exists")


def test_export_with_notes_writes_highlights_and_a_plain_copy_stays_identical(
    run_cli: Run, base: list[str], tmp_path: Path, cache_dir: Path
) -> None:
    result = run_cli(
        *base, "notes", "add", "wales", "--quote", "offshore wind", "--note", "Celtic Sea"
    )
    assert result.returncode == 0, result.stderr
    plain, annotated = tmp_path / "plain.pdf", tmp_path / "annotated.pdf"
    result = run_cli(*base, "export", "wales", "--format", "pdf", "-o", str(plain))
    assert result.returncode == 0, result.stderr
    [cached] = (cache_dir / "summaries").glob("wales*.pdf")
    assert plain.read_bytes() == cached.read_bytes()
    result = run_cli(
        *base, "export", "wales", "--format", "pdf", "--with-notes", "-o", str(annotated)
    )
    assert result.returncode == 0, result.stderr
    doc = pymupdf.open(annotated)
    page = doc[0]
    assert [(a.type[1], a.info["content"]) for a in page.annots()] == [("Highlight", "Celtic Sea")]
    doc.close()
    assert sha256_file(cached) == sha256_file(plain)  # the cache is untouched
    assert_one_line_error(
        run_cli(*base, "export", "wales", "--format", "png", "--with-notes", "-o", str(tmp_path)),
        "PDF, merged PDF and Markdown only",
    )
