"""Export benchmark: merging all 41 summaries into one PDF with `Exporter` (bookmarks under
nations, metadata, SHA-256 checks, fsync, provenance sidecar) against pypdf merging the same
files in a bare loop, measured in the same run. Goal: ratio <= 1.3.

Time: the median of --repeat alternating runs in this process. Peak memory: each way once in
a fresh subprocess, as tracemalloc's peak for the merge and the process's peak RSS.

Run from the checkout: PYTHONPATH=src:tests python benchmarks/export_merge.py [--repeat N]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from lis_desktop.content.cache import Cache  # noqa: E402
from lis_desktop.content.library import Library  # noqa: E402
from lis_desktop.content.snapshot import load_regions  # noqa: E402
from lis_desktop.export.exporter import Exporter, ExportFormat, ExportRequest  # noqa: E402
from support.pdfs import region_summaries, stock_cache  # noqa: E402

GOAL = 1.3


def bare_merge(paths: list[Path], out: Path) -> None:
    """What a script would write: pypdf, append each file, write."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for path in paths:
        writer.append(path)
    with out.open("wb") as f:
        writer.write(f)


def our_merge(cache_root: Path, out: Path, cover: bool = False) -> None:
    cache = Cache(cache_root)
    try:
        ids = tuple(r.id for r in load_regions())
        request = ExportRequest(ids, ExportFormat.MERGED_PDF, out, cover=cover, force=True)
        Exporter(Library.load(cache)).export(request)
    finally:
        cache.close()


def timed(fn: Callable[[], None]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) for one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def integrity_cost(paths: list[Path], merged: Path, repeat: int) -> dict[str, float]:
    """What our export does on top of merging, each timed alone (ms): the SHA-256 of every
    source (checked against the cache's record: a damaged offline copy is refused), the SHA-256
    of the result (read back for its provenance sidecar), and the fsync that makes the file
    durable before it is renamed into place (the write itself the bare loop does too)."""

    def sources() -> None:
        for path in paths:
            hashlib.sha256(path.read_bytes()).hexdigest()

    def result() -> None:
        hashlib.sha256(merged.read_bytes()).hexdigest()

    data = merged.read_bytes()

    def write(sync: bool) -> None:
        target = merged.with_name("fsync-probe.pdf")
        with target.open("wb") as f:
            f.write(data)
            f.flush()
            if sync:
                os.fsync(f.fileno())

    def median_ms(fn: Callable[[], None]) -> float:
        return statistics.median(timed(fn)[0] for _ in range(repeat)) * 1000

    fsync_ms = max(0.0, median_ms(lambda: write(True)) - median_ms(lambda: write(False)))
    return {"sha256 in": median_ms(sources), "sha256 out": median_ms(result), "fsync": fsync_ms}


def child(kind: str, cache_root: Path, out: Path) -> None:
    """One merge in a fresh process; print its memory use as JSON."""
    paths = sorted((cache_root / "summaries").glob("*.pdf"))
    tracemalloc.start()
    if kind == "bare":
        bare_merge(paths, out)
    else:
        our_merge(cache_root, out, cover=kind == "export-cover")
    _current, peak = tracemalloc.get_traced_memory()
    print(json.dumps({"traced_peak": peak, "max_rss": peak_rss()}))


def peak_rss() -> int:
    """This process's peak RSS in bytes. VmHWM, not ru_maxrss: on Linux ru_maxrss survives
    exec, so a child started by a big parent would report the parent's peak."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def memory(kind: str, cache_root: Path, out: Path) -> dict[str, int]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(cache_root), str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, int] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--child", nargs=3, metavar=("KIND", "CACHE", "OUT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), Path(args.child[2]))
        return 0
    with tempfile.TemporaryDirectory(prefix="lis-export-bench-") as tmp:
        folder = Path(tmp)
        ids = [r.id for r in load_regions()]
        pdfs = region_summaries(folder / "generated", ids)
        cache_root = folder / "cache"
        stock_cache(cache_root, pdfs)
        # The bare loop reads the cached files in tree order too, so both merge the same bytes.
        order = {region_id: index for index, region_id in enumerate(ids)}
        paths = sorted((cache_root / "summaries").glob("*.pdf"), key=lambda p: order[p.stem])
        sizes = [p.stat().st_size for p in paths]
        print(f"41 summaries, {min(sizes) // 1024}-{max(sizes) // 1024} KB each, "
              f"{sum(sizes) / 1e6:.1f} MB in all; {args.repeat} alternating runs")  # fmt: skip
        bare_out, ours_out = folder / "bare.pdf", folder / "ours.pdf"
        our_merge(cache_root, ours_out)  # warm up imports and the page cache
        bare_merge(paths, bare_out)
        runs: dict[str, list[tuple[float, float]]] = {"bare": [], "ours": [], "cover": []}
        for _ in range(args.repeat):
            runs["bare"].append(timed(lambda: bare_merge(paths, bare_out)))
            runs["ours"].append(timed(lambda: our_merge(cache_root, ours_out)))
            runs["cover"].append(timed(lambda: our_merge(cache_root, ours_out, cover=True)))
        wall = {k: statistics.median(w for w, _ in v) for k, v in runs.items()}
        cpu = {k: statistics.median(c for _, c in v) for k, v in runs.items()}
        ratio = wall["ours"] / wall["bare"]
        verdict = "OK" if ratio <= GOAL else "OVER GOAL"
        print("medians                 wall ms   ratio   CPU ms   ratio")
        for key, label in (("bare", "pypdf bare loop"), ("ours", "export merged-pdf"),
                           ("cover", "export + cover page")):  # fmt: skip
            print(f"{label:<22} {wall[key] * 1000:8.0f} {wall[key] / wall['bare']:6.2f}x "
                  f"{cpu[key] * 1000:8.0f} {cpu[key] / cpu['bare']:6.2f}x")  # fmt: skip
        print(f"export vs bare loop: {ratio:.2f}x wall clock (goal <= {GOAL}x) {verdict}")
        checks = integrity_cost(paths, ours_out, args.repeat)
        integrity = sum(checks.values())
        print("of which integrity work the bare loop skips (same run, medians): "
              + ", ".join(f"{name} {ms:.0f} ms" for name, ms in checks.items())
              + f"; {integrity:.0f} ms in all")  # fmt: skip
        rest = wall["ours"] * 1000 - integrity
        print(f"export without that integrity work: {rest:.0f} ms = "
              f"{rest / (wall['bare'] * 1000):.2f}x the bare loop (merging, bookmarks, metadata, "
              "provenance, staging)")  # fmt: skip
        print(f"output sizes: bare {bare_out.stat().st_size / 1e6:.1f} MB, "
              f"export {ours_out.stat().st_size / 1e6:.1f} MB")  # fmt: skip
        for kind in ("bare", "export", "export-cover"):
            mem = memory(kind, cache_root, folder / f"mem-{kind}.pdf")
            print(f"peak memory {kind:<13} traced {mem['traced_peak'] / 1e6:6.1f} MB, "
                  f"process max RSS {mem['max_rss'] / 1e6:6.1f} MB")  # fmt: skip
        return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
