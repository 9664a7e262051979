"""`lis-desktop-cli sync` end to end against the local GOV.UK server, including a sync process
killed with SIGKILL in the middle of its downloads."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from lis_desktop.content.cache import Cache, sha256_file
from support.govuk_server import GovukServer

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


def test_sync_json_and_exit_zero_when_all_offline(
    run_cli: Run, govuk_server: GovukServer, cache_dir: Path
) -> None:
    result = run_cli(*sync_args(govuk_server, cache_dir, "--json"))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["status"] == "ok"
    assert report["online"] is True
    assert (report["available"], report["total"], report["downloaded"]) == (41, 41, 41)
    assert report["missing"] == []
    assert {r["outcome"] for r in report["regions"]} == {"downloaded"}
    assert "sync: Downloading summaries… 41/41 files" in result.stderr
    regions = json.loads(run_cli("--cache-dir", str(cache_dir), "regions", "--json").stdout)
    assert all(r["offline"] for r in regions)


def test_failed_regions_one_line_each_and_nonzero(
    run_cli: Run, govuk_server: GovukServer, cache_dir: Path
) -> None:
    govuk_server.fault("wales", "404")
    govuk_server.fault("scotland", "html")
    result = run_cli(*sync_args(govuk_server, cache_dir))
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("lis-desktop-cli:")]
    assert errors == [
        "lis-desktop-cli: scotland: GOV.UK sent a web page instead of the PDF for "
        f"{govuk_server.origin}{govuk_server.path_of('scotland')}.",
        "lis-desktop-cli: wales: The summary for Wales is not on GOV.UK any more (404 Not Found).",
    ]
    assert "Traceback" not in result.stderr
    assert result.stdout.startswith("Sync finished, 2 summaries failed; 39 of 41")


def test_unreachable_gov_uk_has_its_own_exit_status_and_keeps_the_cache(
    run_cli: Run, govuk_server: GovukServer, cache_dir: Path
) -> None:
    assert run_cli(*sync_args(govuk_server, cache_dir)).returncode == 0
    args = sync_args(govuk_server, cache_dir)
    govuk_server.stop()
    result = run_cli(*args)
    assert result.returncode == 3, result.stderr  # documented: could not reach GOV.UK
    assert result.stdout.startswith("Offline: Cannot reach 127.0.0.1")
    assert "The offline cache is intact: 41 of 41 summaries available offline" in result.stdout
    assert "lis-desktop-cli:" not in result.stderr  # nothing is missing: no per-region lines
    as_json = run_cli(*args, "--json")
    assert as_json.returncode == 3
    assert json.loads(as_json.stdout)["status"] == "offline"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--allow-origin", "ftp://x"], "is not an origin"),
        (["--api-url", "https://example.com/api"], "outside GOV.UK (example.com); refused"),
        (["--api-url", "http://www.gov.uk/api/content/x"], "insecure http://"),
    ],
)
def test_bad_arguments_are_one_line(
    run_cli: Run, cache_dir: Path, args: list[str], needle: str
) -> None:
    result = run_cli("--cache-dir", str(cache_dir), "sync", *args)
    assert result.returncode != 0
    assert result.stderr.count("\n") == 1, result.stderr
    assert needle in result.stderr


def test_sync_killed_midway_then_run_again(govuk_server: GovukServer, cache_dir: Path) -> None:
    govuk_server.latency = 0.2
    env = dict(os.environ, PYTHONPATH=str(SRC))
    process = subprocess.Popen(
        [sys.executable, "-m", "lis_desktop.cli", *sync_args(govuk_server, cache_dir)],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert process.stderr is not None
    done = 0
    for _ in range(500):  # bounded: a line per completed file
        line = process.stderr.readline()
        match = re.search(r" (\d+)/41 files", line)
        done = int(match[1]) if match else done
        if done >= 6 or not line:
            break
    assert 6 <= done < 41
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    process.stderr.close()

    cache = Cache(cache_dir)
    served = [r for r in cache.records() if cache.pdf_path(r) is not None]
    assert 6 <= len(served) < 41
    for region in served:
        path = cache.pdf_path(region)
        assert path is not None
        assert sha256_file(path) == cache.records()[region].sha256  # never a partial file
    cache.close()

    govuk_server.latency = 0
    again = subprocess.run(
        [sys.executable, "-m", "lis_desktop.cli", *sync_args(govuk_server, cache_dir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert again.returncode == 0, again.stderr
    folder = cache_dir / "summaries"
    assert not [p for p in folder.iterdir() if p.suffix == ".part"]
    cache = Cache(cache_dir)
    assert cache.available_count() == 41
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        r.filename for r in cache.records().values()
    )


def test_regions_reports_a_damaged_copy_as_not_offline(
    run_cli: Run, govuk_server: GovukServer, cache_dir: Path
) -> None:
    assert run_cli(*sync_args(govuk_server, cache_dir)).returncode == 0
    cache = Cache(cache_dir)
    path = cache.pdf_path("wales")
    cache.close()
    assert path is not None
    path.write_bytes(b"%PDF-1.4 changed on disk")
    rows = json.loads(run_cli("--cache-dir", str(cache_dir), "regions", "--json").stdout)
    wales = next(r for r in rows if r["id"] == "wales")
    assert (wales["offline"], wales["status"]) == (False, "corrupt")
    assert sum(r["offline"] for r in rows) == 40


def test_publication_shows_the_synced_story(
    run_cli: Run, govuk_server: GovukServer, cache_dir: Path
) -> None:
    assert run_cli(*sync_args(govuk_server, cache_dir)).returncode == 0
    govuk_server.remove("wales")
    govuk_server.history.insert(
        0, {"public_timestamp": "2019-03-01T09:00:00Z", "note": "Wales summary withdrawn."}
    )
    result = run_cli(*sync_args(govuk_server, cache_dir, "--json"))
    assert result.returncode == 0, result.stderr  # wales is still available offline
    assert json.loads(result.stdout)["new_history"] == [
        {"date": "2019-03-01", "note": "Wales summary withdrawn."}
    ]
    pub = json.loads(run_cli("--cache-dir", str(cache_dir), "publication", "--json").stdout)
    assert pub["history"][0] == {"date": "2019-03-01", "note": "Wales summary withdrawn."}
    wales = next(a for a in pub["attachments"] if a["region"] == "wales")
    assert wales["removed"] is True
    assert wales["url"].startswith(govuk_server.origin)
