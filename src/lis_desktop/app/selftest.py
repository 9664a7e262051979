"""`lis-desktop --self-test`: start the app offscreen and prove an installation works.

It loads the bundled snapshot, imports the PDF the app carries for the purpose
(`resources/selftest/summary.pdf`) into a temporary offline cache, reads it back (SHA-256 equal),
shows the main window and waits for the viewer to render that PDF (in its PDF host process,
which a frozen bundle starts as its own executable with --pdf-host), reads the bundled map and
draws it to SVG (the map data and QtSvg are in the bundle), then prints one line with OK
and timings and returns 0 — or one line with the reason and a non-zero status. It never touches the
user's cache or settings, and runs the same from a source tree and from a frozen bundle.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QEventLoop,
    QMessageLogContext,
    QSettings,
    QSize,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication

from lis_desktop import APP_NAME, __version__, resources
from lis_desktop.app import (
    root as gui,  # the composition root: the self-test starts what users start
)
from lis_desktop.atomic import atomic_write_bytes
from lis_desktop.content.cache import Cache, sha256_file
from lis_desktop.content.library import Library
from lis_desktop.domain import Offline
from lis_desktop.errors import LisError
from lis_desktop.pdf.host.parent import PdfHost

log = logging.getLogger(__name__)

PDF_RESOURCE = "selftest/summary.pdf"
ICON_RESOURCE = "icons/lis-desktop.svg"
REGION = "black-country"  # any region: the PDF is imported for it, in a temporary cache
EXPECTED_REGIONS = 41
DEFAULT_TIMEOUT_S = 60.0


class SelfTestError(Exception):
    """A check failed; the message says which and why."""


def run(argv: Sequence[str] | None = None) -> int:
    """Run every check; print one line; 0 when all passed. `argv` may hold the app's own args."""
    args = _parse(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    timings: dict[str, float] = {}
    previous_handler = qInstallMessageHandler(_on_qt_message)
    try:
        with tempfile.TemporaryDirectory(prefix="lis-desktop-selftest-") as tmp:
            details = _run_checks(Path(tmp), timings, args.self_test_timeout)
    except (SelfTestError, LisError) as exc:
        return _report(f"{APP_NAME} {__version__} self-test FAILED: {exc}", args, ok=False)
    except Exception as exc:  # the self-test's purpose: any breakage becomes one readable line
        log.debug("Self-test crashed", exc_info=True)  # the line below says what; no traceback
        reason = f"{exc.__class__.__name__}: {exc}"
        return _report(f"{APP_NAME} {__version__} self-test FAILED: {reason}", args, ok=False)
    finally:
        qInstallMessageHandler(previous_handler)
    total = (time.perf_counter() - started) * 1000
    steps = ", ".join(f"{name} {ms:.0f} ms" for name, ms in timings.items())
    line = f"{APP_NAME} {__version__} self-test OK ({details}): {steps}; total {total:.0f} ms"
    return _report(line, args, ok=True)


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--self-test-timeout", type=float, default=DEFAULT_TIMEOUT_S)
    # Also write the result line to a file: a windowed Windows build may have no console at all.
    parser.add_argument("--self-test-report", type=Path, default=None)
    args, _rest = parser.parse_known_args(list(argv or []))
    return args


def _run_checks(tmp: Path, timings: dict[str, float], timeout_s: float) -> str:
    with _timed(timings, "qt"):
        app = _start_qt()
    services = gui.Services.create(tmp / "cache", offline=True)
    services.start_pdf_engine(night=False)  # as the app does, before the window is built
    try:
        with _timed(timings, "snapshot"):
            library = _check_snapshot(services.cache)
        with _timed(timings, "cache"):
            _check_cache(tmp, services.cache)
        with _timed(timings, "window"):
            width, height = _show_and_render(services, tmp, REGION, timeout_s)
        with _timed(timings, "map"):
            features = _check_map(library)
    finally:
        services.shutdown()
    frozen = "frozen" if getattr(sys, "frozen", False) else "source"
    regions = len(library.regions)
    page = f"page {width}x{height} px drawn by the PDF host"
    return f"{app.platformName()}, {frozen}, {regions} regions, {page}, {features} map areas"


@contextmanager
def _timed(timings: dict[str, float], name: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    timings[name] = (time.perf_counter() - start) * 1000


def _check_snapshot(cache: Cache) -> Library:
    library = Library.load(cache)
    if len(library.regions) != EXPECTED_REGIONS:
        raise SelfTestError(
            f"the bundled snapshot lists {len(library.regions)} regions, not {EXPECTED_REGIONS}"
        )
    if not library.publication.attachments:
        raise SelfTestError("the bundled publication lists no attachments")
    return library


def _check_cache(tmp: Path, cache: Cache) -> str:
    """Import the carried PDF, reopen the cache and read the file back; returns its SHA-256."""
    data = resources.read_bytes(PDF_RESOURCE)
    expected = hashlib.sha256(data).hexdigest()
    source = tmp / "summary.pdf"
    source.write_bytes(data)
    record = cache.import_pdf(REGION, source)
    cache.close()  # read back through a fresh connection: what a restart would see
    reopened = Cache(cache.root)
    try:
        path = reopened.pdf_path(REGION)
        status = reopened.statuses().get(REGION)
    finally:
        reopened.close()
    if path is None or status != Offline.AVAILABLE:
        raise SelfTestError(f"the imported PDF is not available in the cache (status {status})")
    if record.sha256 != expected or sha256_file(path) != expected:
        raise SelfTestError("the PDF read back from the cache differs from the one imported")
    return expected


def _check_map(library: Library) -> int:
    """The bundled map data reads, and the map draws to SVG (QtSvg is in the bundle)."""
    from lis_desktop.geo import colouring, packed
    from lis_desktop.ui.map.export import MapPicture, render_svg
    from lis_desktop.ui.map.render import MapScene

    data = packed.load_bundled()
    data.check_regions(r.id for r in library.regions)
    picture = MapPicture(MapScene(data), colouring.by_body(library.regions))
    if "Source: Office for National Statistics" not in render_svg(picture, 800, 1000).decode():
        raise SelfTestError("the map drawn to SVG lacks the data's attribution")
    return len(data.areas)


def _start_qt() -> QApplication:
    """The application object as the app makes it; its icon must draw (SVG support bundled)."""
    app = gui.make_application([])
    if app.windowIcon().pixmap(QSize(32, 32)).isNull():
        raise SelfTestError(f"the app icon '{ICON_RESOURCE}' cannot be drawn (no SVG support?)")
    return app


def _show_and_render(
    services: gui.Services, tmp: Path, region: str, timeout_s: float
) -> tuple[int, int]:
    """Build and show the main window as the app does, select `region`, wait for its page."""
    rendered: list[tuple[int, int]] = []
    failures: list[str] = []
    store = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
    window = gui.build_window(services, store)
    window.viewer.page_rendered.connect(
        lambda key, width, height: rendered.append((width, height)) if key == region else None
    )
    window.viewer.document_failed.connect(lambda _key, message: failures.append(message))
    try:
        window.show()
        _wait_until(
            lambda: window.windowHandle() is not None and window.windowHandle().isExposed(),
            timeout_s,
            "the main window did not appear",
        )
        if not window.select_region(region):
            raise SelfTestError(f"the window cannot select the region '{region}'")
        _wait_until(lambda: bool(rendered or failures), timeout_s, "the PDF was not rendered")
        if failures:
            raise SelfTestError(f"the viewer could not show the PDF: {failures[0]}")
        width, height = rendered[0]
        if width <= 0 or height <= 0:
            raise SelfTestError(f"the viewer rendered an empty page ({width}x{height})")
        engine = window.viewer.engine
        if not isinstance(engine, PdfHost) or engine.pid is None or not engine.served:
            raise SelfTestError("the page was not drawn by the viewer's PDF host process")
        return width, height
    finally:
        window.close()
        services.shutdown()  # while the window's features are still there
        window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _on_qt_message(mode: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    """Qt's messages go to the log, not the console: the self-test prints one line."""
    serious = mode in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)
    level = logging.ERROR if serious else logging.INFO
    log.log(level, "Qt: %s", message)


def _wait_until(condition: Callable[[], bool], timeout_s: float, failure: str) -> None:
    """Process Qt events until `condition` holds; SelfTestError after `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise SelfTestError(f"{failure} within {timeout_s:.0f} s")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def _report(line: str, args: argparse.Namespace, *, ok: bool) -> int:
    """Print (and log, and optionally save) the one result line; the exit status."""
    if args.self_test_report is not None:
        try:
            atomic_write_bytes(args.self_test_report, (line + "\n").encode("utf-8"))
        except OSError as exc:
            where = args.self_test_report
            line = f"{APP_NAME} {__version__} self-test FAILED: cannot write '{where}': {exc}"
            ok = False
    log.info("%s", line)  # INFO: the console line below is the one the user sees
    stream = _console(sys.stdout if ok else sys.stderr)
    if stream is not None:
        try:
            stream.write(line + "\n")
            stream.flush()
        except (OSError, ValueError):
            pass  # nowhere to print: the exit status and the log still tell
    return 0 if ok else 1


def _console(stream: TextIO | None) -> TextIO | None:
    """The stream to print on; a windowed Windows build has none, so borrow the parent console."""
    if stream is not None:
        return stream
    if sys.platform == "win32":
        import ctypes

        attach: Callable[[int], int] = ctypes.windll.kernel32.AttachConsole
        if attach(-1):  # ATTACH_PARENT_PROCESS: the terminal that started us
            try:
                return open("CONOUT$", "w", encoding="utf-8")
            except OSError:
                return None
    return None
