"""Generated PDFs that look like the real local summaries: one A4 page with headings,
paragraphs and a photograph-like image, about 300 KB."""

from __future__ import annotations

import functools
import random
from pathlib import Path

import pymupdf

A4 = pymupdf.paper_rect("a4")

LOREM = (
    "Our area has a strong base in advanced manufacturing, digital industries and clean energy. "
    "Productivity has grown faster than the national average since 2010, yet skills gaps remain "
    "in engineering and construction. The Local Enterprise Partnership will work with universities "
    "and colleges to raise investment in research and development and to support exporters."
)


def photo_pixmap(width: int = 380, height: int = 260, seed: int = 1) -> pymupdf.Pixmap:
    """A noisy, colourful RGB image: compresses badly, like a photograph, and has true colours."""
    rng = random.Random(seed)
    data = bytearray()
    for y in range(height):
        for x in range(width):
            base_r = 40 + (x * 180) // width
            base_g = 90 + (y * 120) // height
            data += bytes(
                (
                    min(255, base_r + rng.randrange(40)),
                    min(255, base_g + rng.randrange(40)),
                    min(255, 30 + rng.randrange(60)),
                )
            )
    return pymupdf.Pixmap(pymupdf.csRGB, width, height, bytes(data), False)


@functools.lru_cache(maxsize=4)
def _photo(seed: int) -> pymupdf.Pixmap:
    return photo_pixmap(seed=seed)


def make_summary_pdf(
    path: Path,
    title: str = "Black Country",
    words: str = "",
    pages: int = 1,
    image: bool = True,
    seed: int = 1,
    body_text: str = LOREM,
) -> Path:
    """Write a summary-like PDF to `path` and return it. `words` is added as its own paragraph;
    `body_text` is the opening paragraph (give "" for a page whose only words are `words`)."""
    doc = pymupdf.open()
    pix = _photo(seed) if image else None
    for number in range(pages):
        page = doc.new_page(width=A4.width, height=A4.height)
        page.insert_text((50, 70), "Industrial Strategy", fontsize=12, fontname="helv")
        page.insert_text((50, 100), title, fontsize=24, fontname="hebo")
        y = 130.0
        rect = pymupdf.Rect(50, y, A4.width - 50, y + 110)
        page.insert_textbox(rect, body_text, fontsize=10, fontname="helv")
        y += 120
        page.insert_text((50, y), "Key strengths", fontsize=14, fontname="hebo")
        y += 10
        if words:
            page.insert_textbox(
                pymupdf.Rect(50, y, A4.width - 50, y + 80), words, fontsize=10, fontname="helv"
            )
        y += 90
        if pix is not None and number == 0:
            page.insert_image(pymupdf.Rect(50, y, 50 + 380, y + 260), pixmap=pix)
        page.insert_text((50, A4.height - 40), f"Page {number + 1}", fontsize=8, fontname="helv")
    doc.set_metadata({"title": f"{title} — Industrial Strategy local summary"})
    doc.save(path)
    doc.close()
    return path


def make_zero_page_pdf(path: Path) -> Path:
    """A syntactically valid PDF whose page tree is empty (PyMuPDF refuses to save one)."""
    path.write_bytes(
        _raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])
    )
    return path


def summary_pdf_bytes(title: str, words: str = "", seed: int = 1) -> bytes:
    """A summary-like PDF (about 300 KB) as bytes, for servers and fixtures."""
    doc = pymupdf.open()
    page = doc.new_page(width=A4.width, height=A4.height)
    page.insert_text((50, 70), "Industrial Strategy", fontsize=12, fontname="helv")
    page.insert_text((50, 100), title, fontsize=24, fontname="hebo")
    page.insert_textbox(pymupdf.Rect(50, 130, A4.width - 50, 240), LOREM, fontsize=10)
    if words:
        page.insert_textbox(pymupdf.Rect(50, 250, A4.width - 50, 330), words, fontsize=10)
    page.insert_image(pymupdf.Rect(50, 340, 430, 600), pixmap=_photo(seed))
    doc.set_metadata({"title": f"{title} — Industrial Strategy local summary"})
    data = doc.tobytes()
    doc.close()
    return bytes(data)


def region_summaries(folder: Path, region_ids: list[str], image: bool = True) -> dict[str, Path]:
    """Generate a summary for each region, titled as listed, with its id as unique words."""
    from lis_desktop.content.snapshot import load_regions

    titles = {r.id: r.title for r in load_regions()}
    folder.mkdir(parents=True, exist_ok=True)
    return {
        region_id: make_summary_pdf(
            folder / f"{region_id}.pdf",
            title=titles[region_id],
            words=f"Unique words for {region_id.replace('-', ' ')} and offshore wind.",
            image=image,
            seed=seed,
        )
        for seed, region_id in enumerate(region_ids, start=1)
    }


def stock_cache(root: Path, pdfs: dict[str, Path], url: bool = False) -> None:
    """Store each region's PDF in the offline cache at `root`: imported, or (url=True)
    adopted as a download from GOV.UK with its asset URL."""
    from lis_desktop.content.cache import Cache

    cache = Cache(root)
    try:
        for seed, (region_id, pdf) in enumerate(pdfs.items(), start=1):
            if not url:
                cache.import_pdf(region_id, pdf)
                continue
            temp = cache.temp_file(region_id)
            temp.write_bytes(pdf.read_bytes())
            cache.adopt_download(
                region_id,
                temp,
                url=f"https://assets.publishing.service.gov.uk/media/{seed:024x}/{region_id}.pdf",
                etag=None,
                last_modified=None,
            )
    finally:
        cache.close()


def make_text_pdf(path: Path, pages: list[list[tuple[float, str]]]) -> Path:
    """A text-only PDF, fast to make: each page is (y, line) pairs, drawn in the order given
    (so a test can put the bottom line first in the content stream)."""
    doc = pymupdf.open()
    for lines in pages:
        page = doc.new_page(width=A4.width, height=A4.height)
        for y, line in lines:
            page.insert_text((50, y), line, fontsize=10, fontname="helv")
    doc.save(path)
    doc.close()
    return path


def make_scanned_pdf(path: Path, pages: int = 1) -> Path:
    """Pages that are only a picture, as a scanned summary is: no text at all."""
    doc = pymupdf.open()
    for number in range(pages):
        page = doc.new_page(width=A4.width, height=A4.height)
        page.insert_image(pymupdf.Rect(40, 40, A4.width - 40, 400), pixmap=_photo(number + 1))
    doc.save(path)
    doc.close()
    return path


def make_landscape_pdf(path: Path, pages: int = 2) -> Path:
    """A landscape A4 document whose page number is printed large, for layout checks."""
    doc = pymupdf.open()
    for number in range(pages):
        page = doc.new_page(width=A4.height, height=A4.width)
        page.insert_text((60, 120), f"Landscape page {number + 1}", fontsize=40, fontname="hebo")
    doc.save(path)
    doc.close()
    return path


def make_links_pdf(path: Path) -> Path:
    """Two pages; page 1 has an https link, a mailto link, a javascript link and a jump to 2."""
    doc = pymupdf.open()
    doc.new_page(width=A4.width, height=A4.height)
    second = doc.new_page(width=A4.width, height=A4.height)
    second.insert_text((50, 400), "Second page target", fontsize=20, fontname="helv")
    first = doc.load_page(0)  # creating a page invalidates earlier Page objects
    targets = [
        ("GOV.UK website", {"kind": pymupdf.LINK_URI, "uri": "https://www.gov.uk/"}),
        ("Write to us", {"kind": pymupdf.LINK_URI, "uri": "mailto:lis@example.org"}),
        ("Run a script", {"kind": pymupdf.LINK_URI, "uri": "javascript:alert(1)"}),
        ("Jump to page two", {"kind": pymupdf.LINK_GOTO, "page": 1, "to": pymupdf.Point(0, 380)}),
    ]
    for number, (label, link) in enumerate(targets):
        y = 100 + number * 60
        first.insert_text((50, y), label, fontsize=16, fontname="helv")
        first.insert_link({**link, "from": pymupdf.Rect(45, y - 18, 300, y + 6)})
    doc.save(path)
    doc.close()
    return path


def make_encrypted_pdf(path: Path, password: str = "s3cret") -> Path:
    """A summary protected by a user password (AES-256)."""
    plain = make_summary_pdf(path.with_name(path.stem + "-plain.pdf"), title="Protected")
    doc = pymupdf.open(plain)
    doc.save(
        path,
        encryption=pymupdf.PDF_ENCRYPT_AES_256,
        user_pw=password,
        owner_pw=password + "-owner",
    )
    doc.close()
    plain.unlink()
    return path


def make_damaged_pdf(path: Path) -> Path:
    """A summary cut off after its first 200 bytes: no page tree, no xref; cannot be opened."""
    whole = make_summary_pdf(path.with_name(path.stem + "-whole.pdf"))
    path.write_bytes(whole.read_bytes()[:200])
    whole.unlink()
    return path


def _raw_pdf(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def make_bad_page_count_pdf(path: Path) -> Path:
    """A PDF whose page tree is not a tree: counting its pages fails."""
    catalog = b"<< /Type /Catalog /Pages 2 0 R >>"
    path.write_bytes(_raw_pdf([catalog, b"<< /Type /Pages /Kids 5 /Count 3 >>"]))
    return path


def make_bad_page_pdf(path: Path) -> Path:
    """A PDF with one page whose page tree loops on itself: loading the page fails."""
    catalog = b"<< /Type /Catalog /Pages 2 0 R >>"
    path.write_bytes(_raw_pdf([catalog, b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"]))
    return path


# --- Hostile documents: legal PDFs on which single PyMuPDF calls are slow ----------------------


def make_many_pages_pdf(path: Path, pages: int = 3000) -> Path:
    """`pages` nearly empty pages of a few different sizes, each numbered."""
    doc = pymupdf.open()
    sizes = [(A4.width, A4.height), (A4.height, A4.width), (420.0, 595.0), (612.0, 1008.0)]
    for number in range(pages):
        width, height = sizes[number % len(sizes)]
        page = doc.new_page(width=width, height=height)
        page.insert_text((40, 60), f"Page {number + 1}", fontsize=14, fontname="helv")
    doc.save(path)
    doc.close()
    return path


def make_many_links_pdf(path: Path, links: int = 30000) -> Path:
    """One A4 page covered by `links` tiny https link annotations (written as raw objects)."""
    grid = max(1, int(links**0.5) + 1)
    cell_w, cell_h = A4.width / grid, A4.height / grid
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", b"", b"<< >>"]
    annots = []
    for number in range(links):
        x, y = (number % grid) * cell_w, (number // grid) * cell_h
        rect = f"{x:.2f} {y:.2f} {x + cell_w * 0.8:.2f} {y + cell_h * 0.8:.2f}"
        uri = f"https://example.org/link/{number}"
        objects.append(
            f"<< /Type /Annot /Subtype /Link /Rect [{rect}] /Border [0 0 0] "
            f"/A << /S /URI /URI ({uri}) >> >>".encode()
        )
        annots.append(f"{len(objects)} 0 R")
    content = b"BT /F1 14 Tf 40 780 Td (A page with very many links) Tj ET"
    objects[1] = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
    objects[2] = (
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {A4.width:.0f} {A4.height:.0f}] "
        f"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> "
        f"/Contents 4 0 R /Annots [{' '.join(annots)}] >>"
    ).encode()
    objects[3] = b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
    path.write_bytes(_raw_pdf(objects))
    return path


def make_many_spans_pdf(path: Path, spans: int = 60000) -> Path:
    """One A4 page with `spans` tiny separately positioned words (a pathological text page)."""
    columns = 60
    rows = spans // columns + 1
    step_x, step_y = (A4.width - 20) / columns, (A4.height - 20) / rows
    parts = [b"BT /F1 2 Tf"]
    for number in range(spans):
        x = 10 + (number % columns) * step_x
        y = A4.height - 10 - (number // columns) * step_y
        parts.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm (w{number % 997}) Tj".encode())
    parts.append(b"ET")
    content = b"\n".join(parts)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {A4.width:.0f} {A4.height:.0f}] "
            "/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
            ">> >> >> /Contents 4 0 R >>"
        ).encode(),
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    path.write_bytes(_raw_pdf(objects))
    return path


def make_huge_page_pdf(path: Path, side: float = 14400.0) -> Path:
    """One page `side` points square (200 inches, the largest PDF allows) with some text."""
    doc = pymupdf.open()
    page = doc.new_page(width=side, height=side)
    for number in range(40):
        y = 100 + number * (side - 200) / 40
        page.insert_text((100, y), f"Huge page line {number + 1}", fontsize=120, fontname="helv")
    doc.save(path)
    doc.close()
    return path


NAVY = (0.05, 0.15, 0.42)  # headings of the map summary page
TEAL = (0.0, 0.38, 0.40)
_MAP_CORNERS = (
    ((50, 250), (135, 245), (235, 252), (320, 248)),
    ((55, 365), (145, 375), (228, 362), (315, 372)),
    ((50, 495), (140, 490), (232, 498), (318, 492)),
)
_MAP_FILLS = (
    ("Manufacturing", (0.55, 0.78, 0.45)),
    ("Clean energy", (0.99, 0.68, 0.38)),
    ("Digital", (0.45, 0.65, 0.88)),
    ("Life sciences", (0.74, 0.60, 0.85)),
    ("Agri-food", (0.98, 0.90, 0.45)),
    ("Ports", (0.90, 0.45, 0.40)),
)
MAP_PHOTO = pymupdf.Rect(50, 525, 330, 717)


def map_regions() -> list[tuple[str, tuple[float, float, float], list[tuple[float, float]]]]:
    """The vector map of the map summary page: (legend label, fill RGB 0..1, corners) each."""
    regions = []
    for index, (label, fill) in enumerate(_MAP_FILLS):
        row, column = divmod(index, 3)
        top, bottom = _MAP_CORNERS[row], _MAP_CORNERS[row + 1]
        corners = [top[column], top[column + 1], bottom[column + 1], bottom[column]]
        regions.append((label, fill, [(float(x), float(y)) for x, y in corners]))
    return regions


def legend_swatches() -> list[pymupdf.Rect]:
    return [pymupdf.Rect(345, 252 + i * 24, 359, 266 + i * 24) for i in range(len(_MAP_FILLS))]


def make_map_summary_pdf(path: Path, pages: int = 1) -> Path:
    """A summary-like page for night mode: a navy title, a teal heading, black body text, a
    vector map (filled coloured polygons with thin grey borders) with its legend, and a
    photograph; then `pages` - 1 pages of text."""
    doc = pymupdf.open()
    for number in range(1, pages):
        page = doc.new_page(width=A4.width, height=A4.height)
        page.insert_textbox(pymupdf.Rect(50, 60, A4.width - 50, 300), LOREM, fontsize=10)
        page.insert_text((50, A4.height - 40), f"Page {number + 1}", fontsize=8)
    page = doc.new_page(0, width=A4.width, height=A4.height)
    page.insert_text((50, 60), "Industrial Strategy", fontsize=12, fontname="helv")
    page.insert_text((50, 92), "Greater Lincolnshire", fontsize=24, fontname="hebo", color=NAVY)
    page.insert_textbox(pymupdf.Rect(50, 110, A4.width - 50, 200), LOREM, fontsize=10)
    page.insert_text((50, 230), "Where the strengths are", fontsize=16, fontname="hebo", color=TEAL)
    for _label, fill, corners in map_regions():
        page.draw_polyline(
            [*corners, corners[0]], color=(0.3, 0.3, 0.3), fill=fill, width=0.75, closePath=True
        )
    for (label, fill), swatch in zip(_MAP_FILLS, legend_swatches(), strict=True):
        page.draw_rect(swatch, color=(0.3, 0.3, 0.3), fill=fill, width=0.5)
        page.insert_text((swatch.x1 + 8, swatch.y1 - 3), label, fontsize=10, fontname="helv")
    page.insert_image(MAP_PHOTO, pixmap=_photo(3))
    page.insert_textbox(
        pymupdf.Rect(345, 525, A4.width - 50, 717), LOREM, fontsize=9, fontname="helv"
    )
    page.insert_text((50, A4.height - 40), "Page 1", fontsize=8, fontname="helv")
    doc.set_metadata({"title": "Greater Lincolnshire — Industrial Strategy local summary"})
    doc.save(path)
    doc.close()
    return path


def make_big_headings_pdf(path: Path) -> Path:
    """Navy bold headings from 30 to 72 pt above a filled green block (a figure nearby)."""
    doc = pymupdf.open()
    page = doc.new_page(width=A4.width, height=A4.height)
    y = 60.0
    for size in (30, 40, 48, 60, 72):
        page.insert_text(
            (40, y + size), "Lincolnshire IL", fontsize=size, fontname="hebo", color=NAVY
        )
        y += size * 1.3
    page.draw_rect(pymupdf.Rect(300, 600, 550, 800), color=(0.3, 0.3, 0.3), fill=(0.55, 0.78, 0.45))
    doc.save(path)
    doc.close()
    return path


CHART_BARS = (  # (label, value 0..1) of the bar chart of the chart summary page
    ("Productivity", 0.92),
    ("Employment", 0.72),
    ("R&D", 0.53),
    ("Exports", 0.80),
)
CHART_RED = (0.84, 0.21, 0.11)
BANNER_BLUE = (0.11, 0.44, 0.72)


def chart_bar_rects() -> list[pymupdf.Rect]:
    return [pymupdf.Rect(150, 290 + i * 28, 150 + 260 * v, 308 + i * 28)
            for i, (_label, v) in enumerate(CHART_BARS)]  # fmt: skip


def make_chart_summary_pdf(path: Path) -> Path:
    """A summary page with a blue banner (white title on it), a navy heading, black text and
    a red bar chart with black labels (bars 18 pt high, 10 pt apart)."""
    doc = pymupdf.open()
    page = doc.new_page(width=A4.width, height=A4.height)
    page.draw_rect(pymupdf.Rect(0, 0, A4.width, 90), color=None, fill=BANNER_BLUE)
    page.insert_text((50, 40), "Industrial Strategy", fontsize=12, color=(1, 1, 1))
    page.insert_text((50, 72), "Tees Valley", fontsize=24, fontname="hebo", color=(1, 1, 1))
    page.insert_textbox(pymupdf.Rect(50, 110, A4.width - 50, 220), LOREM, fontsize=10)
    page.insert_text((50, 270), "Growth indicators", fontsize=16, fontname="hebo", color=NAVY)
    for (label, _value), bar in zip(CHART_BARS, chart_bar_rects(), strict=True):
        page.insert_text((50, bar.y1 - 4), label, fontsize=10, color=(0.3, 0.3, 0.3))
        page.draw_rect(bar, color=None, fill=CHART_RED)
    doc.save(path)
    doc.close()
    return path


# --- Real-world oddities: PDFs that MuPDF opens and shows, but that stricter readers refuse ----


def _brotli_stored(data: bytes) -> bytes:
    """`data` as a Brotli stream of uncompressed meta-blocks (RFC 7932 §9.2): valid Brotli
    that needs no compressor."""
    bits: list[int] = [0]  # WBITS = 16

    def put(value: int, count: int) -> None:
        bits.extend((value >> i) & 1 for i in range(count))

    out = bytearray()

    def flush_aligned() -> None:
        while len(bits) % 8:
            bits.append(0)
        for i in range(0, len(bits), 8):
            out.append(sum(bit << j for j, bit in enumerate(bits[i : i + 8])))
        bits.clear()

    for start in range(0, len(data), 65536):
        chunk = data[start : start + 65536]
        put(0, 1)  # ISLAST = 0
        put(0, 2)  # MNIBBLES = 4
        put(len(chunk) - 1, 16)
        put(1, 1)  # ISUNCOMPRESSED
        flush_aligned()
        out += chunk
    put(1, 1)  # ISLAST
    put(1, 1)  # ISLASTEMPTY
    flush_aligned()
    return bytes(out)


def _one_page(content: bytes, page_extra: bytes = b"", stream_extra: bytes = b"") -> list[bytes]:
    """Catalog, page tree, one A4 page with Helvetica text, its content stream (objects 1-5)."""
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> " + page_extra + b">>",
        b"<< /Length %d " % len(content)
        + stream_extra
        + b">>\nstream\n"
        + content
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]


def _text_content(text: str) -> bytes:
    return b"BT /F1 24 Tf 60 760 Td (%s) Tj ET" % text.encode("latin-1")


def make_brotli_pdf(path: Path, text: str = "Brotli compressed summary") -> Path:
    """A page whose content stream is /BrotliDecode-compressed (PDF 2.0 errata)."""
    packed = _brotli_stored(_text_content(text))
    objects = _one_page(packed, stream_extra=b"/Filter /BrotliDecode ")
    path.write_bytes(_raw_pdf(objects))
    return path


def make_cyclic_tree_pdf(path: Path, text: str = "Cyclic page tree summary") -> Path:
    """One page, but the page tree also lists itself among its kids (a loop MuPDF skips)."""
    objects = _one_page(_text_content(text))
    objects[1] = b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 1 >>"
    path.write_bytes(_raw_pdf(objects))
    return path


def make_bad_xref_pdf(path: Path, text: str = "Bad cross-reference summary") -> Path:
    """A PDF whose cross-reference offsets all point to the wrong places (MuPDF repairs it)."""
    data = _raw_pdf(_one_page(_text_content(text)))
    head, _, tail = data.partition(b"xref\n")
    table, _, trailer = tail.partition(b"trailer\n")
    lines = table.split(b"\n")
    broken = [lines[0], lines[1]] + [
        b"%010d 00000 n " % (int(line[:10]) + 7) for line in lines[2:] if line
    ]
    path.write_bytes(head + b"xref\n" + b"\n".join(broken) + b"\ntrailer\n" + trailer)
    return path


def make_no_xref_pdf(path: Path, text: str = "No cross-reference summary") -> Path:
    """A PDF cut off before its cross-reference table and trailer (MuPDF rebuilds them)."""
    data = _raw_pdf(_one_page(_text_content(text)))
    path.write_bytes(data[: data.index(b"xref\n")] + b"%%EOF\n")
    return path


def make_owner_password_pdf(path: Path, aes: int = 256) -> Path:
    """A summary that opens without a password but is AES-encrypted with an owner password
    (as many published PDFs are: printing or copying restricted)."""
    plain = make_summary_pdf(path.with_name(path.stem + "-plain.pdf"), title="Restricted")
    doc = pymupdf.open(plain)
    method = pymupdf.PDF_ENCRYPT_AES_256 if aes == 256 else pymupdf.PDF_ENCRYPT_AES_128
    doc.save(path, encryption=method, owner_pw="owner-only", user_pw="", permissions=4)
    doc.close()
    plain.unlink()
    return path


ODD_PDFS = {
    "brotli": make_brotli_pdf,
    "cyclic-tree": make_cyclic_tree_pdf,
    "bad-xref": make_bad_xref_pdf,
    "no-xref": make_no_xref_pdf,
    "aes-256-owner": make_owner_password_pdf,
    "aes-128-owner": lambda path: make_owner_password_pdf(path, aes=128),
}
