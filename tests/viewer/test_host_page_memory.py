"""Page images from the PDF host wrap memory made ready ahead of need (no copy of their own):
each keeps its own pixels whatever is drawn after it, and nothing is left running at the end."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from lis_desktop.document import RenderedPage
from lis_desktop.pdf_host import PdfHost
from lis_desktop.pdf_local import LocalEngine
from lis_desktop.widgets.viewer_render import image_from_samples
from support.pdfs import make_summary_pdf

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="spare memory is Linux only")

SCALE = 1000 / 595  # a page 1000 px wide (4.2 MB): large enough for spare memory


@pytest.fixture
def host(tmp_path: Path) -> Iterator[PdfHost]:
    host = PdfHost(folder=tmp_path / "buffers")
    yield host
    host.stop()


def test_each_page_image_keeps_its_pixels_when_later_pages_are_drawn(
    qtbot: QtBot, host: PdfHost, tmp_path: Path
) -> None:
    path = make_summary_pdf(tmp_path / "two.pdf", pages=2)  # a photograph on page 1 only
    here = LocalEngine().open(path)
    expected = [here.render(page, SCALE, 0, False, image_from_samples) for page in (0, 1)]
    assert expected[0] != expected[1]
    lasting: list[bool] = []

    def build(page: RenderedPage) -> QImage:
        lasting.append(page.lasting)
        return image_from_samples(page)

    document = host.open(path)
    images = [document.render(0, SCALE, 0, False, build)]  # memory for the next is made now
    for page in (1, 0, 1):
        qtbot.waitUntil(lambda: host.spare_bytes > 0, timeout=10000)
        images.append(document.render(page, SCALE, 0, False, build))
    assert lasting == [False, True, True, True]  # all but the first wrap their memory
    same = [image == expected[page] for image, page in zip(images, (0, 1, 0, 1), strict=True)]
    assert same == [True] * 4
    document.close()


def test_stopping_the_host_ends_the_spare_memory_thread(
    qtbot: QtBot, host: PdfHost, tmp_path: Path
) -> None:
    document = host.open(make_summary_pdf(tmp_path / "one.pdf"))
    document.render(0, SCALE, 0, False, image_from_samples)
    qtbot.waitUntil(lambda: host.spare_bytes > 0, timeout=10000)
    host.stop()
    assert host.spare_bytes == 0
    assert [t.name for t in threading.enumerate() if t.name == "pdf-spare"] == []
