"""What importing some modules loads, found in a fresh interpreter (for Qt-free contracts)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"


def qt_loaded_by(*modules: str) -> list[str]:
    """The Qt modules (PySide6, shiboken) a fresh Python has loaded after importing `modules`."""
    code = (
        "import json, sys\n"
        + "".join(f"import {module}\n" for module in modules)
        + "qt = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken'))]\n"
        + "print(json.dumps(sorted(qt)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(SRC)},
        check=True,
    )
    return [str(name) for name in json.loads(result.stdout)]
