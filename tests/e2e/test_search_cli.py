"""`lis-desktop-cli search` end to end in a subprocess: indexing on demand, JSON, facets, errors."""

from __future__ import annotations

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


@pytest.fixture
def filled_cache(cache_dir: Path, tmp_path: Path) -> Path:
    cache = Cache(cache_dir)
    for region, title, words in [
        ("humber", "Humber", "Offshore wind turbines on the estuary."),
        ("wales", "Wales", "Offshore wind in the Irish Sea and steel manufacturers."),
        ("scotland", "Scotland", "Offshore oil and gas; whisky."),
    ]:
        pdf = make_summary_pdf(tmp_path / f"{region}.pdf", title=title, words=words, body_text="")
        cache.import_pdf(region, pdf)
    cache.close()
    return cache_dir


def test_search_indexes_on_first_use_then_answers_in_json(run_cli: Run, filled_cache: Path) -> None:
    base = ("--cache-dir", str(filled_cache), "search")
    first = run_cli(*base, '"offshore wind"', "--json")
    assert first.returncode == 0, first.stderr
    assert "Indexing 3 summaries" in first.stderr
    rows = json.loads(first.stdout)
    assert {r["region"] for r in rows} == {"humber", "wales"}
    row = next(r for r in rows if r["region"] == "wales")
    assert row["page"] == 1
    assert row["title"] == "Wales"
    start, end = row["highlights"][0]
    assert row["snippet"][start:end] == "Offshore wind"
    second = run_cli(*base, "manufacturing", "--json")
    assert second.returncode == 0, second.stderr
    assert second.stderr == ""  # nothing left to index
    assert [r["region"] for r in json.loads(second.stdout)] == ["wales"]


def test_search_with_facets_and_text_output(run_cli: Run, filled_cache: Path) -> None:
    base = ("--cache-dir", str(filled_cache), "search")
    result = run_cli(*base, "offshore", "--ons-region", "yorkshire & the humber")
    assert result.returncode == 0, result.stderr
    assert "Humber — 1 hit" in result.stdout
    assert "[Offshore]" in result.stdout
    assert "Wales" not in result.stdout
    assert "in Yorkshire and the Humber" in result.stdout
    devolved = run_cli(*base, "offshore -gas", "--body", "devolved", "--json")
    assert [r["region"] for r in json.loads(devolved.stdout)] == ["wales"]
    nothing = run_cli(*base, "whisky", "--nation", "Wales", "--wave", "none", "--json")
    assert json.loads(nothing.stdout) == []


def test_bad_queries_and_facets_are_one_line_errors(run_cli: Run, filled_cache: Path) -> None:
    base = ("--cache-dir", str(filled_cache), "search")
    assert_one_line_error(run_cli(*base, '"offshore wind'), "Malformed query")
    assert_one_line_error(run_cli(*base, "wind OR"), "Malformed query")
    assert_one_line_error(run_cli(*base, ""), "Type a word")
    assert_one_line_error(run_cli(*base, "wind", "--body", "council"), "Unknown body type")
    assert_one_line_error(run_cli(*base, "wind", "--ons-region", "Mars"), "Unknown ONS region")
    assert not (filled_cache / "search.sqlite3").exists()  # nothing was indexed for bad input


def test_search_without_offline_summaries_says_so(run_cli: Run, cache_dir: Path) -> None:
    result = run_cli("--cache-dir", str(cache_dir), "search", "wind", "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout) == []
    assert "No summaries are available offline" in result.stderr


def test_damaged_index_is_rebuilt_by_the_cli(run_cli: Run, filled_cache: Path) -> None:
    base = ("--cache-dir", str(filled_cache), "search", "whisky", "--json")
    assert run_cli(*base).returncode == 0
    (filled_cache / "search.sqlite3").write_bytes(b"not a database" * 1000)
    again = run_cli(*base)
    assert again.returncode == 0, again.stderr
    assert "Indexing 3 summaries" in again.stderr
    assert [r["region"] for r in json.loads(again.stdout)] == ["scotland"]
