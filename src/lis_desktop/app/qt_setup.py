"""Qt for Python set up before the window's modules load: `skip_source_scan`.

PySide6 (6.4 and later) supports `from __feature__ import snake_case`. To know which modules may
switch features, it reads the whole source of every module imported after it
(`inspect.getsource`) and keeps each file's lines in `linecache`. This app never uses
`__feature__`, and its window loads some 200 modules after Qt. That scan cost ~10 ms of the
start and left ~7 MB of source text in memory for the life of the window. `skip_source_scan`
answers the same question ("does this module mention PySide6?") from the file's bytes. Nothing
is kept, and the answer is unchanged.
"""

from __future__ import annotations

import logging
import sys
from types import ModuleType

log = logging.getLogger(__name__)

_FEATURE_MODULE = "shibokensupport.feature"  # PySide6's embedded support package
_MARK = b"PySide6"


def skip_source_scan() -> bool:
    """Load PySide6 and replace its per-module source scan by a byte search of the module's
    file. False (and PySide6 left as it is) when this PySide6 has no such scan."""
    import PySide6  # noqa: F401  (shiboken's start-up installs the import hook)

    feature = sys.modules.get(_FEATURE_MODULE)
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        log.debug("PySide6 has no feature scan to replace")
        return False
    setattr(feature, "_mod_uses_pyside", mentions_pyside)  # noqa: B010  (a private name)
    return True


def mentions_pyside(module: ModuleType) -> bool:
    """What PySide6's scan answers (its source text contains "PySide6"), from the bytes of the
    module's source file; False for a module without one (built in, compiled, frozen)."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False
    try:
        with open(path, "rb") as source:
            return _MARK in source.read()
    except OSError:
        return False
