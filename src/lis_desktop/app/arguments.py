"""The GUI's command line, Qt-free: the app's entry parses it before anything else (before Qt is
imported and the PDF host spawned), and the composition root runs what it asks for."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from lis_desktop import version
from lis_desktop.errors import LisError

VIEWS = ("matrix", "map")  # lis-desktop --view NAME: a view in the viewer's or the tree's place


def guard_stdio() -> None:
    """Windowed builds have no stdout/stderr: give them a sink so nothing can crash on print."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    """The GUI's options; UsageError (one line to show) when they are not understood."""
    guard_stdio()  # before --help or --version print, and before anything logs
    return build_parser().parse_args(list(argv))


class UsageError(LisError):
    """Bad command-line arguments."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message} (see --help)")


def _origin(text: str) -> str:
    from lis_desktop.content import origins

    try:
        origins.parse_origin(text)
    except LisError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc
    return text


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="lis-desktop", description="Read the Local Industrial Strategy summaries."
    )
    parser.add_argument("file", nargs="?", type=Path, metavar="FILE.pdf", help="a PDF to open")
    parser.add_argument("--region", metavar="ID", help="select this region (see lis-desktop-cli)")
    parser.add_argument(
        "--compare", metavar="ID", help="show this region's summary beside the first one"
    )
    parser.add_argument("--cache-dir", metavar="DIR", help="offline cache folder")
    parser.add_argument("--offline", action="store_true", help="never use the network")
    parser.add_argument(
        "--view",
        choices=VIEWS,
        help="open on this view: matrix (the theme matrix), map (the areas)",
    )
    parser.add_argument("--api-url", metavar="URL", help="GOV.UK Content API item to sync from")
    parser.add_argument(
        "--allow-origin",
        action="append",
        default=[],
        type=_origin,
        metavar="ORIGIN",
        help="also allow this origin for sync, e.g. http://127.0.0.1:8123 (for testing)",
    )
    parser.add_argument("--self-test", action="store_true", help="check the installation")
    parser.add_argument(  # read by selftest.run: windowed Windows builds have no console
        "--self-test-report", metavar="FILE", help="with --self-test: also write its result here"
    )
    parser.add_argument("--self-test-timeout", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--version", action=_VersionAction, help="show the version and exit")
    return parser


class _VersionAction(argparse.Action):
    """Like action="version", but looks the version up only when asked."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help=str(kwargs.get("help", "")))

    def __call__(self, parser: argparse.ArgumentParser, *_args: object) -> None:
        sys.stdout.write(f"{parser.prog} {version()}\n")
        parser.exit()


def absolute(path: Path) -> str:
    """`path` made absolute for the running window (which may have another working folder);
    as given when that cannot be done (`~nobody/x.pdf`): the window then says it is not found."""
    try:
        return str(path.expanduser().resolve())
    except (RuntimeError, OSError, ValueError):
        return str(path)
