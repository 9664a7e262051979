"""`python -m lis_desktop` starts the GUI."""

from __future__ import annotations

import sys

from lis_desktop.app.entry import main

if __name__ == "__main__":
    sys.exit(main())
