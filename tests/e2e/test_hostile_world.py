"""The CLI against a hostile world, each with the real fault: a disk that fills up (a small
tmpfs), a read-only cache (a read-only bind mount), responses that are not the story, a huge
attachment list, deep JSON, hidden characters, two processes on one cache, bad arguments, and an
imported summary that a sync must not replace. Never a traceback, never "Unexpected error"."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess
from typing import Any

import pytest

from lis_desktop.content import snapshot
from lis_desktop.content.cache import Cache, sha256_file
from support.cli import assert_one_line_error
from support.faults import integrity_ok, wait_for
from support.govuk_server import API_PATH, GovukServer

Run = Callable[..., CompletedProcess[str]]
SRC = Path(__file__).resolve().parents[2] / "src"

pytestmark = pytest.mark.e2e


def sync_args(server: GovukServer, cache_dir: Path, *extra: str) -> list[str]:
    return [
        "--cache-dir",
        str(cache_dir),
        "sync",
        "--api-url",
        server.api_url,
        "--allow-origin",
        server.origin,
        *extra,
    ]


def assert_no_surprise(result: CompletedProcess[str]) -> None:
    assert "Unexpected error" not in result.stderr, result.stderr
    assert "Traceback" not in result.stderr, result.stderr


def assert_consistent(root: Path) -> Cache:
    """The database passes integrity_check and every recorded copy is whole."""
    assert integrity_ok(root / "lis.sqlite3")
    cache = Cache(root)
    for region, record in cache.records().items():
        path = cache.pdf_path(region)
        assert path is not None, region
        assert sha256_file(path) == record.sha256, region
    return cache


def cli_env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(SRC))


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "lis_desktop.cli", *args]


# -- a full disk ---------------------------------------------------------------------------------
def test_full_disk_during_sync_says_so_per_region_and_keeps_the_report(
    run_cli: Run, govuk_server: GovukServer, small_disk: Callable[[int], Path]
) -> None:
    cache_dir = small_disk(3 * 1024)  # 3 MiB: room for about nine of the 41 summaries
    result = run_cli(*sync_args(govuk_server, cache_dir, "--json"))
    assert_no_surprise(result)
    assert result.returncode == 1
    report = json.loads(result.stdout)  # the --json report is whole
    assert report["status"] == "partial"
    assert 0 < report["available"] < 41
    failed = [r for r in report["regions"] if r["outcome"] == "failed"]
    assert len(failed) == 41 - report["available"]
    assert all("is full" in r["message"] for r in failed), failed
    lines = [line for line in result.stderr.splitlines() if line.startswith("lis-desktop-cli:")]
    assert len(lines) == len(failed)
    assert all("The disk holding the offline cache" in line for line in lines)
    assert_consistent(cache_dir).close()
    assert not list(cache_dir.rglob("*.part"))  # nothing half-written left


def test_full_disk_import_and_export_say_so_and_leave_nothing(
    run_cli: Run, small_disk: Callable[[int], Path], summary_pdf: Path, cache_dir: Path
) -> None:
    disk = small_disk(256)  # smaller than one summary (about 300 KB)
    result = run_cli("--cache-dir", str(disk), "import", str(summary_pdf), "--region", "wales")
    assert_one_line_error(result, "is full")
    assert not [p for p in disk.rglob("*.pdf*")]
    base = ["--cache-dir", str(cache_dir)]
    assert run_cli(*base, "import", str(summary_pdf), "--region", "wales").returncode == 0
    out = small_disk(128)
    for fmt in ("pdf", "merged-pdf"):
        result = run_cli(*base, "export", "wales", "--format", fmt, "-o", str(out / "w.pdf"))
        assert_one_line_error(result, "is full; nothing was exported")
        assert list(out.iterdir()) == []


# -- a read-only cache ---------------------------------------------------------------------------
def test_read_only_cache_can_be_read_and_says_read_only_for_writes(
    run_cli: Run,
    govuk_server: GovukServer,
    cache_dir: Path,
    read_only_view: Callable[[Path], Path],
    summary_pdf: Path,
    tmp_path: Path,
) -> None:
    govuk_server.history.insert(
        0, {"public_timestamp": "2019-01-10T09:00:00Z", "note": "Only in the synced story."}
    )
    assert run_cli(*sync_args(govuk_server, cache_dir)).returncode == 0
    before = sorted((p.name, p.stat().st_mtime_ns) for p in cache_dir.rglob("*"))
    ro = read_only_view(cache_dir)
    base = ["--cache-dir", str(ro)]
    regions = run_cli(*base, "regions", "--json")
    assert regions.returncode == 0, regions.stderr
    assert all(r["offline"] for r in json.loads(regions.stdout))
    pub = run_cli(*base, "publication", "--json")
    assert json.loads(pub.stdout)["history"][0]["note"] == "Only in the synced story."
    found = run_cli(*base, "search", "local summary", "--json")
    assert found.returncode == 0, found.stderr
    assert len({row["region"] for row in json.loads(found.stdout)}) == 41
    exported = run_cli(*base, "export", "wales", "scotland", "--format", "merged-pdf", "-o",
                       str(tmp_path / "briefing.pdf"))  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "briefing.pdf").stat().st_size > 0
    for args in (
        ["import", str(summary_pdf), "--region", "wales"],
        sync_args(govuk_server, ro)[2:],
    ):
        assert_one_line_error(run_cli(*base, *args), "is read-only")
    assert sorted((p.name, p.stat().st_mtime_ns) for p in cache_dir.rglob("*")) == before
    never = run_cli("--cache-dir", str(ro / "never-made"), "regions", "--json")
    assert never.returncode == 0, never.stderr  # no cache at all on read-only media: empty
    assert not any(r["offline"] for r in json.loads(never.stdout))


# -- responses that are not the story ------------------------------------------------------------
def statistics_item() -> dict[str, Any]:
    """A real-looking Content API item of an unrelated publication (42 attachments)."""
    return {
        "base_path": "/government/statistics/local-authority-revenue-expenditure-2014",
        "content_id": "5f4f2b44-7631-11e4-a3cb-005056011aef",
        "document_type": "official_statistics",
        "title": "Local authority revenue expenditure and financing: 2014-15 budget",
        "first_published_at": "2014-05-29T09:30:00.000+01:00",
        "public_updated_at": "2014-05-29T09:30:00.000+01:00",
        "details": {
            "body": "<p>Statistics on local authority revenue expenditure.</p>",
            "change_history": [
                {"public_timestamp": "2014-05-29T09:30:00.000+01:00", "note": "First published."}
            ],
            "attachments": [
                {
                    "attachment_type": "file",
                    "title": f"Table {n}: revenue expenditure by service",
                    "url": f"https://assets.publishing.service.gov.uk/media/{n:024x}/t{n}.xls",
                    "content_type": "application/vnd.ms-excel",
                }
                for n in range(42)
            ],
        },
    }


@pytest.mark.parametrize(
    ("hostile", "needle"),
    [
        ("another-item", "instead of the story '/government/news/local-industrial"),
        ("redirect", "redirected the story's address to another page"),
        ("content-id", "sent another item (content_id other-item)"),
        ("deep-json", "nested more than 64 levels deep"),
    ],
)
def test_a_response_that_is_not_the_story_changes_nothing(
    run_cli: Run, govuk_server: GovukServer, cache_dir: Path, hostile: str, needle: str
) -> None:
    govuk_server.api_patch = {"content_id": "the-story"}
    assert run_cli(*sync_args(govuk_server, cache_dir)).returncode == 0
    before = run_cli("--cache-dir", str(cache_dir), "publication", "--json").stdout
    if hostile == "another-item":
        govuk_server.api_override = json.dumps(statistics_item()).encode()
    elif hostile == "redirect":
        govuk_server.fault(API_PATH, "redirect-elsewhere")
    elif hostile == "content-id":
        govuk_server.api_patch = {"content_id": "other-item"}
    else:
        govuk_server.api_override = b"[" * 100_000 + b"]" * 100_000
    result = run_cli(*sync_args(govuk_server, cache_dir))
    assert_no_surprise(result)
    assert result.returncode == 1
    assert needle in result.stdout
    assert [line for line in result.stderr.splitlines() if line.startswith("lis-desktop-cli")] == [
        f"lis-desktop-cli: {result.stdout.strip()}"
    ]
    assert "New update" not in result.stdout
    assert "The offline cache is intact: 41 of 41" in result.stdout
    assert run_cli("--cache-dir", str(cache_dir), "publication", "--json").stdout == before


def test_a_huge_attachment_list_is_capped_and_the_sync_finishes(
    run_cli: Run, govuk_server: GovukServer, cache_dir: Path
) -> None:
    item = govuk_server.content_item()
    item["details"]["attachments"] += [
        {"title": f"Annex {n}", "url": f"/media/annex/{n}.pdf"} for n in range(80_000)
    ]
    body = json.dumps(item).encode()
    assert 4_000_000 < len(body) < 5 * 1024 * 1024  # just under the size cap
    govuk_server.api_override = body
    result = run_cli(*sync_args(govuk_server, cache_dir, "--json"))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["available"] == 41
    assert any("more than 1000 attachments" in w for w in report["warnings"])
    assert len(report["other_attachments"]) == 1000 - 41


def test_control_and_bidi_characters_are_stripped_from_what_gov_uk_sends(
    run_cli: Run, govuk_server: GovukServer, cache_dir: Path
) -> None:
    listed = next(item for item in govuk_server.listed if item.region == "black-country")
    listed.title = "Black\u202e Country\x00"
    govuk_server.api_patch = {"title": "Local Industrial\u2066 Strategies\x07 to drive growth"}
    govuk_server.history[0]["note"] = "\u202eIndustrial Strategy local summaries added.\x1b"
    assert run_cli(*sync_args(govuk_server, cache_dir)).returncode == 0
    pub = json.loads(run_cli("--cache-dir", str(cache_dir), "publication", "--json").stdout)
    assert pub["title"] == "Local Industrial Strategies to drive growth"
    assert pub["history"][0]["note"] == "Industrial Strategy local summaries added."
    black = next(a for a in pub["attachments"] if a["region"] == "black-country")
    assert black["title"] == "Black Country"


# -- an imported summary is the user's -----------------------------------------------------------
def test_sync_keeps_an_imported_summary_and_use_switches_copies(
    run_cli: Run,
    govuk_server: GovukServer,
    cache_dir: Path,
    summary_pdf: Path,
    summary_pdfs: dict[str, bytes],
    tmp_path: Path,
) -> None:
    base = ["--cache-dir", str(cache_dir)]
    same = tmp_path / "same-as-gov-uk.pdf"
    same.write_bytes(summary_pdfs["scotland"])
    assert run_cli(*base, "import", str(summary_pdf), "--region", "wales").returncode == 0
    assert run_cli(*base, "import", str(same), "--region", "scotland").returncode == 0
    result = run_cli(*sync_args(govuk_server, cache_dir))
    assert result.returncode == 0, result.stderr
    assert "wales: GOV.UK's copy differs from your imported one" in result.stdout

    def copies() -> dict[str, tuple[str, str]]:
        rows = json.loads(run_cli(*base, "regions", "--json").stdout)
        return {r["id"]: (r["copy"], r["other_copy"]) for r in rows}

    assert copies()["wales"] == ("imported", "govuk")
    assert copies()["scotland"] == ("govuk", None)  # the same file: nothing of yours is lost
    cache = Cache(cache_dir)
    wales = cache.pdf_path("wales")
    assert wales is not None
    assert wales.read_bytes() == summary_pdf.read_bytes()
    cache.close()
    switched = run_cli(*base, "use", "wales", "govuk")
    assert switched.stdout.strip() == ("Wales: using the GOV.UK copy; the imported copy is kept.")
    assert copies()["wales"] == ("govuk", "imported")
    assert run_cli(*sync_args(govuk_server, cache_dir)).returncode == 0
    assert copies()["wales"] == ("govuk", "imported")  # your choice stays
    assert run_cli(*base, "use", "wales", "imported").returncode == 0
    cache = Cache(cache_dir)
    wales = cache.pdf_path("wales")
    assert wales is not None
    assert wales.read_bytes() == summary_pdf.read_bytes()
    assert_consistent(cache_dir).close()
    cache.close()
    assert_one_line_error(run_cli(*base, "use", "scotland", "imported"), "no imported copy")


# -- two processes on one cache ------------------------------------------------------------------
def test_two_processes_on_one_cache(
    run_cli: Run, govuk_server: GovukServer, cache_dir: Path, summary_pdf: Path
) -> None:
    govuk_server.hold_pdfs()  # the first sync is downloading until the test lets it go on
    first = subprocess.Popen(
        cli(*sync_args(govuk_server, cache_dir)),
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=cli_env(),
    )
    assert first.stderr is not None
    for _ in range(100):  # bounded: until the first sync is downloading
        if "Downloading" in first.stderr.readline():
            break
    second = run_cli(*sync_args(govuk_server, cache_dir))
    assert_one_line_error(second, "Another sync of this offline cache is running")
    imported = run_cli("--cache-dir", str(cache_dir), "import", str(summary_pdf), "--region",
                       "wales")  # fmt: skip
    assert imported.returncode == 0, imported.stderr
    govuk_server.release_pdfs()
    first.stderr.read()
    assert first.wait(timeout=120) == 0
    first.stderr.close()
    cache = assert_consistent(cache_dir)
    assert cache.available_count() == 41
    record = cache.record("wales")
    assert record is not None
    assert record.sha256 == sha256_file(summary_pdf)  # the import, in use, whatever the order
    kept = cache.kept_copy("wales")
    assert kept is not None
    assert kept.source == "sync"
    cache.close()


# -- kill -9, again and again --------------------------------------------------------------------
def big_pdf(path: Path) -> Path:
    """A valid PDF of about 12 MB (incompressible images), slow enough to copy to be killed."""
    import pymupdf

    doc = pymupdf.open()
    for number in range(4):
        page = doc.new_page()
        noise = hashlib.shake_256(str(number).encode()).digest(1000 * 1000 * 3)
        pix = pymupdf.Pixmap(pymupdf.csRGB, 1000, 1000, noise, False)
        page.insert_image(page.rect, pixmap=pix)
    doc.save(path)
    doc.close()
    return path


def test_import_killed_again_and_again_keeps_a_good_copy(
    run_cli: Run, cache_dir: Path, summary_pdf: Path, tmp_path: Path
) -> None:
    base = ["--cache-dir", str(cache_dir)]
    assert run_cli(*base, "import", str(summary_pdf), "--region", "wales").returncode == 0
    big = big_pdf(tmp_path / "big.pdf")
    folder = cache_dir / "summaries"
    for attempt in range(4):  # bounded
        process = subprocess.Popen(
            cli(*base, "import", str(big), "--region", "wales"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=cli_env(),
        )
        if attempt % 2:  # in the middle of the copy; else wherever it is at once
            wait_for(
                lambda p=process: p.poll() is not None or any(folder.glob(".wales.pdf.*.part"))
            )
        process.kill()
        process.wait(timeout=30)
        cache = assert_consistent(cache_dir)
        assert cache.pdf_path("wales") is not None
        cache.close()
    parts = list(folder.glob(".*.part"))
    assert parts, "no kill landed during a copy"
    assert run_cli(*base, "regions").returncode == 0
    assert all(p.exists() for p in parts)  # young: maybe another import still writing
    for part in parts:
        os.utime(part, (0, 0))  # as if left there long ago
    assert run_cli(*base, "regions").returncode == 0  # start-up removes what is provably ours
    assert not list(folder.glob(".*.part"))


def test_export_killed_midway_leaves_nothing_once_the_next_export_runs(
    run_cli: Run, govuk_server: GovukServer, cache_dir: Path, tmp_path: Path
) -> None:
    assert run_cli(*sync_args(govuk_server, cache_dir)).returncode == 0
    ids = [region.id for region in snapshot.load_regions()]
    out = tmp_path / "out"
    out.mkdir()
    mine = out / ".notes.docx.abcdefgh.part"  # not an export's name: never touched
    mine.write_text("mine")
    os.utime(mine, (0, 0))
    args = [*ids, "--format", "merged-pdf", "--cover", "-o", str(out / "all.pdf"), "--force"]
    for _attempt in range(3):  # bounded
        process = subprocess.Popen(
            cli("--cache-dir", str(cache_dir), "export", *args),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=cli_env(),
        )
        wait_for(lambda p=process: p.poll() is not None or any(out.glob(".all.pdf.*.part")))
        process.kill()
        process.wait(timeout=30)
        assert not (out / "all.pdf").exists()  # never a half-written briefing
    left = list(out.glob(".all.pdf*.part"))
    assert left
    for part in left:
        os.utime(part, (0, 0))
    done = run_cli("--cache-dir", str(cache_dir), "export", *args)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        ".notes.docx.abcdefgh.part",
        "all.pdf",
        "all.pdf.provenance.json",
    ]


def test_sync_killed_again_and_again_then_finishes(
    govuk_server: GovukServer, cache_dir: Path
) -> None:
    govuk_server.latency = 0.05
    for stop_at in (3, 12, 25):  # bounded: three kills at different depths
        process = subprocess.Popen(
            cli(*sync_args(govuk_server, cache_dir)),
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
            env=cli_env(),
        )
        assert process.stderr is not None
        for _ in range(500):
            line = process.stderr.readline()
            done = [int(w.split("/")[0]) for w in line.split() if w.endswith("/41")]
            if not line or (done and done[0] >= stop_at):
                break
        process.kill()
        process.wait(timeout=30)
        process.stderr.close()
        assert_consistent(cache_dir).close()
    govuk_server.latency = 0
    final = subprocess.run(
        cli(*sync_args(govuk_server, cache_dir)),
        capture_output=True,
        text=True,
        env=cli_env(),
        timeout=120,
        check=False,
    )
    assert final.returncode == 0, final.stderr
    cache = assert_consistent(cache_dir)
    assert cache.available_count() == 41
    cache.close()


# -- bad arguments -------------------------------------------------------------------------------
def test_bad_arguments_get_words_not_errnos(
    run_cli: Run, cache_dir: Path, summary_pdf: Path, tmp_path: Path
) -> None:
    long = "x" * 100_000
    assert_one_line_error(run_cli("--cache-dir", long, "regions"), "folder is too long")
    one_long_name = str(tmp_path / ("y" * 300))
    assert_one_line_error(run_cli("--cache-dir", one_long_name, "regions"), "name that is too long")
    base = ["--cache-dir", str(cache_dir)]
    assert run_cli(*base, "import", str(summary_pdf), "--region", "wales").returncode == 0
    assert_one_line_error(
        run_cli(*base, "export", "wales", "--format", "pdf", "-o", str(tmp_path / long)),
        "The export destination is too long",
    )
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    result = run_cli(*base, "import", str(fifo), "--region", "wales", timeout=60)
    assert_one_line_error(result, "is not a regular file")
    out = tmp_path / "w.png"
    for dpi in ("0", "-5", "601", str(10**30)):
        result = run_cli(*base, "export", "wales", "--format", "png", "--dpi", dpi, "-o", str(out))
        assert_one_line_error(result, "between 36 and 600 dpi")
    assert not out.exists()
    for limit in ("0", "-1", str(10**30)):
        assert_one_line_error(run_cli(*base, "search", "wind", "--limit", limit), "between 1 and")
