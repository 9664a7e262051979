"""Theme matrix benchmarks: the full matrix (every region x the nine preset columns) counted from
the search index, beside one plain search query over the same index as the baseline measured in
the same run:

1. over the 41 summary-like PDFs (goal: <= 30 ms);
2. over 5,000 pages of generated text inserted as page rows (goal: <= 200 ms).

Run from the checkout: PYTHONPATH=src:tests python benchmarks/matrix_bench.py [--repeat N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests"), str(ROOT / "benchmarks")]

from lis_desktop.content.cache import Cache  # noqa: E402
from lis_desktop.search import matrix  # noqa: E402
from lis_desktop.search.index import SearchIndex, sources_from_cache, update_index  # noqa: E402
from search_bench import REGIONS, generated_index, make_pdfs, median_ms  # noqa: E402

BASELINE_QUERY = '"clean growth" OR digital'


def bench(index: SearchIndex, label: str, goal: float, repeat: int) -> None:
    matrix.compute_matrix(index, matrix.PRESETS)  # warm: the page cache and the query tokens
    ours = median_ms(lambda: matrix.compute_matrix(index, matrix.PRESETS), repeat)
    base = median_ms(lambda: index.search(BASELINE_QUERY), repeat)
    table = matrix.compute_matrix(index, matrix.PRESETS)
    cells = len(table.counted()) * len(table.columns)
    hits = sum(table.column_total(c.id) for c in table.columns)
    print(f"full matrix, {label}: median {ours:7.2f} ms  ({cells} cells, {hits} hits)")
    print(f"one search query ({BASELINE_QUERY}): median {base:7.2f} ms")
    print(f"  ratio matrix/query = {ours / base:.2f}; ratio matrix/goal = {ours / goal:.2f}")
    print(f"  (goal {goal:.0f} ms; <= 1 meets it)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--pages", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "pdfs").mkdir()
        cache = Cache(root / "cache")
        for region, pdf in zip(REGIONS, make_pdfs(root / "pdfs"), strict=True):
            cache.import_pdf(region.id, pdf)
        index = SearchIndex(root / "s41.sqlite3", REGIONS)
        update_index(index, sources_from_cache(cache))
        bench(index, f"{len(REGIONS)} summaries x 9", 30.0, args.repeat)
        index.close()
        cache.close()

        big = generated_index(root / "s5000.sqlite3", args.pages)
        bench(big, f"{big.page_count()} pages x 9", 200.0, args.repeat)
        big.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
