"""`lis-desktop-cli matrix` end to end in a subprocess: the JSON shape (nine presets first, then
added columns; null where a summary is not offline), CSV, the text table, and bad columns."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from lis_desktop.content.cache import Cache
from support.cli import assert_one_line_error
from support.pdfs import make_summary_pdf

Run = Callable[..., CompletedProcess[str]]

pytestmark = pytest.mark.e2e

PRESET_IDS = [
    "ideas",
    "people",
    "infrastructure",
    "business-environment",
    "places",
    "ai-data-economy",
    "clean-growth",
    "future-of-mobility",
    "ageing-society",
]


@pytest.fixture
def filled_cache(cache_dir: Path, tmp_path: Path) -> Path:
    cache = Cache(cache_dir)
    for region, title, words in [
        ("humber", "Humber", "Clean growth, clean growth and clean growth; hydrogen hubs."),
        ("wales", "Wales", "Steel and fuel cells; innovation in research."),
    ]:
        pdf = make_summary_pdf(tmp_path / f"{region}.pdf", title=title, words=words, body_text="")
        cache.import_pdf(region, pdf)
    cache.close()
    return cache_dir


def test_matrix_json_has_the_presets_then_added_columns_and_nulls(
    run_cli: Run, filled_cache: Path
) -> None:
    result = run_cli(
        "--cache-dir",
        str(filled_cache),
        "matrix",
        "--column",
        'Hydrogen=hydrogen OR "fuel cells"',
        "--column",
        "Steel=steel",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [c["id"] for c in data["columns"]] == [*PRESET_IDS, "hydrogen", "steel"]
    for column in data["columns"]:
        assert set(column) >= {"id", "label", "query"}
    assert data["columns"][9] == {
        "id": "hydrogen",
        "label": "Hydrogen",
        "query": 'hydrogen OR "fuel cells"',
        "preset": False,
    }
    rows = {row["region"]: row for row in data["rows"]}
    assert len(rows) == 41
    assert rows["humber"]["counts"]["clean-growth"] == 3
    assert rows["humber"]["counts"]["hydrogen"] == 1
    assert rows["wales"]["counts"]["hydrogen"] == 1
    assert rows["wales"]["counts"]["ideas"] == 2
    assert rows["wales"]["counts"]["steel"] == 1
    assert set(rows["cumbria"]["counts"]) == {c["id"] for c in data["columns"]}
    assert all(value is None for value in rows["cumbria"]["counts"].values())
    assert all(isinstance(v, int) for v in rows["humber"]["counts"].values())


def test_matrix_csv_and_text(run_cli: Run, filled_cache: Path) -> None:
    base = ("--cache-dir", str(filled_cache), "matrix")
    result = run_cli(*base, "--csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    humber = next(r for r in rows if r["region"] == "humber")
    assert humber["Clean growth"] == "3"
    assert next(r for r in rows if r["region"] == "cumbria")["status"] == "not offline"
    text = run_cli(*base)
    assert text.returncode == 0, text.stderr
    assert '[7] Clean growth: "clean growth" OR' in text.stdout
    cumbria = next(line for line in text.stdout.splitlines() if line.startswith("Cumbria "))
    assert cumbria.split() == ["Cumbria", "not", "offline"]
    assert "2 summaries counted of 41." in text.stdout


@pytest.mark.parametrize(
    ("column", "needle"),
    [
        ("Hydrogen=hydrogen OR", "Column 'Hydrogen': Malformed query: 'OR' needs a word"),
        ('Quote="open', "Column 'Quote': Malformed query: a quotation mark"),
        ("no-equals", "write it as LABEL=QUERY"),
        ("Empty=", "Column 'Empty' has no query"),
    ],
)
def test_a_bad_column_is_one_line_naming_it(
    run_cli: Run, filled_cache: Path, column: str, needle: str
) -> None:
    result = run_cli("--cache-dir", str(filled_cache), "matrix", "--column", column)
    assert_one_line_error(result, needle)
    assert result.stdout == ""


def test_json_and_csv_together_are_refused(run_cli: Run, filled_cache: Path) -> None:
    result = run_cli("--cache-dir", str(filled_cache), "matrix", "--json", "--csv")
    assert_one_line_error(result, "not allowed with argument")


def test_an_empty_cache_says_so_and_gives_nulls(run_cli: Run, cache_dir: Path) -> None:
    result = run_cli("--cache-dir", str(cache_dir), "matrix", "--json")
    assert result.returncode == 0
    assert "No summaries are available offline" in result.stderr
    rows = json.loads(result.stdout)["rows"]
    assert all(v is None for row in rows for v in row["counts"].values())
