"""The in-process PDF engine: PyMuPDF (`document.PdfSession`) on the caller's thread.

The PDF host's child process serves the app with it; tests use it directly when they inject a
fault by patching PdfSession, which they could not do inside the host process.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from lis_desktop.document import PdfSession, RenderedPage
from lis_desktop.errors import DocumentError
from lis_desktop.render_plan import FirstPageGuess, RenderKey

T = TypeVar("T")


class LocalEngine:
    """PyMuPDF in this process (on the caller's thread): the engine of the PDF host's child,
    and of tests that inject a fault by patching PdfSession."""

    def open(self, path: Path, password: str | None = None) -> PdfSession:
        return PdfSession.open(path, password)

    def open_and_render(
        self,
        path: Path,
        password: str | None,
        guess: FirstPageGuess | None,
        build: Callable[[RenderedPage], T],
    ) -> tuple[PdfSession, RenderKey | None, T | None]:
        session = PdfSession.open(path, password)
        key = guess.key(session.page_sizes) if guess is not None else None
        if key is None:
            return session, None, None
        try:
            return session, key, session.render(key.page, key.scale, key.rotation, key.night, build)
        except DocumentError:
            return session, key, None  # the render queue tries again and reports the failure

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass
