"""What the one executable is asked to be: the viewer's PDF host process (`--pdf-host`, given
first), the self-test (`--self-test`) or the app's window (`root`, the composition root).

It imports nothing before it knows: a PDF host loads no Qt, and the self-test, which a build may
leave out, is looked for only when asked for. A launch that will show a page parses its arguments
(`arguments`, Qt-free), forks the PDF host from itself on Linux (`spawn.fork_host`, while it is
small and runs one thread; elsewhere it spawns one) and, before Qt is imported, has it load
PyMuPDF at once unless the page it shows first was kept (`early_engine`; for a file, asking it
at once for the page the window will show), then hands it to the root, after `qt_setup` has
spared PySide6 reading every module's source. `lis-desktop`, `python -m lis_desktop` and the
bundle's executable all start here.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from argparse import Namespace

    from lis_desktop.pdf.host.parent import PdfHost
    from lis_desktop.pdf.host.spawn import ForkedHost

HOST_FLAG = "--pdf-host"  # = pdf.host.spawn.HOST_FLAG, not imported: a test keeps them equal


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == [HOST_FLAG]:  # the bundle started as the viewer's PDF host process
        from lis_desktop.pdf.host.child import serve

        return serve(args[1:])
    from lis_desktop.app import arguments

    try:
        options = arguments.parse_arguments(args)  # --help and --version end here
    except arguments.UsageError as exc:
        sys.stderr.write(f"{exc}\n")
        return 2
    if options.self_test:
        return run_self_test(args)
    from lis_desktop.pdf.host.spawn import fork_host

    forked = fork_host()  # Linux: now, while this process is small and runs one thread
    kept = page_kept(options)
    engine = None if kept and forked is None else early_engine(options, forked, kept)
    try:
        from lis_desktop.app import qt_setup

        qt_setup.skip_source_scan()  # before the window's ~200 modules load
        from lis_desktop.app import root

        return root.run(options, args, engine)
    finally:
        if engine is not None:
            engine.stop()  # done already if the window ran; else (a launch handed over) now


def early_engine(
    options: Namespace, forked: ForkedHost | None = None, kept: bool = False
) -> PdfHost:
    """The window's PDF engine, before Qt is imported, on the host `forked` at launch (else
    spawned now). For a launch that shows a page not kept, the host starts now, loading PyMuPDF
    while this process loads Qt and builds the window; for a file, it is also asked to render
    the page the window will show first (`open_ahead`) as soon as it has, where the most recent
    look had the viewer (the window checks it is still so). For a page `kept`, the forked host
    waits, loading nothing, until the page is on screen (the root's `start_pdf_engine`)."""
    from lis_desktop import paths
    from lis_desktop.pdf.host.spawn import host_options, spawn_host

    folder = paths.runtime_dir()
    if forked is not None and not kept:
        # First: the parent side loads as the child starts. Should it have ended, the first
        # request spawns another (PdfHost._ready).
        with contextlib.suppress(OSError):
            forked.go(host_options(folder))
    started = forked or spawn_host(folder)
    from lis_desktop.app.arguments import absolute
    from lis_desktop.pdf.host import parent
    from lis_desktop.ui.viewer.kept_index import launch_guess

    engine = parent.PdfHost(folder=folder, started=started)
    if kept:
        return engine
    if options.file and not (options.compare or options.view):
        file = absolute(options.file)
        guess = launch_guess(paths.first_pages_dir(), file)
        if guess is not None:
            engine.open_ahead(Path(file), guess)
    return engine


def page_kept(options: Namespace) -> bool:
    """Whether the page this launch shows first was kept from an earlier reading: the window
    then paints it before the PDF host is needed, which the root starts once that page is on
    screen (not now, to compete with the start); a wrong answer only costs time."""
    from lis_desktop import paths
    from lis_desktop.app.arguments import absolute
    from lis_desktop.ui.viewer.kept_index import kept_for_launch

    file = absolute(options.file) if options.file else None
    try:
        return kept_for_launch(paths.first_pages_dir(), file, options.region)
    except (OSError, ValueError):  # a bad name: the window says what is wrong with it
        return False


def run_self_test(argv: Sequence[str]) -> int:
    try:
        selftest = importlib.import_module("lis_desktop.app.selftest")
    except ImportError:
        sys.stderr.write("lis-desktop: self-test not available in this build\n")
        return 1
    result: int = selftest.run(list(argv))
    return result
