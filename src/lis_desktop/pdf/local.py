"""The in-process PDF engine: PyMuPDF (`document.PdfSession`) on the caller's thread.

The PDF host's child process serves the app with it; tests use it directly when they inject a
fault by patching PdfSession, which they could not do inside the host process.

Its sessions (`NightSession`) hand night pages over in their night colours (`night.recoloured`,
QtGui, imported on the first night page): in the host's child, so that the app process does no
night pixel work; in this process, the same pixels.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from lis_desktop.errors import DocumentError
from lis_desktop.pdf.document import PdfSession, RenderedPage, kept
from lis_desktop.pdf.render_plan import FirstPageGuess, RenderKey

T = TypeVar("T")


class NightSession(PdfSession):
    """A PdfSession whose night pages reach `build` already in their night colours."""

    def render(
        self,
        index: int,
        scale: float,
        rotation: int,
        night: bool,
        build: Callable[[RenderedPage], T] = kept,  # type: ignore[assignment]
        rows: tuple[int, int] | None = None,
    ) -> T:
        if night:
            from lis_desktop.pdf.night.colours import (
                recoloured,  # QtGui: loaded by the first night page
            )

            build = recoloured(build)
        return super().render(index, scale, rotation, night, build, rows)


class LocalEngine:
    """PyMuPDF in this process (on the caller's thread): the engine of the PDF host's child,
    and of tests that inject a fault by patching PdfSession."""

    def open(self, path: Path, password: str | None = None) -> PdfSession:
        return NightSession.open(path, password)

    def open_and_render(
        self,
        path: Path,
        password: str | None,
        guess: FirstPageGuess | None,
        build: Callable[[RenderedPage], T],
    ) -> tuple[PdfSession, RenderKey | None, T | None]:
        session = NightSession.open(path, password)
        key = guess.key(session.page_sizes) if guess is not None else None
        if key is None:
            return session, None, None
        try:
            return session, key, session.render(key.page, key.scale, key.rotation, key.night, build)
        except DocumentError:
            return session, key, None  # the render queue tries again and reports the failure

    def ahead_ready(self, path: Path, guess: FirstPageGuess, timeout: float) -> bool:
        return False  # nothing is begun ahead in this process

    def start(self, night: bool = False) -> None:
        pass

    def stop(self) -> None:
        pass
