"""Page images from the PDF host wrap memory made ready while the page is drawn (no copy of
their own): each keeps its own pixels whatever is drawn after it; the memory goes at the end.
Page images from the in-process engine are copied into memory made while the viewer is idle."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from lis_desktop.document import RenderedPage
from lis_desktop.pdf_host import PdfHost
from lis_desktop.pdf_local import LocalEngine
from lis_desktop.widgets.pdf_view import PdfView
from lis_desktop.widgets.viewer_render import PageImages, image_from_samples
from support.pdfs import make_summary_pdf
from support.viewer import open_and_wait

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="spare memory is Linux only")

SCALE = 1000 / 595  # a page 1000 px wide (4.2 MB): large enough for spare memory


@pytest.fixture
def host(tmp_path: Path) -> Iterator[PdfHost]:
    host = PdfHost(folder=tmp_path / "buffers")
    yield host
    host.stop()


def test_each_page_image_keeps_its_pixels_when_later_pages_are_drawn(
    host: PdfHost, tmp_path: Path
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
    images = [document.render(page, SCALE, 0, False, build) for page in (0, 1, 0, 1)]
    assert lasting == [False, True, True, True]  # the first gives the size of the next ones
    same = [image == expected[page] for image, page in zip(images, (0, 1, 0, 1), strict=True)]
    assert same == [True] * 4
    document.close()


def test_a_small_image_in_between_leaves_the_memory_for_the_next_page(
    host: PdfHost, tmp_path: Path
) -> None:
    document = host.open(make_summary_pdf(tmp_path / "one.pdf"))
    large = document.render(0, SCALE, 0, False, image_from_samples)
    assert host.spare_bytes == 0
    small = document.render(0, 0.2, 0, False)  # a thumbnail, drawn while memory was made
    assert not small.lasting
    assert host.spare_bytes == large.sizeInBytes()
    again = document.render(0, SCALE, 0, False)
    assert again.lasting
    assert host.spare_bytes == 0
    assert image_from_samples(again) == large


def test_in_process_pages_use_memory_made_while_the_viewer_is_idle(tmp_path: Path) -> None:
    path = make_summary_pdf(tmp_path / "two.pdf", pages=2)  # a photograph on page 1 only
    session = LocalEngine().open(path)
    expected = [session.render(page, SCALE, 0, False, image_from_samples) for page in (0, 1)]
    images = PageImages()

    first = session.render(0, SCALE, 0, False, images)  # copied into new memory, as before
    assert images.wanted  # memory for the next page that large
    images.prepare()
    assert not images.wanted
    second = session.render(1, SCALE, 0, False, images)  # copied into that memory
    assert images.wanted  # it was used: the next page needs more
    images.prepare()
    third = session.render(0, SCALE, 0, False, images)

    assert [first, second, third] == [expected[0], expected[1], expected[0]]
    session.close()


def test_the_view_makes_that_memory_once_its_pages_are_rendered(
    qtbot: QtBot, make_view: Callable[..., PdfView], tmp_path: Path
) -> None:
    view = make_view(engine=LocalEngine())
    open_and_wait(qtbot, view, make_summary_pdf(tmp_path / "one.pdf"), "one")
    qtbot.waitUntil(lambda: not view.queue.pending(), timeout=10000)
    assert not view.queue.images.wanted
