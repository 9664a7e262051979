"""The bundle's executable: PyInstaller starts here; `lis_desktop.app.entry` decides whether it
runs as the app, its self-test or the viewer's PDF host process (`--pdf-host`, which loads no
Qt)."""

from __future__ import annotations

import sys

from lis_desktop.app.entry import main

if __name__ == "__main__":
    sys.exit(main())
