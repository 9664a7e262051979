"""The viewer copies page images from either engine into memory it made while it was idle
(`PageImages`): each image keeps its own pixels whatever is drawn after it, a small image in
between (a thumbnail) leaves that memory for the next large page, and the view makes it once
its pages are rendered."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from lis_desktop.pdf.api import PdfEngine
from lis_desktop.pdf.host.parent import PdfHost
from lis_desktop.pdf.local import LocalEngine
from lis_desktop.ui.viewer.rendering import PageImages, image_from_samples
from lis_desktop.ui.viewer.view import PdfView
from support.pdfs import make_summary_pdf
from support.viewer import open_and_wait

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="spare memory is Linux only")

SCALE = 1000 / 595  # a page 1000 px wide (4.2 MB): large enough for spare memory


@pytest.fixture(params=["host", "local"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[PdfEngine]:
    if request.param == "local":
        yield LocalEngine()
        return
    host = PdfHost(folder=tmp_path / "buffers")
    yield host
    host.stop()


def test_each_page_image_keeps_its_pixels_when_later_pages_are_drawn(
    engine: PdfEngine, tmp_path: Path
) -> None:
    path = make_summary_pdf(tmp_path / "two.pdf", pages=2)  # a photograph on page 1 only
    here = LocalEngine().open(path)
    expected = [here.render(page, SCALE, 0, False, image_from_samples) for page in (0, 1)]
    assert expected[0] != expected[1]
    document = engine.open(path)
    images = PageImages()

    drawn = []
    for page in (0, 1, 0, 1):
        drawn.append(document.render(page, SCALE, 0, False, images))
        assert images.wanted  # memory for the next page that large (the first one, or used)
        images.prepare()  # as the viewer's worker does when it has nothing to render
        assert not images.wanted

    same = [image == expected[page] for image, page in zip(drawn, (0, 1, 0, 1), strict=True)]
    assert same == [True] * 4
    document.close()
    here.close()


def test_a_small_image_in_between_leaves_the_memory_for_the_next_page(
    engine: PdfEngine, tmp_path: Path
) -> None:
    document = engine.open(make_summary_pdf(tmp_path / "one.pdf"))
    images = PageImages()
    large = document.render(0, SCALE, 0, False, images)
    images.prepare()

    document.render(0, 0.2, 0, False, images)  # a thumbnail
    assert not images.wanted  # the memory is still there
    again = document.render(0, SCALE, 0, False, images)
    assert images.wanted  # it was used by the large page

    assert again == large
    document.close()


def test_the_view_makes_that_memory_once_its_pages_are_rendered(
    qtbot: QtBot, make_view: Callable[..., PdfView], tmp_path: Path
) -> None:
    view = make_view()  # through the PDF host
    open_and_wait(qtbot, view, make_summary_pdf(tmp_path / "one.pdf"), "one")
    qtbot.waitUntil(lambda: not view.queue.pending(), timeout=10000)
    assert not view.queue.images.wanted
