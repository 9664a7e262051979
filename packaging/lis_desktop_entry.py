"""The bundle's executable: PyInstaller starts here and runs the GUI (`lis_desktop.app.main`)."""

from __future__ import annotations

import sys

from lis_desktop.app import main

if __name__ == "__main__":
    sys.exit(main())
