"""Sync benchmarks against the local GOV.UK stand-in with 50 ms latency per request, each
against a baseline or goal measured in the same run:

1. full sync of the 41 summaries (story + PDFs, verified and stored) vs a sequential download of
   the same 41 files with plain urllib (goal: ratio <= 0.35);
2. re-sync with nothing changed: 0 PDF body bytes transferred, wall time (goal: <= 1 s);
3. the concurrency choice: full sync time for 1, 2, 4, 6 and 8 workers.

Run from the checkout: PYTHONPATH=src:tests python benchmarks/sync_bench.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from lis_desktop.content import govuk  # noqa: E402
from lis_desktop.content.cache import Cache  # noqa: E402
from lis_desktop.content.snapshot import load_regions  # noqa: E402
from lis_desktop.content.sync import SyncOptions, sync  # noqa: E402
from lis_desktop.content.sync_report import SyncReport, SyncStatus  # noqa: E402
from support.govuk_server import GovukServer  # noqa: E402
from support.pdfs import summary_pdf_bytes  # noqa: E402

LATENCY = 0.05
REGIONS = load_regions()


def sequential_urllib(server: GovukServer) -> float:
    start = time.perf_counter()
    for item in server.listed:
        with urllib.request.urlopen(server.origin + item.path, timeout=30) as response:
            response.read()
    return time.perf_counter() - start


def run_sync(server: GovukServer, root: Path, workers: int = 6) -> tuple[float, SyncReport]:
    client = govuk.GovukClient(
        govuk.ClientOptions(allow_origins=(govuk.parse_origin(server.origin),))
    )
    cache = Cache(root)
    start = time.perf_counter()
    try:
        with client:
            report = sync(
                client,
                cache,
                REGIONS,
                lambda _p: None,
                lambda: False,
                SyncOptions(api_url=server.api_url, max_workers=workers),
            )
    finally:
        cache.close()
    elapsed = time.perf_counter() - start
    assert report.status is SyncStatus.OK, report.message
    return elapsed, report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    pdfs = {r.id: summary_pdf_bytes(r.title, words=f"{r.title} local summary") for r in REGIONS}
    server = GovukServer(pdfs, REGIONS, latency=LATENCY).start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            return _measure(server, Path(tmp), args.repeat)
    finally:
        server.stop()


def _measure(server: GovukServer, tmp: Path, repeat: int) -> int:
    total_mb = sum(len(f.data) for f in server.files.values()) / 1e6
    print(f"41 PDFs, {total_mb:.1f} MB, {LATENCY * 1000:.0f} ms latency per request")
    base = statistics.median(sequential_urllib(server) for _ in range(repeat))
    fulls, resyncs, resync_bytes = [], [], []
    for n in range(repeat):
        root = tmp / f"full-{n}"
        elapsed, report = run_sync(server, root)
        fulls.append(elapsed)
        assert report.available == 41
        before = server.pdf_bytes_sent()
        elapsed, report = run_sync(server, root)
        resyncs.append(elapsed)
        resync_bytes.append(server.pdf_bytes_sent() - before)
    full, resync = statistics.median(fulls), statistics.median(resyncs)
    ratio = full / base
    print(f"sequential urllib download (baseline): {base:.2f} s")
    print(f"full sync (6 workers, verified, stored): {full:.2f} s")
    print(f"ratio full sync / sequential urllib: {ratio:.2f}x (goal <= 0.35x)")
    print(
        f"re-sync, nothing changed: {resync:.2f} s (goal <= 1 s), "
        f"PDF body bytes transferred: {max(resync_bytes)} (goal 0)"
    )
    print("concurrency (full sync seconds by workers):", end="")
    for workers in (1, 2, 4, 6, 8):
        elapsed, _ = run_sync(server, tmp / f"workers-{workers}", workers)
        print(f"  {workers}: {elapsed:.2f}", end="")
    print()
    ok = ratio <= 0.35 and resync <= 1.0 and max(resync_bytes) == 0
    print("PASS" if ok else "MISSED A GOAL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
