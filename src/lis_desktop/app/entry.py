"""What the one executable is asked to be: the viewer's PDF host process (`--pdf-host`, given
first), the self-test (`--self-test`) or the app's window (`root`, the composition root).

It imports nothing before it knows: a PDF host loads no Qt, and the self-test, which a build may
leave out, is looked for only when asked for. `lis-desktop`, `python -m lis_desktop` and the
bundle's executable all start here.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

HOST_FLAG = "--pdf-host"  # = pdf.host.parent.HOST_FLAG, not imported: a test keeps them equal


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == [HOST_FLAG]:  # the bundle started as the viewer's PDF host process
        from lis_desktop.pdf.host.child import serve

        return serve(args[1:])
    from lis_desktop.app import root

    try:
        options = root.parse_arguments(args)
    except root.UsageError as exc:
        sys.stderr.write(f"{exc}\n")
        return 2
    if options.self_test:
        return run_self_test(args)
    return root.run(options, args)


def run_self_test(argv: Sequence[str]) -> int:
    try:
        selftest = importlib.import_module("lis_desktop.app.selftest")
    except ImportError:
        sys.stderr.write("lis-desktop: self-test not available in this build\n")
        return 1
    result: int = selftest.run(list(argv))
    return result
