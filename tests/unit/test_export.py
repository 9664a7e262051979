"""Export, read back: PDF copies, merged PDF, PNG, text, Markdown and their provenance."""

from __future__ import annotations

import json
import struct
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pymupdf
import pypdf
import pytest

from lis_desktop.content.cache import Cache, sha256_file
from lis_desktop.content.library import Library
from lis_desktop.domain import tree_order_key
from lis_desktop.errors import ExportError
from lis_desktop.export.exporter import (
    Exporter,
    ExportFormat,
    ExportRequest,
    default_name,
    sidecar_path,
)
from support.pdfs import make_summary_pdf, region_summaries, stock_cache

STOCKED = ["black-country", "greater-manchester", "scotland", "wales"]
NOW = datetime(2026, 3, 4, 10, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def summaries(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return region_summaries(tmp_path_factory.mktemp("summaries"), STOCKED)


@pytest.fixture
def library(cache_dir: Path, summaries: dict[str, Path]) -> Iterator[Library]:
    stock_cache(cache_dir, summaries, url=True)
    cache = Cache(cache_dir)
    yield Library.load(cache)
    cache.close()


@pytest.fixture
def exporter(library: Library) -> Exporter:
    return Exporter(library, clock=lambda: NOW)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def request(ids: list[str], fmt: str, target: Path, **kw: object) -> ExportRequest:
    return ExportRequest(tuple(ids), ExportFormat(fmt), target, **kw)  # type: ignore[arg-type]


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def outline_tree(reader: pypdf.PdfReader) -> list[tuple[str, int, list[tuple[str, int]]]]:
    """[(nation, page, [(region, page), ...]), ...] from the merged file's bookmarks."""
    tree: list[tuple[str, int, list[tuple[str, int]]]] = []
    for item in reader.outline:
        if isinstance(item, list):
            children = [(c.title, reader.get_destination_page_number(c)) for c in item]
            tree[-1] = (tree[-1][0], tree[-1][1], children)
        else:
            tree.append((item.title, reader.get_destination_page_number(item), []))
    return tree


# -- PDF copy -------------------------------------------------------------------------------
def test_pdf_copy_is_byte_identical_with_the_default_name(
    exporter: Exporter, library: Library, out: Path
) -> None:
    result = exporter.export(request(["black-country"], "pdf", out))
    target = out / "Black Country — Industrial Strategy local summary.pdf"
    assert result.files == (target,)
    record = library.cache.record("black-country")
    assert record is not None
    assert sha256_file(target) == record.sha256
    assert target.read_bytes() == (library.pdf_path("black-country") or Path()).read_bytes()
    assert sorted(p.name for p in out.iterdir()) == [target.name, target.name + ".provenance.json"]


def test_sidecar_records_where_the_file_came_from(
    exporter: Exporter, library: Library, out: Path
) -> None:
    target = out / "briefing.pdf"
    exporter.export(request(["wales"], "pdf", target))
    side = json.loads(sidecar_path(target).read_text(encoding="utf-8"))
    record = library.cache.record("wales")
    assert record is not None
    assert side["format"] == "pdf"
    assert side["region"] == "wales"
    assert side["region_title"] == "Wales"
    assert side["source_url"] == record.url
    assert side["source_url"].startswith("https://assets.publishing.service.gov.uk/media/")
    assert side["story_url"] == library.publication.url
    assert side["published"] == "2018-12-03"
    assert side["updated"] == "2018-12-06"
    assert datetime.fromisoformat(side["retrieved_at"]).timestamp() == pytest.approx(
        record.fetched_at, abs=1
    )
    assert side["source_sha256"] == record.sha256 == sha256_file(target) == side["sha256"]
    assert side["app_version"]
    assert side["exported_at"] == "2026-03-04T10:30:00+00:00"
    assert [s["region"] for s in side["sources"]] == ["wales"]


def test_several_regions_go_into_a_new_folder(exporter: Exporter, out: Path) -> None:
    folder = out / "briefing"
    result = exporter.export(request(["wales", "black-country"], "pdf", folder))
    assert [p.name for p in result.files] == [
        default_name("Wales", ExportFormat.PDF),
        default_name("Black Country", ExportFormat.PDF),
    ]
    assert all(p.parent == folder and p.is_file() for p in result.files)
    assert all(sidecar_path(p).is_file() for p in result.files)


# -- merged PDF -----------------------------------------------------------------------------
def test_merged_pdf_is_in_tree_order_with_bookmarks_under_nations(
    exporter: Exporter, out: Path
) -> None:
    target = out / "briefing.pdf"
    exporter.export(
        request(["wales", "scotland", "greater-manchester", "black-country"], "merged-pdf", target)
    )
    reader = pypdf.PdfReader(target)
    assert len(reader.pages) == 4
    assert outline_tree(reader) == [
        ("England", 0, [("Black Country", 0), ("Greater Manchester", 1)]),
        ("Scotland", 2, [("Scotland", 2)]),
        ("Wales", 3, [("Wales", 3)]),
    ]
    texts = [page.extract_text() for page in reader.pages]
    for page, region in zip(
        texts, ["black country", "greater manchester", "scotland", "wales"], strict=True
    ):
        assert f"Unique words for {region}" in page
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Industrial Strategy local summaries — 4 regions"
    assert "local-industrial-strategies-to-drive-growth" in (meta.subject or "")
    assert "Greater Manchester" in str(meta.get("/Keywords"))
    assert meta.creation_date == NOW
    assert not any("Regions included" in t for t in texts)


def test_merged_pdf_cover_lists_regions_sources_and_dates(
    exporter: Exporter, library: Library, out: Path
) -> None:
    target = out / "briefing.pdf"
    exporter.export(request(["wales", "black-country"], "merged-pdf", target, cover=True))
    reader = pypdf.PdfReader(target)
    assert len(reader.pages) == 3
    cover = reader.pages[0].extract_text()
    assert "Regions included" in cover
    assert cover.index("Black Country") < cover.index("Wales (Wales)")
    for region_id in ("black-country", "wales"):
        record = library.cache.record(region_id)
        assert record is not None
        assert record.url
        assert record.url in cover
    assert "retrieved" in cover
    assert outline_tree(reader) == [
        ("England", 1, [("Black Country", 1)]),
        ("Wales", 2, [("Wales", 2)]),
    ]
    side = json.loads(sidecar_path(target).read_text(encoding="utf-8"))
    assert side["pages"] == 3
    assert side["cover"] is True
    assert side["sha256"] == sha256_file(target)
    assert [s["region"] for s in side["sources"]] == ["black-country", "wales"]


def test_merging_all_41_lists_every_region_on_the_cover(tmp_path: Path, out: Path) -> None:
    cache_root = tmp_path / "all"
    from lis_desktop.content.snapshot import load_regions

    ids = [r.id for r in load_regions()]
    stock_cache(cache_root, region_summaries(tmp_path / "src41", ids, image=False))
    cache = Cache(cache_root)
    library = Library.load(cache)
    target = out / "all.pdf"
    Exporter(library).export(request(list(reversed(ids)), "merged-pdf", target, cover=True))
    cache.close()
    reader = pypdf.PdfReader(target)
    cover_pages = len(reader.pages) - 41
    assert cover_pages >= 1
    cover = "".join(reader.pages[i].extract_text() for i in range(cover_pages))
    tree = outline_tree(reader)
    assert [nation for nation, _, _ in tree] == ["England", "Scotland", "Wales", "Northern Ireland"]
    regions = [title for _, _, children in tree for title, _ in children]
    assert regions == [r.title for r in sorted(library.regions, key=tree_order_key)]
    pages = [page for _, _, children in tree for _, page in children]
    assert pages == list(range(cover_pages, cover_pages + 41))
    assert all(title in cover for title in regions)


# -- PNG, text, Markdown --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("dpi", "size"), [(96, (793, 1123)), (150, (1240, 1754)), (300, (2479, 3508))]
)
def test_png_pixel_size_matches_the_dpi(  # A4 is 595 x 842 pt
    exporter: Exporter, out: Path, dpi: int, size: tuple[int, int]
) -> None:
    result = exporter.export(request(["scotland"], "png", out, dpi=dpi))
    (png,) = result.files
    assert png.name == "Scotland — Industrial Strategy local summary.png"
    assert png_size(png) == size
    pix = pymupdf.Pixmap(str(png))
    samples = pix.samples
    dark = sum(1 for i in range(0, len(samples), pix.n * 97) if samples[i] < 80)
    assert dark > 0  # the page was drawn, not left blank
    side = json.loads(sidecar_path(png).read_text(encoding="utf-8"))
    assert (side["format"], side["dpi"], side["page"]) == ("png", dpi, 1)


def test_png_of_a_several_page_summary_writes_one_file_per_page(tmp_path: Path, out: Path) -> None:
    cache = Cache(tmp_path / "c")
    cache.import_pdf("london", make_summary_pdf(tmp_path / "l.pdf", "London", pages=3))
    result = Exporter(Library.load(cache)).export(request(["london"], "png", out / "l.png"))
    cache.close()
    assert [p.name for p in result.files] == [f"l (page {n}).png" for n in (1, 2, 3)]
    assert all(png_size(p) == (1240, 1754) for p in result.files)


def test_text_has_the_summary_words_in_reading_order(exporter: Exporter, out: Path) -> None:
    (path,) = exporter.export(request(["black-country"], "txt", out / "bc.txt")).files
    text = path.read_text(encoding="utf-8")
    expected = [
        "Industrial Strategy",
        "Black Country",
        "Our area has a strong base in advanced manufacturing",
        "to support exporters.",
        "Key strengths",
        "Unique words for black country and offshore wind.",
        "Page 1",
    ]
    positions = [text.index(phrase) for phrase in expected]
    assert positions == sorted(positions)
    assert "#" not in text


def test_markdown_keeps_the_headings(exporter: Exporter, out: Path) -> None:
    (path,) = exporter.export(request(["black-country"], "md", out)).files
    assert path.name == "Black Country — Industrial Strategy local summary.md"
    lines = path.read_text(encoding="utf-8").splitlines()
    headings = [line for line in lines if line.startswith("#")]
    assert headings == ["# Black Country", "## Key strengths"]
    assert lines.index("# Black Country") < lines.index("## Key strengths")
    paragraph = next(line for line in lines if line.startswith("Our area"))
    assert paragraph.endswith("to support exporters.")  # the wrapped lines joined up


def test_a_name_without_extension_gets_the_formats(exporter: Exporter, out: Path) -> None:
    result = exporter.export(request(["wales", "scotland"], "merged-pdf", out / "briefing"))
    assert result.files == (out / "briefing.pdf",)


def test_importing_export_does_not_load_pypdf(run_cli: object) -> None:
    import subprocess
    import sys

    from conftest import SRC

    code = "import sys, lis_desktop.export.exporter, lis_desktop.cli; print('pypdf' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(SRC), "PATH": ""},
    )
    assert done.stdout.strip() == "False"


def test_dpi_out_of_range_is_refused(exporter: Exporter, out: Path) -> None:
    with pytest.raises(ExportError, match="between 36 and 600 dpi"):
        exporter.export(request(["wales"], "png", out, dpi=5000))
    assert list(out.iterdir()) == []


def test_merged_pdf_follows_the_alphabetical_tree_not_the_gov_uk_listing(
    tmp_path: Path, cache_dir: Path, out: Path
) -> None:
    # GOV.UK lists Coventry & Warwickshire before Coast to Capital; the tree sorts by title.
    ids = ["coventry-warwickshire", "coast-to-capital"]
    stock_cache(cache_dir, region_summaries(tmp_path / "src", ids), url=True)
    cache = Cache(cache_dir)
    try:
        target = out / "two.pdf"
        Exporter(Library.load(cache), clock=lambda: NOW).export(request(ids, "merged-pdf", target))
    finally:
        cache.close()
    assert outline_tree(pypdf.PdfReader(target)) == [
        ("England", 0, [("Coast to Capital", 0), ("Coventry & Warwickshire", 1)]),
    ]
