"""What the viewer asks of an open PDF and of the engine that opens it (Qt-free).

Two engines implement it: `pdf_local.LocalEngine` (PyMuPDF in this process, through
`document.PdfSession`) and `pdf_host.PdfHost` (PyMuPDF in the PDF host process).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from lis_desktop.pdf.document import PageInfo, RenderedPage, Word

if TYPE_CHECKING:
    from lis_desktop.pdf.render_plan import FirstPageGuess, RenderKey

T = TypeVar("T")


class PdfDocument(Protocol):
    """An open PDF as the viewer uses it, with PdfSession's calls and exceptions: a PdfSession
    in this process, or a `pdf_host.HostDocument` open in the PDF host process."""

    @property
    def path(self) -> Path: ...
    @property
    def page_sizes(self) -> tuple[tuple[float, float], ...]: ...
    @property
    def page_count(self) -> int: ...
    def render(
        self,
        index: int,
        scale: float,
        rotation: int,
        night: bool,
        build: Callable[[RenderedPage], T] = ...,
        rows: tuple[int, int] | None = None,
    ) -> T: ...
    def words(self, index: int) -> tuple[Word, ...]: ...
    def page_info(self, index: int) -> PageInfo: ...
    def all_words(self, pages: Sequence[int]) -> dict[int, tuple[Word, ...]]: ...
    def page_texts(self, pages: Sequence[int] | None = None) -> list[str]: ...
    def close(self) -> None: ...


class PdfEngine(Protocol):
    """Opens PdfDocuments: `pdf_local.LocalEngine` (this process) or `pdf_host.PdfHost`.
    `open_and_render` also renders the page `guess` says the view shows first (None when the
    view wants bands, or when that render failed); `start` gets ready ahead of need without
    blocking (with `night`, ready for night pages too); `stop` lets go of everything for good.
    `ahead_ready` says whether an opening of `path` rendering `guess` was begun before anyone
    asked (the PDF host's `open_ahead`, at launch) and is done, waiting `timeout` seconds at
    most: `open_and_render` of the same then returns at once."""

    def open(self, path: Path, password: str | None = None) -> PdfDocument: ...
    def open_and_render(
        self,
        path: Path,
        password: str | None,
        guess: FirstPageGuess | None,
        build: Callable[[RenderedPage], T],
    ) -> tuple[PdfDocument, RenderKey | None, T | None]: ...
    def ahead_ready(self, path: Path, guess: FirstPageGuess, timeout: float) -> bool: ...
    def start(self, night: bool = False) -> None: ...
    def stop(self) -> None: ...
