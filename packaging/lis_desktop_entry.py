"""The bundle's executable: PyInstaller starts here (`lis_desktop.app.root.main`)."""

from __future__ import annotations

import sys

if __name__ == "__main__":
    if sys.argv[1:2] == ["--pdf-host"]:  # the viewer's PDF host process: no Qt is loaded
        from lis_desktop.pdf.host.child import serve

        sys.exit(serve(sys.argv[2:]))
    from lis_desktop.app.root import main

    sys.exit(main())
