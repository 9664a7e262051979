"""Search benchmarks, each against a baseline or goal measured in the same run:

1. building the index for 41 summary-like PDFs vs `pdftotext` (poppler-utils) extracting the
   same files, one process per file as a script would (goal: ratio <= 1.5);
2. query latency over the 41 summaries (goal: median <= 10 ms);
3. query latency over 5,000 pages of generated text inserted as page rows (goal: <= 50 ms).

Run from the checkout: PYTHONPATH=src:tests python benchmarks/search_bench.py [--repeat N]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from lis_desktop.content.cache import Cache  # noqa: E402
from lis_desktop.content.snapshot import load_publication, load_regions  # noqa: E402
from lis_desktop.search.index import SearchIndex, sources_from_cache, update_index  # noqa: E402
from lis_desktop.search.query import Facets, parse_facets  # noqa: E402
from support.pdfs import LOREM, make_summary_pdf  # noqa: E402

REGIONS = load_regions()
THEMES = [
    "offshore wind and the energy estuary",
    "advanced manufacturing and automotive supply chains",
    "life sciences, health innovation and clinical trials",
    "digital and creative industries, games and fintech",
    "agri-food, logistics and ports",
    "low carbon heat, hydrogen and nuclear skills",
    "aerospace, space and satellite applications",
    "tourism, culture and the visitor economy",
]
QUERIES = [
    "manufacturer",
    '"offshore wind"',
    "hydro*",
    "aerospace OR automotive",
    "digital -games",
    "productivity skills universities",
]


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def make_pdfs(folder: Path) -> list[Path]:
    paths = []
    for number, region in enumerate(REGIONS):
        words = f"{THEMES[number % len(THEMES)]}; {THEMES[(number * 3 + 1) % len(THEMES)]}."
        paths.append(
            make_summary_pdf(folder / f"{region.id}.pdf", region.title, words, seed=number)
        )
    return paths


def bench_build(cache: Cache, pdfs: list[Path], out: Path, repeat: int) -> None:
    sources = sources_from_cache(cache)

    def build() -> None:
        for name in ("s.sqlite3", "s.sqlite3-wal", "s.sqlite3-shm"):
            (out / name).unlink(missing_ok=True)
        index = SearchIndex(out / "s.sqlite3", REGIONS)
        update_index(index, sources)
        index.close()

    def pdftotext() -> None:
        for pdf in pdfs:
            subprocess.run(["pdftotext", "-q", str(pdf), str(out / "x.txt")], check=True)

    ours = median_ms(build, repeat)
    base = median_ms(pdftotext, repeat)
    print(f"index build, 41 summaries:  median {ours:7.1f} ms")
    print(f"pdftotext,   41 summaries:  median {base:7.1f} ms")
    print(f"  ratio index/pdftotext = {ours / base:.2f}  (goal <= 1.5)")


def bench_queries(index: SearchIndex, label: str, goal: float, repeat: int) -> None:
    yorkshire = parse_facets(REGIONS, ons_region="Yorkshire and the Humber")
    cases = [(q, Facets()) for q in QUERIES] + [('"offshore wind"', yorkshire)]
    medians = []
    for query, facets in cases:
        index.search(query, facets)  # warm the page cache once
        ms = median_ms(lambda q=query, f=facets: index.search(q, f), repeat)
        result = index.search(query, facets)
        medians.append(ms)
        where = f" [{facets.describe()}]" if not facets.is_any() else ""
        matched = sum(r.matched_pages for r in result.regions)
        print(f"  {query + where:<48} {ms:7.2f} ms  {matched:5d} pages, {len(result.pages)} shown")
    overall = statistics.median(medians)
    print(f"query latency, {label}: median {overall:.2f} ms, worst query {max(medians):.2f} ms")
    print(f"  ratio median/goal = {overall / goal:.2f}  (goal {goal:.0f} ms; <= 1 meets it)")


def generated_pages(count: int) -> list[str]:
    """Plausible page text: the story's and summaries' vocabulary, themes sprinkled in."""
    rng = random.Random(5000)
    vocabulary = (LOREM + " " + load_publication().body_text).split()
    vocabulary += [f"term{n}" for n in range(3000)]  # a long tail of rarer words
    pages = []
    for _ in range(count):
        words = [rng.choice(vocabulary) for _ in range(350)]
        words.insert(rng.randrange(len(words)), rng.choice(THEMES))
        pages.append(" ".join(words))
    return pages


def generated_index(path: Path, count: int) -> SearchIndex:
    """An index of `count` generated pages shared out among the 41 regions."""
    index = SearchIndex(path, REGIONS)
    pages = generated_pages(count)
    per_region = -(-len(pages) // len(REGIONS))
    index.set_wanted({r.id: "generated" for r in REGIONS})
    for number, region in enumerate(REGIONS):
        chunk = pages[number * per_region : (number + 1) * per_region]
        index.store(region.id, "generated", chunk, None)
    return index


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--pages", type=int, default=5000)
    args = parser.parse_args()
    if shutil.which("pdftotext") is None:
        sys.exit("pdftotext is missing: apt-get install poppler-utils")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "pdfs").mkdir()
        pdfs = make_pdfs(root / "pdfs")
        cache = Cache(root / "cache")
        for region, pdf in zip(REGIONS, pdfs, strict=True):
            cache.import_pdf(region.id, pdf)
        bench_build(cache, pdfs, root, max(3, args.repeat // 3))

        index = SearchIndex(root / "s41.sqlite3", REGIONS)
        update_index(index, sources_from_cache(cache))
        bench_queries(index, "41 summaries", 10.0, args.repeat)
        index.close()

        big = generated_index(root / "s5000.sqlite3", args.pages)
        print(f"generated index: {big.page_count()} pages")
        bench_queries(big, f"{big.page_count()} pages", 50.0, args.repeat)
        big.close()
        cache.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
