"""Composition root of the GUI (its arguments parsed by `arguments`): logging, error reporting,
the single-instance guard, the services and the main window, and the wiring between them. The
one module that knows all the others."""

from __future__ import annotations

import argparse
import functools
import logging
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QSettings,
    QTimer,
    qInstallMessageHandler,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from lis_desktop import paths, trace, version
from lis_desktop.app.arguments import VIEWS as VIEWS  # the GUI's arguments, Qt-free
from lis_desktop.app.arguments import UsageError as UsageError
from lis_desktop.app.arguments import absolute
from lis_desktop.app.arguments import build_parser as build_parser
from lis_desktop.app.arguments import parse_arguments as parse_arguments
from lis_desktop.app.runtime import (
    ExceptionReporter as ExceptionReporter,
)
from lis_desktop.app.runtime import (
    FileOpenFilter as FileOpenFilter,
)
from lis_desktop.app.runtime import (
    install_icon_fallbacks,
    qt_message_handler,
    set_window_icon,
    setup_logging,
)
from lis_desktop.app.runtime import (
    make_application as make_application,
)
from lis_desktop.errors import LisError

if TYPE_CHECKING:
    from lis_desktop.app.instance import Request
    from lis_desktop.content.cache import Cache
    from lis_desktop.content.library import Library
    from lis_desktop.content.sync_report import SyncProgress
    from lis_desktop.export.exporter import Exporter
    from lis_desktop.pdf.api import PdfEngine
    from lis_desktop.search.index import IndexReport
    from lis_desktop.tasks import TaskRunner
    from lis_desktop.ui.compare.mode import CompareMode
    from lis_desktop.ui.first_look import FirstLook
    from lis_desktop.ui.main_window import MainWindow
    from lis_desktop.ui.map.mode import MapMode
    from lis_desktop.ui.matrix.mode import MatrixMode
    from lis_desktop.ui.notes.feature import NotesFeature
    from lis_desktop.ui.search.mode import SearchMode
    from lis_desktop.ui.sync.actions import SyncUi
    from lis_desktop.ui.viewer.first_pages import FirstPages
    from lis_desktop.ui.viewer.view import PdfView

log = logging.getLogger(__name__)

EXIT_AFTER_ENV = "LIS_DESKTOP_EXIT_AFTER"  # window_shown, page_rendered, features_installed, …
HEADLESS_PLATFORMS = ("offscreen", "minimal")


# -- services and window ---------------------------------------------------------------------
@dataclass
class Services:
    """What the window and features share; built once here and handed down, and shut down
    here in order when the app quits."""

    cache: Cache
    runner: TaskRunner  # sync, export, checks
    engine: PdfEngine  # the PDF engine (the PDF host process), shared by every view
    pdf_runner: TaskRunner  # the serial lane the engine's requests are made on
    offline: bool = False
    shutdown_hooks: list[Callable[[], None]] = field(default_factory=list)  # run at exit
    # Run at start when the launch asked for nothing in particular: what was open at exit.
    restore_hooks: list[Callable[[], None]] = field(default_factory=list)
    api_url: str | None = None  # None: the real GOV.UK item
    allow_origins: tuple[str, ...] = ()
    views: dict[str, Callable[[], None]] = field(default_factory=dict)  # --view NAME shows one
    # Run once the start is over: the window complete, the features in, the launch's request done.
    started_hooks: list[Callable[[], None]] = field(default_factory=list)
    first_pages: FirstPages | None = None  # the app's: pages of documents read before, on disk

    @classmethod
    def create(
        cls,
        cache_root: Path,
        *,
        offline: bool = False,
        api_url: str | None = None,
        allow_origins: tuple[str, ...] = (),
        engine: PdfEngine | None = None,
    ) -> Services:
        """The app's services over the cache at `cache_root`; `engine` is the PDF engine
        (perhaps started already), by default a PdfHost not started yet."""
        from lis_desktop.content.cache import Cache
        from lis_desktop.pdf.host.parent import PdfHost
        from lis_desktop.tasks import TaskRunner

        return cls(
            Cache(cache_root),
            TaskRunner(2),
            engine if engine is not None else PdfHost(),
            TaskRunner(1),
            offline=offline,
            api_url=api_url,
            allow_origins=allow_origins,
        )

    def start_pdf_engine(self, night: bool) -> None:
        """Get the PDF engine ready ahead of the first document, off the GUI thread (the host
        process then loads PyMuPDF while the window is built; with `night`, its colours too)."""
        self.pdf_runner.run(functools.partial(self.engine.start, night), _ignored, _not_started)

    def shutdown(self) -> None:
        """Features first, then the PDF engine (its process ends), then the lanes, the cache
        (once: later calls do nothing). Features' hooks may use their widgets: run it before
        the window is deleted."""
        hooks, self.shutdown_hooks = self.shutdown_hooks, []
        for hook in hooks:
            hook()
        self.engine.stop()
        self.pdf_runner.wait(5000)
        self.runner.wait(5000)
        self.cache.close()


def _ignored(_result: object) -> None:
    pass


def _not_started(exc: BaseException) -> None:
    log.warning("The PDF engine did not start: %s", exc)


def build_window(
    services: Services,
    settings_store: QSettings,
    *,
    features: bool = True,
    complete: bool = True,
    frame: bool = True,
) -> MainWindow:
    """The main window over the services; with `features`, sync, export and search plugged in;
    without `complete`, only its frame, and without `frame` an empty shell (see MainWindow).
    The app itself builds the shell (which may show the first look), then the frame, shows the
    first page, then completes the window and installs the features."""
    from lis_desktop.content.library import Library
    from lis_desktop.settings import Settings
    from lis_desktop.ui.main_window import MainWindow

    library = Library.load(services.cache)
    window = MainWindow(
        library,
        Settings(settings_store),
        services.engine,
        services.pdf_runner,
        offline=services.offline,
        complete=complete or features,
        first_pages=services.first_pages,
        frame=frame,
    )
    if features:
        install_features(window, services)
    return window


def install_features(window: MainWindow, services: Services) -> None:
    """Features plug in here: build their widgets with `services` and `window`, wire signals.

    The app runs this right after the window is first shown, so the features' imports
    (PyMuPDF, pypdf, httpx, …) do not delay the window; their menu entries, toolbar buttons
    and panels arrive a moment later."""
    from lis_desktop.ui.accessibility.motion import honour_reduced_motion

    honour_reduced_motion()  # asks the desktop (a process on GNOME): after the first paint
    sync = install_sync(services, window)
    install_export(window, window.library, services)
    search = install_search(services, window)
    index_as_summaries_arrive(sync, search)
    matrix = install_matrix(services, window, search)
    install_copies(window)
    install_cache_watch(services, window)
    notes = install_notes(services, window)
    search.panel.note_activated.connect(notes.open_note)  # a hit in the notes opens it
    compare = install_compare(services, window)
    search.hit_compare_requested.connect(compare.show_beside)
    matrix.beside_requested.connect(compare.show_beside)
    notes.highlight_in(compare.second)  # the second pane shows (and makes) highlights too
    install_map(services, window, matrix)
    window.refresh_menus()


def install_sync(services: Services, window: MainWindow) -> SyncUi:
    """Sync: a controller running sync off the GUI thread, and its action/progress UI."""
    from lis_desktop.content import origins
    from lis_desktop.ui.sync.actions import SyncUi
    from lis_desktop.ui.sync.controller import SyncController

    allowed = tuple(origins.parse_origin(o) for o in services.allow_origins)
    controller = SyncController(
        services.cache.root,
        window.library.regions,
        services.runner,
        api_url=services.api_url or origins.API_URL,
        client_options=origins.ClientOptions(allow_origins=allowed),
        parent=window,
    )
    return SyncUi(window, controller, offline=services.offline)  # owned by the window


def install_export(window: MainWindow, library: Library, services: Services) -> None:
    """File ▸ Export… (Ctrl+E) and the tree's context menu; parented to the window. The
    exporter (PyMuPDF, pypdf) is loaded when the user first exports."""
    from lis_desktop.ui.export.actions import ExportActions

    def exporter() -> Exporter:
        from lis_desktop.export.exporter import Exporter

        return Exporter(library)

    ExportActions(window, exporter, services.runner)


def install_search(services: Services, window: MainWindow) -> SearchMode:
    """The "Search text" mode: its index, its own worker lane (a long sync never delays a
    search), the panel and its controller; the index catches up shortly after start, reading
    the summaries' text in the PDF engine's process (PyMuPDF never loads in the window's)."""
    from lis_desktop.search.index import SearchIndex
    from lis_desktop.search.text import engine_extractor
    from lis_desktop.tasks import TaskRunner
    from lis_desktop.ui.search.controller import SearchController
    from lis_desktop.ui.search.mode import SearchMode
    from lis_desktop.ui.search.panel import SearchPanel

    regions = window.library.regions
    panel = SearchPanel(regions)
    index = SearchIndex.for_cache(services.cache, regions)
    runner = TaskRunner(2, window)
    extract = engine_extractor(services.engine)
    controller = SearchController(panel, index, services.cache.root, runner, extract)
    mode = SearchMode(window, panel, controller)

    def shutdown() -> None:
        controller.shutdown()
        runner.wait(5000)
        index.close()

    services.shutdown_hooks.append(shutdown)
    controller.index_updated.connect(_on_index_updated)
    # After the first page is on screen; tied to the controller, so a window closed within that
    # second never starts an indexing pass while it is being destroyed.
    QTimer.singleShot(1000, controller, controller.update_index)
    return mode


def _on_index_updated(report: IndexReport) -> None:
    trace.emit("search_indexed", indexed=len(report.indexed), failed=sorted(report.failed))
    if os.environ.get(EXIT_AFTER_ENV) == "search_indexed":
        QCoreApplication.quit()


def install_notes(services: Services, window: MainWindow) -> NotesFeature:
    """Notes: the service over the cache's notes store (placing notes on new versions on the
    shared runner), the viewer's highlights, the Notes menu and the notes panel's dock."""
    from lis_desktop.ui.notes.feature import NotesFeature
    from lis_desktop.ui.notes.service import NotesService

    service = NotesService(services.cache, services.runner, window)
    return NotesFeature(window, service, services.runner)


def install_copies(window: MainWindow) -> None:
    """File ▸ Use GOV.UK Copy / Use Imported Copy, for a summary with both (owned by the window)."""
    from lis_desktop.ui.copies import CopyActions

    CopyActions(window)


def install_cache_watch(services: Services, window: MainWindow) -> None:
    """Another program (the CLI, another window) syncing or importing into this cache: the
    window re-reads the statuses and the story once the writes settle."""
    from lis_desktop.ui.cache_watch import CacheWatcher

    watcher = CacheWatcher(services.cache.root, window)

    def on_changed() -> None:
        try:
            window.library.reload_publication()
        except LisError as exc:
            log.warning("Cannot reload the story: %s", exc)
        window.refresh_library()

    watcher.cache_changed.connect(on_changed)


def install_compare(services: Services, window: MainWindow) -> CompareMode:
    """Two summaries side by side: a second viewer on the app's PDF engine and lane beside the
    window's; the comparison open at exit comes back at the next start."""
    from lis_desktop.ui.compare.mode import CompareMode
    from lis_desktop.ui.viewer.view import PdfView

    second = PdfView(window.settings, services.engine, services.pdf_runner)
    mode = CompareMode(window, second, services.runner)
    services.shutdown_hooks.append(second.shutdown)  # saves its reading position
    services.restore_hooks.append(mode.restore)
    if os.environ.get(EXIT_AFTER_ENV) == "compare_shown":
        mode.shown.connect(lambda *_: QCoreApplication.quit())
    return mode


def install_map(services: Services, window: MainWindow, matrix: MatrixMode) -> MapMode:
    """View ▸ Map: the 41 areas in the tree's place (`--view map`), coloured by a theme matrix
    column if asked; exports on the runner."""
    from lis_desktop.ui.map.mode import MapMode
    from lis_desktop.ui.map.themes import MatrixThemes

    mode = MapMode(window, services.runner, MatrixThemes(matrix.controller))
    matrix.controller.matrix_changed.connect(lambda _matrix: mode.themes_changed())
    services.views["map"] = mode.show
    if os.environ.get(EXIT_AFTER_ENV) == "map_shown":
        mode.map_shown.connect(lambda _features: QCoreApplication.quit())
    return mode


def index_as_summaries_arrive(sync: SyncUi, search: SearchMode) -> None:
    """Summaries a running sync downloads become searchable one by one, not only at its end."""
    files_done = -1

    def on_progress(progress: SyncProgress) -> None:
        nonlocal files_done
        if progress.files_done != files_done:
            files_done = progress.files_done
            search.controller.update_index()  # passes coalesce: one runs, one more queued

    sync.controller.sync_progressed.connect(on_progress)


def install_matrix(services: Services, window: MainWindow, search: SearchMode) -> MatrixMode:
    """View ▸ Theme Matrix: counted from the search's own index on a lane of its own, again as
    that index changes; its columns from the settings; `matrix_shown` traced when first seen."""
    from lis_desktop import settings
    from lis_desktop.domain import Offline
    from lis_desktop.search.matrix import load_columns
    from lis_desktop.tasks import TaskRunner
    from lis_desktop.ui.matrix.controller import MatrixController
    from lis_desktop.ui.matrix.mode import MatrixMode
    from lis_desktop.ui.matrix.view import MatrixView

    offline_states = (Offline.AVAILABLE, Offline.UPDATE_AVAILABLE)

    def offline() -> set[str]:
        return {r for r, state in window.library.statuses().items() if state in offline_states}

    columns = load_columns(window.settings.get(settings.MATRIX_COLUMNS))
    runner = TaskRunner(1, window)
    controller = MatrixController(search.controller.index, runner, columns, offline, window)
    mode = MatrixMode(window, MatrixView(columns), controller, services.runner)
    search.controller.indexing_changed.connect(lambda *_: mode.index_changed())
    mode.shown.connect(_on_matrix_shown)

    def shutdown() -> None:
        mode.shutdown()
        runner.wait(5000)

    services.shutdown_hooks.insert(0, shutdown)  # before the search closes the index
    services.views["matrix"] = mode.open
    return mode


def _on_matrix_shown(rows: int, columns: int) -> None:
    trace.emit("matrix_shown", rows=rows, columns=columns)
    if os.environ.get(EXIT_AFTER_ENV) == "matrix_shown":
        QCoreApplication.quit()


def apply_request(
    window: MainWindow, request: Request, views: dict[str, Callable[[], None]] | None = None
) -> None:
    """Do what a launch asked (open a file, select a region, compare it with another, show a
    view) in the running window; `views` are the named views features installed
    (Services.views)."""
    if request.file:
        window.open_file(Path(request.file))
    elif request.region and not request.compare:
        window.select_region(request.region)
    if request.compare:  # the comparison selects the region itself, once laid out
        first = request.region if request.region and not request.file else None
        window.compare_requested.emit(first or window.current_region_id() or "", request.compare)
        if first and window.current_region_id() != first:
            window.select_region(first)  # not compared: the region is shown all the same
    show_view = (views or {}).get(request.view or "")
    if show_view is not None:
        show_view()
    if window.isMinimized():
        window.showNormal()
    if QGuiApplication.platformName() not in HEADLESS_PLATFORMS:  # they cannot raise windows
        window.raise_()
        window.activateWindow()


def verify_cache_later(services: Services, window: MainWindow) -> None:
    """After the window is up: re-hash the offline files on a worker with its own connection,
    and remove what an interrupted import, download or export left (the cache's and the last
    export folder's stale temporary files)."""
    from lis_desktop import settings
    from lis_desktop.content.cache import Cache
    from lis_desktop.export.leftovers import remove_stale_export_parts

    root = services.cache.root
    export_folder = window.settings.get(settings.EXPORT_FOLDER)

    def job() -> list[str]:
        own = Cache(root)
        try:
            own.remove_stale_temp_files()
            if export_folder:
                remove_stale_export_parts(Path(export_folder))
            return own.verify(gently=True)  # no OpenSSL in the window, no GUI hold-ups
        finally:
            own.close()

    def done(corrupt: list[str]) -> None:
        if corrupt:
            log.warning("Damaged offline copies: %s", ", ".join(corrupt))
            window.refresh_library()

    def failed(exc: BaseException) -> None:
        log.warning("Offline cache check failed: %s", exc)

    services.runner.run(job, done, failed)


def start(
    window: MainWindow,
    services: Services,
    request: Request,
    saved_region: str | None,
    after_shown: Callable[[], None],
) -> None:
    """What the app does once its window (perhaps only its frame) is shown: the page first,
    asked for while the window's first frame is being laid out (so that it is often in that
    frame), and `after_shown` from the event loop; once that page is on screen (or has failed,
    or none is opened) the window is completed and the features (sync, search, export, the
    views: their imports and widgets) are plugged in, then the rest of `request` is done, or
    without one the hooks restore what was open at exit."""
    QTimer.singleShot(0, lambda: _on_window_shown(after_shown))
    first_page_then(
        window.viewer,
        lambda: _open_first(window, request, saved_region),
        lambda: _after_first_page(window, services, request),
    )


def first_look(window: MainWindow, request: Request, folder: Path) -> bool:
    """Show the window (a shell, before the services) with the page this launch shows first,
    painted where it was last seen, if that page was kept in `folder` at the size the window is
    restored at (see ui/first_look.py); whether it did. A launch asking for a comparison or
    another view shows its own first."""
    if request.compare or request.view:
        return False
    from lis_desktop.ui import first_look as looks

    window.restore_geometry()
    return _show_look(window, looks.load_look(folder, request.file, _first_region(window, request)))


def ahead_first_look(window: MainWindow, file: str, engine: PdfEngine, pages: FirstPages) -> bool:
    """When `first_look` had no page kept for the `file` the launch shows: the page the entry
    had the PDF host render ahead for it, before the window's services exist (see
    ui/first_look.py); whether it was shown."""
    from lis_desktop.ui import first_look as looks

    look = looks.ahead_look(window, engine, pages, Path(file), file, window.settings)
    return _show_look(window, look)


def rendered_first_look(window: MainWindow, request: Request, services: Services) -> bool:
    """When `first_look` had no page kept: the page rendered now by the PDF host for where the
    viewer will show it, in the window attached to `services` (see ui/first_look.py)."""
    if request.compare or request.view or services.first_pages is None:
        return False
    from lis_desktop.ui import first_look as looks

    path, name = _first_document(window, request.file, _first_region(window, request))
    if path is None or name is None:
        return False
    look = looks.render_look(window, services.engine, services.pdf_runner,
                             services.first_pages, path, name, window.settings)  # fmt: skip
    return _show_look(window, look)


def _first_region(window: MainWindow, request: Request) -> str | None:
    return None if request.file else request.region or window.saved_region()


def _show_look(window: MainWindow, look: FirstLook | None) -> bool:
    from lis_desktop.ui import first_look as looks

    if look is None or not looks.show_first_look(window, look):
        return False
    trace.emit("first_look_shown")
    return True


def _first_document(
    window: MainWindow, file: str | None, region: str | None
) -> tuple[Path | None, str | None]:
    """The PDF the launch shows first and the name the viewer gives it (path or region)."""
    if file is not None:
        return Path(file), file
    if region is None:
        return None, None
    try:
        return window.library.pdf_path(region), region
    except LisError:  # not offline: the viewer says what to do
        return None, None


def _on_window_shown(after_shown: Callable[[], None]) -> None:
    trace.emit("window_shown")
    if os.environ.get(EXIT_AFTER_ENV) == "window_shown":
        QCoreApplication.quit()
        return
    after_shown()


def _open_first(window: MainWindow, request: Request, saved_region: str | None) -> None:
    """What the launch asked to read; else the last region read, or at first start the first
    one (its empty state says what to do)."""
    if request.file:
        window.open_file(Path(request.file))
        return
    region = request.region or saved_region
    if region is None:  # the first start: the tree decides which region comes first
        window.complete()
        region = next(iter(window.tree.visible_region_ids()), None)
    if region:
        window.select_region(region)


def _after_first_page(window: MainWindow, services: Services, request: Request) -> None:
    from lis_desktop.app.instance import Request

    window.complete()
    install_features(window, services)
    window.announce_shown()  # the features learn what is shown already
    trace.emit("features_installed")
    if request.compare or request.view:  # the file or region is open already
        region = request.region if request.compare and not request.file else None
        rest = Request(region=region, compare=request.compare, view=request.view)
        apply_request(window, rest, services.views)
    elif not (request.file or request.region):
        for hook in services.restore_hooks:
            hook()
    QCoreApplication.setApplicationVersion(version())
    verify_cache_later(services, window)
    hooks, services.started_hooks = services.started_hooks, []
    for hook in hooks:
        hook()
    if os.environ.get(EXIT_AFTER_ENV) == "features_installed":
        QCoreApplication.quit()


FIRST_PAGE_WAIT_MS = 1500  # a password asked for, a slow host: the features come all the same


def first_page_then(
    viewer: PdfView, open_page: Callable[[], None], then: Callable[[], None]
) -> None:
    """Call `open_page`, then `then` once the page it opened is painted (or failed), at once when
    it opened none, and after FIRST_PAGE_WAIT_MS at the latest; `then` runs once, from the event
    loop (so the painted frame reaches the screen first)."""
    done = False

    def fire(*_args: object) -> None:
        nonlocal done
        if done:
            return
        done = True
        viewer.page_rendered.disconnect(fire)
        viewer.document_failed.disconnect(fire)
        QTimer.singleShot(0, viewer, then)

    viewer.page_rendered.connect(fire)
    viewer.document_failed.connect(fire)
    open_page()
    if viewer.current_key() is None:  # an empty state (nothing offline yet), or no region
        fire()
    else:
        QTimer.singleShot(FIRST_PAGE_WAIT_MS, viewer, fire)


def _connect_exit_after(window: MainWindow, services: Services) -> None:
    """LIS_DESKTOP_EXIT_AFTER=page_rendered: quit once the viewer has painted a page (status 0)
    or failed to open its document (1), and the start is over (the launch's request done)."""
    if os.environ.get(EXIT_AFTER_ENV) != "page_rendered":
        return
    status: list[int] = []
    started = False

    def check() -> None:
        if started and status:
            QCoreApplication.exit(status[0])

    def on_started() -> None:
        nonlocal started
        started = True
        check()

    def on_outcome(code: int) -> None:
        if not status:
            status.append(code)
            check()

    window.viewer.page_rendered.connect(lambda *_: on_outcome(0))
    window.viewer.document_failed.connect(lambda *_: on_outcome(1))
    services.started_hooks.append(on_started)


# -- the GUI ---------------------------------------------------------------------------------
def run(args: argparse.Namespace, argv: Sequence[str], engine: PdfEngine | None = None) -> int:
    """Run the app's window until it quits; the process's exit status. `engine`: the PDF
    engine to use (the entry spawns the PDF host before Qt is imported), else one made here."""
    log_file = setup_logging(paths.log_dir())
    qInstallMessageHandler(qt_message_handler)
    app = make_application(list(argv), window_icon=False)  # set once the window is up
    try:
        return _run(app, args, log_file, engine)
    except LisError as exc:
        log.error("Cannot start: %s", exc)
        from lis_desktop.ui.dialogs import show_error

        if sys.stderr is not None:
            sys.stderr.write(f"lis-desktop: {exc}\n")
        box = show_error(None, "Cannot start", str(exc))  # keep it referenced while shown
        box.finished.connect(app.quit)
        app.exec()
        return 1


def _run(
    app: QApplication, args: argparse.Namespace, log_file: Path | None, engine: PdfEngine | None
) -> int:
    from lis_desktop.app.instance import InstanceGuard, Request, server_name
    from lis_desktop.settings import Settings
    from lis_desktop.tasks import GuiThreadGarbageCollector

    GuiThreadGarbageCollector(app)  # owned by the app: collection never runs on a worker
    cache_root = paths.cache_dir(args.cache_dir)
    problem = paths.path_problem(cache_root)
    if problem is not None:
        raise UsageError(f"The offline cache folder {problem}.")
    request = Request(
        file=absolute(args.file) if args.file else None,
        region=args.region,
        compare=args.compare,
        view=args.view,
    )
    guard = InstanceGuard(server_name(cache_root), paths.runtime_dir())
    primary = guard.acquire()
    if not primary:
        if guard.hand_over(request):
            log.info("Handed the request to the running LIS Desktop")
            return 0
        log.warning("Another LIS Desktop holds the lock but does not answer; starting anyway")
    from lis_desktop.ui.main_window import MainWindow

    store = QSettings()
    # A shell first: the page kept from the last reading may be shown before anything else loads.
    window = MainWindow(
        None, Settings(store), None, None, offline=args.offline, complete=False, frame=False
    )
    kept_pages = paths.first_pages_dir()
    from lis_desktop.ui.viewer.first_pages import FirstPages

    first_pages = FirstPages(kept_pages)
    looked = first_look(window, request, kept_pages)
    ahead = None if looked or engine is None else request.file  # the entry had it rendered ahead
    if ahead is not None and engine is not None:
        looked = ahead_first_look(window, ahead, engine, first_pages)
    try:
        services = Services.create(
            cache_root,
            offline=args.offline,
            api_url=args.api_url,
            allow_origins=tuple(args.allow_origin),
            engine=engine,
        )
    except LisError:
        window.hide()  # the message box says why the window cannot be
        raise
    from lis_desktop.content.library import Library

    services.first_pages = first_pages
    services.shutdown_hooks.append(services.first_pages.flush)
    window.attach(Library.load(services.cache), services.engine, services.pdf_runner,
                  first_pages=services.first_pages)  # fmt: skip
    if not looked and ahead is None:
        rendered_first_look(window, request, services)  # a page never kept, rendered now
    from lis_desktop.ui.viewer.night_mode import night_wanted

    services.start_pdf_engine(night_wanted(Settings(store)))  # the entry spawned it: night mode
    install_icon_fallbacks()
    window.build_frame()
    services.shutdown_hooks.append(window.viewer.shutdown)  # also when quit() skips closeEvent
    reporter = ExceptionReporter(lambda: window, log_file)
    sys.excepthook = reporter
    guard.request_received.connect(lambda r: apply_request(window, r, services.views))
    if sys.platform == "darwin":  # an app-wide Python event filter slows every event down
        file_filter = FileOpenFilter(app)
        file_filter.file_open_requested.connect(lambda f: apply_request(window, Request(file=f)))
        app.installEventFilter(file_filter)
    saved_region = window.restore_state(select=False)
    _connect_exit_after(window, services)
    window.show()

    def after_shown() -> None:  # what the first paint need not wait for
        set_window_icon(app)
        if primary:
            guard.listen()  # later launches hand their requests to this window

    start(window, services, request, saved_region, after_shown)
    try:
        return app.exec()
    finally:
        services.shutdown()
        guard.release()
        sys.excepthook = sys.__excepthook__
