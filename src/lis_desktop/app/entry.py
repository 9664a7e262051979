"""What the one executable is asked to be: the viewer's PDF host process (`--pdf-host`, given
first), the self-test (`--self-test`) or the app's window (`root`, the composition root).

It imports nothing before it knows: a PDF host loads no Qt, and the self-test, which a build may
leave out, is looked for only when asked for. A launch that will show a page spawns the PDF host
first of all, before Qt is imported (`early_engine`), and hands it to the root. `lis-desktop`,
`python -m lis_desktop` and the bundle's executable all start here.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lis_desktop.pdf.host.parent import PdfHost

HOST_FLAG = "--pdf-host"  # = pdf.host.parent.HOST_FLAG, not imported: a test keeps them equal
NO_WINDOW_FLAGS = ("--self-test", "--help", "-h", "--version")  # these show no page
VALUED = ("--region", "--compare", "--cache-dir", "--view", "--api-url", "--allow-origin",
          "--self-test-report", "--self-test-timeout")  # options followed by a value  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == [HOST_FLAG]:  # the bundle started as the viewer's PDF host process
        from lis_desktop.pdf.host.child import serve

        return serve(args[1:])
    engine = early_engine(args)
    try:
        from lis_desktop.app import root

        try:
            options = root.parse_arguments(args)
        except root.UsageError as exc:
            sys.stderr.write(f"{exc}\n")
            return 2
        if options.self_test:
            return run_self_test(args)
        return root.run(options, args, engine)
    finally:
        if engine is not None:
            engine.stop()  # done already if the window ran; else (a launch handed over) now


def early_engine(args: Sequence[str]) -> PdfHost | None:
    """For a launch that will show a page: the PDF host process spawned now, before Qt is
    imported, so that it loads PyMuPDF while this process loads Qt and builds the window."""
    if any(flag in args for flag in NO_WINDOW_FLAGS):
        return None
    from lis_desktop.pdf.host import parent

    engine = parent.PdfHost()
    engine.start(lazy=page_kept(args))
    return engine


def page_kept(args: Sequence[str]) -> bool:
    """Whether the page this launch shows first was kept from an earlier reading (the window
    then paints it before the PDF host is needed). A guess from the arguments, made before they
    are parsed properly: a wrong one only costs time, never the page."""
    from pathlib import Path

    from lis_desktop import paths
    from lis_desktop.ui.viewer.kept_index import kept_for_launch

    file = region = None
    values = iter(args)
    try:
        for arg in values:
            name, _, value = arg.partition("=")
            if name in VALUED:
                value = value or next(values, "")
                region = value if name == "--region" else region
            elif not arg.startswith("-") and file is None:
                file = str(Path(arg).expanduser().resolve())
        return kept_for_launch(paths.first_pages_dir(), file, region)
    except (OSError, ValueError, RuntimeError):  # a bad name: the root says what is wrong
        return False


def run_self_test(argv: Sequence[str]) -> int:
    try:
        selftest = importlib.import_module("lis_desktop.app.selftest")
    except ImportError:
        sys.stderr.write("lis-desktop: self-test not available in this build\n")
        return 1
    result: int = selftest.run(list(argv))
    return result
