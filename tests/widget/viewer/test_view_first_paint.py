"""The first page of a document comes first: it is rendered with the opening, in the same job,
and painted before the viewer's worker starts on anything else of the document (look-ahead
pages, thumbnails, text and links), which would compete with that first paint."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from pytestqt.qtbot import QtBot

from lis_desktop.pdf.document import PageInfo, PdfSession, RenderedPage, Word, kept
from lis_desktop.pdf.local import LocalEngine
from lis_desktop.pdf.render_plan import FirstPageGuess, RenderKey
from lis_desktop.ui.viewer.view import PdfView
from support.pdfs import make_summary_pdf

T = TypeVar("T")


class RecordingSession:
    """A PdfDocument noting each call the viewer makes of it (from its worker thread)."""

    def __init__(self, session: PdfSession, calls: list[tuple[str, int]]) -> None:
        self._session = session
        self._calls = calls
        self.path = session.path
        self.page_sizes = session.page_sizes

    @property
    def page_count(self) -> int:
        return len(self.page_sizes)

    def render(
        self,
        index: int,
        scale: float,
        rotation: int,
        night: bool,
        build: Callable[[RenderedPage], T] = kept,  # type: ignore[assignment]
        rows: tuple[int, int] | None = None,
    ) -> T:
        self._calls.append(("render", index))
        return self._session.render(index, scale, rotation, night, build, rows)

    def words(self, index: int) -> tuple[Word, ...]:
        self._calls.append(("words", index))
        return self._session.words(index)

    def page_info(self, index: int) -> PageInfo:
        self._calls.append(("page_info", index))
        return self._session.page_info(index)

    def all_words(self, pages: Sequence[int]) -> dict[int, tuple[Word, ...]]:
        self._calls.append(("all_words", pages[0]))
        return self._session.all_words(pages)

    def close(self) -> None:
        self._session.close()


class RecordingEngine(LocalEngine):
    """PyMuPDF in this process, with every call made of its documents noted in `calls`."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int]] = []

    def open_and_render(
        self,
        path: Path,
        password: str | None,
        guess: FirstPageGuess | None,
        build: Callable[[RenderedPage], T],
    ) -> tuple[RecordingSession, RenderKey | None, T | None]:  # type: ignore[override]
        session, key, image = super().open_and_render(path, password, guess, build)
        self.calls.append(("opened and rendered", key.page if key is not None else -1))
        return RecordingSession(session, self.calls), key, image


def test_the_first_page_is_painted_before_other_work_for_the_document_starts(
    qtbot: QtBot, make_view: Callable[..., PdfView], tmp_path: Path
) -> None:
    pdf = make_summary_pdf(tmp_path / "four.pdf", title="Four", pages=4)
    engine = RecordingEngine()
    view = make_view(engine=engine)  # a four-page document gets thumbnails and a look-ahead
    view.page_rendered.connect(lambda _key, _w, _h: engine.calls.append(("painted", 0)))

    view.open_document(pdf, "four")

    def everything_came() -> bool:  # the look-ahead page, a thumbnail, page 1's text and links
        if view.cache.get(view.canvas.key_for(1)) is None or view.thumbs.count() < 4:
            return False
        return view.cache.get(view.thumbs.key_for(0)) is not None and 0 in view.canvas.page_info

    qtbot.waitUntil(everything_came, timeout=15000)

    assert engine.calls[:2] == [("opened and rendered", 0), ("painted", 0)]
    later = engine.calls[2:]
    assert ("render", 1) in later  # the look-ahead
    assert ("render", 0) in later  # page 1's thumbnail
    assert ("page_info", 0) in later
