"""lis-desktop-cli end to end in a subprocess: output shapes and the one-line error promise."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from support.cli import assert_one_line_error
from support.pdfs import make_zero_page_pdf

Run = Callable[..., CompletedProcess[str]]

pytestmark = pytest.mark.e2e


def test_regions_json_lists_41_with_offline_false(run_cli: Run, cache_dir: Path) -> None:
    result = run_cli("--cache-dir", str(cache_dir), "regions", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == 41
    first = rows[0]
    assert set(first) >= {"id", "title", "nation", "body", "wave", "ons_regions", "offline"}
    assert first["id"] == "black-country"
    assert first["offline"] is False
    assert all(isinstance(r["offline"], bool) for r in rows)


def test_regions_filter(run_cli: Run, cache_dir: Path) -> None:
    result = run_cli("--cache-dir", str(cache_dir), "regions", "--filter", "cheshire and", "--json")
    assert [r["id"] for r in json.loads(result.stdout)] == ["cheshire-warrington"]
    text = run_cli("--cache-dir", str(cache_dir), "regions", "--filter", "north")
    assert "Showing 3 of 41" in text.stdout


def test_publication_json(run_cli: Run) -> None:
    result = run_cli("publication", "--json")
    assert result.returncode == 0, result.stderr
    pub = json.loads(result.stdout)
    assert pub["published"] == "2018-12-03"
    assert pub["updated"] == "2018-12-06"
    assert [h["note"] for h in pub["history"]] == [
        "Industrial Strategy local summaries added.",
        "First published.",
    ]
    assert "Greg Clark" in pub["body_text"]
    assert len(pub["attachments"]) == 41
    assert pub["attachments"][0] == {
        "title": "Black Country",
        "region": "black-country",
        "size": 298 * 1024,
        "size_text": "298KB",
        "pages": 1,
        "url": None,
        "removed": False,
    }


def test_import_then_regions_shows_offline(
    run_cli: Run, cache_dir: Path, summary_pdf: Path
) -> None:
    result = run_cli("--cache-dir", str(cache_dir), "import", str(summary_pdf), "--region", "wales")
    assert result.returncode == 0, result.stderr
    assert "Wales" in result.stdout
    rows = json.loads(run_cli("--cache-dir", str(cache_dir), "regions", "--json").stdout)
    assert [r["id"] for r in rows if r["offline"]] == ["wales"]


def test_environment_variable_chooses_the_cache(
    run_cli: Run, tmp_path: Path, summary_pdf: Path
) -> None:
    env_cache = tmp_path / "from-env"
    result = run_cli(
        "import",
        str(summary_pdf),
        "--region",
        "wales",
        env={"LIS_DESKTOP_CACHE_DIR": str(env_cache)},
    )
    assert result.returncode == 0, result.stderr
    assert (env_cache / "summaries" / "wales.pdf").is_file()


def test_import_errors_are_one_line(run_cli: Run, cache_dir: Path, tmp_path: Path) -> None:
    base = ["--cache-dir", str(cache_dir)]
    text_file = tmp_path / "notes.pdf"
    text_file.write_text("meeting notes")
    assert_one_line_error(
        run_cli(*base, "import", str(text_file), "--region", "wales"), "not a PDF"
    )
    zero = make_zero_page_pdf(tmp_path / "zero.pdf")
    assert_one_line_error(run_cli(*base, "import", str(zero), "--region", "wales"), "no pages")
    missing = tmp_path / "missing.pdf"
    assert_one_line_error(
        run_cli(*base, "import", str(missing), "--region", "wales"), "missing.pdf"
    )
    assert_one_line_error(
        run_cli(*base, "import", str(text_file), "--region", "atlantis"), "Unknown region"
    )
    assert not list(cache_dir.glob("summaries/*"))


def test_usage_errors_are_one_line(run_cli: Run) -> None:
    assert_one_line_error(run_cli("frobnicate"), "invalid choice")
    assert_one_line_error(run_cli("import"), "required")
    assert_one_line_error(run_cli("regions", "--bogus"), "unrecognized arguments")


def test_unusable_cache_dir_is_one_line(run_cli: Run, tmp_path: Path, summary_pdf: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")
    result = run_cli(
        "--cache-dir", str(blocker / "cache"), "import", str(summary_pdf), "--region", "wales"
    )
    assert_one_line_error(result, "cache")
