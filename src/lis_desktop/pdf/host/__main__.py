"""`python -m lis_desktop.pdf.host` runs a PDF host process (how `parent.PdfHost` starts one
from a source tree or a wheel; a frozen bundle runs its own executable with --pdf-host)."""

from __future__ import annotations

import sys

from lis_desktop.pdf.host.child import serve

if __name__ == "__main__":
    sys.exit(serve(sys.argv[1:]))
