"""The bundle's executable: PyInstaller starts here and runs the GUI (`lis_desktop.app.main`)."""

from __future__ import annotations

import sys

if __name__ == "__main__":
    if sys.argv[1:2] == ["--pdf-host"]:  # the viewer's PDF host process: no Qt is loaded
        from lis_desktop.pdf_host_child import serve

        sys.exit(serve(sys.argv[2:]))
    from lis_desktop.app import main

    sys.exit(main())
