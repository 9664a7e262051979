"""Notes benchmark: what notes add to the work they ride on, measured in the same run.

- Placing notes on new versions: 41 summaries replaced, 5 notes each, against reading the 41
  new summaries' words alone (what placing cannot avoid). Goal: ratio <= 1.5.
- Searching 500 notes (an FTS5 table in memory per search) against searching the 41 summaries'
  index for the same query. Goal: ratio <= 2 (the notes in at most twice the index's time).
- A PDF copy with 5 notes written as highlights against the plain byte-for-byte copy.

Run from the checkout: PYTHONPATH=src:tests python benchmarks/notes_bench.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from lis_desktop.content.anchoring import read_words  # noqa: E402
from lis_desktop.content.cache import Cache  # noqa: E402
from lis_desktop.content.library import Library  # noqa: E402
from lis_desktop.content.notebook import Notebook  # noqa: E402
from lis_desktop.content.snapshot import load_regions  # noqa: E402
from lis_desktop.export.exporter import Exporter, ExportFormat, ExportRequest  # noqa: E402
from lis_desktop.search.index import SearchIndex, sources_from_cache, update_index  # noqa: E402
from lis_desktop.search.notes import search_notes  # noqa: E402
from support.pdfs import make_summary_pdf, region_summaries  # noqa: E402

QUOTES = ("advanced manufacturing", "clean energy", "skills gaps", "offshore wind", "exporters")


def timed(work: Callable[[], object], repeat: int) -> float:
    """The median of `repeat` runs, in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def new_versions(folder: Path, ids: list[str], round_: int) -> dict[str, Path]:
    """Another version of each summary: a line more before the text, which moves every quote."""
    return {
        r: make_summary_pdf(
            folder / f"{r}-{round_}.pdf",
            words=f"{'Foreword. ' * round_}Unique words for {r} and offshore wind.",
            image=False,
        )
        for r in ids
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    ids = [r.id for r in load_regions()]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        cache = Cache(root / "cache")
        for region, pdf in region_summaries(root / "v0", ids, image=False).items():
            cache.import_pdf(region, pdf)
        book = Notebook(cache)
        for region in ids:
            for quote in QUOTES:
                book.add(region, quote, f"A note on {quote} in {region}")
        rounds = iter(range(1, 1000))

        def place() -> None:
            (root / "v").mkdir(exist_ok=True)
            for region, pdf in new_versions(root / "v", ids, next(rounds)).items():
                cache.import_pdf(region, pdf)
            start = time.perf_counter()
            assert len(book.reconcile()) == len(ids)
            place.ms.append((time.perf_counter() - start) * 1000)  # type: ignore[attr-defined]

        place.ms = []  # type: ignore[attr-defined]
        for _ in range(args.repeat):
            place()
        placing = statistics.median(place.ms)  # type: ignore[attr-defined]
        paths = [cache.pdf_path(r) for r in ids]
        reading = timed(lambda: [read_words(p) for p in paths if p is not None], args.repeat)
        print(
            f"place 205 notes on 41 new versions: {placing:.1f} ms; reading their words alone: "
            f"{reading:.1f} ms; ratio {placing / reading:.2f} (goal <= 1.5)"
        )

        notes = cache.notes.list()
        many = [replace(n, id=i) for i, n in enumerate((notes * 3)[:500], start=1)]
        index = SearchIndex.for_cache(cache, load_regions())
        update_index(index, sources_from_cache(cache))
        in_notes = timed(lambda: search_notes(many, "manufacturing OR wind"), args.repeat * 4)
        in_index = timed(lambda: index.search("manufacturing OR wind"), args.repeat * 4)
        index.close()
        print(
            f"search 500 notes: {in_notes:.2f} ms; the 41 summaries' index: {in_index:.2f} ms; "
            f"ratio {in_notes / in_index:.2f} (goal <= 2)"
        )

        exporter = Exporter(Library.load(cache))
        out = root / "out"
        out.mkdir()

        def export(with_notes: bool) -> None:
            target = out / f"x-{with_notes}.pdf"
            request = ExportRequest(("wales",), ExportFormat.PDF, target, force=True,
                                    with_notes=with_notes)  # fmt: skip
            exporter.export(request)

        plain = timed(lambda: export(False), args.repeat)
        annotated = timed(lambda: export(True), args.repeat)
        print(
            f"PDF copy with 5 highlights: {annotated:.1f} ms; plain copy: {plain:.1f} ms; "
            f"ratio {annotated / plain:.2f}"
        )
        cache.close()


if __name__ == "__main__":
    main()
