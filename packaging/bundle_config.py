"""What goes into the bundles, as data: the spec (lis-desktop.spec) and the tests both read it.

Stdlib only: PyInstaller imports it while building, the test suite imports it to check it.
"""

from __future__ import annotations

import os
import posixpath
import re
import sys
from collections.abc import Iterable
from pathlib import Path

TocEntry = tuple[str, str, str]  # PyInstaller's (destination name, source path, type code)

ROOT = Path(__file__).resolve().parents[1]
APP_ID = "uk.gov.lisdesktop.LISDesktop"  # = lis_desktop.APP_ID (a test keeps them equal)
APP_NAME = "LIS Desktop"
EXE_NAME = "lis-desktop"
DIST_NAME = "lis-desktop"
COPYRIGHT = "Copyright (C) LIS Desktop developers. AGPL-3.0-or-later."  # ASCII: Windows resource
MACOS_MINIMUM = "12.0"  # when the Qt wheel does not say (see qt_macos_minimum)

# Qt plugins kept, per plugin folder: file names without 'lib' prefix and extension. Everything
# else Qt would bring (QML, Quick, virtual keyboard, EGLFS, PDF image format, TLS backends:
# downloads use httpx, network information, GTK3 theme which drags in the whole of GTK) is left out.
QT_PLUGINS_KEPT: dict[str, frozenset[str] | None] = {
    "platforms": frozenset({"qxcb", "qwayland", "qoffscreen", "qcocoa", "qwindows"}),
    "platformthemes": frozenset({"qxdgdesktopportal"}),
    "platforminputcontexts": frozenset(
        {"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"}
    ),
    "imageformats": frozenset({"qsvg", "qico"}),
    "iconengines": frozenset({"qsvgicon"}),
    "styles": None,  # all: the native Windows and macOS styles
    "printsupport": None,  # CUPS on Linux (the viewer prints)
    "wayland-shell-integration": frozenset({"xdg-shell"}),
    "wayland-decoration-client": frozenset({"bradient", "adwaita"}),
}
QT_MODULES_EXCLUDED = (
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtQuickControls2",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtDBus",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "PySide6.QtXml",
    "PySide6.QtHelp",
    "PySide6.QtDesigner",
    "PySide6.QtUiTools",
    "PySide6.QtConcurrent",
    "PySide6.QtSvgWidgets",
    "PySide6.QtLabsStyleKit",
)
# Linux: shared libraries every desktop has (X11, fontconfig, GLib, D-Bus, systemd and their
# compression and crypto helpers, Kerberos, the C++ runtime). Taking the system's copy is what
# AppImage's excludelist recommends: a bundled fontconfig or libstdc++ older than the host's breaks
# font configuration and graphics drivers. The bundle is built on the oldest supported distribution
# (ubuntu-22.04), so the host's copies are at least as new. Kept bundled: OpenSSL, SQLite, libffi,
# xkbcommon and the xcb-util libraries (Qt 6.5+ needs libxcb-cursor0, often not installed).
LINUX_SYSTEM_LIBS = re.compile(
    r"^lib(X11|X11-xcb|Xau|Xdmcp|fontconfig|freetype|expat|z|gcc_s|stdc\+\+|com_err|gpg-error"
    r"|uuid|glib-2\.0|gthread-2\.0|gobject-2\.0|gio-2\.0|gmodule-2\.0|pcre2-8|dbus-1|systemd"
    r"|gcrypt|lz4|lzma|zstd|cap|bsd|md|bz2|brotlicommon|brotlidec|png16|gssapi_krb5|krb5"
    r"|krb5support|k5crypto|keyutils|resolv|cups|avahi-common|avahi-client|gnutls|p11-kit|idn2"
    r"|unistring|tasn1|nettle|hogweed|gmp)\.so(\.\d+)*$"
)
# httpx's optional command line (httpx._main) would pull click, rich, pygments and markdown-it in
# whenever they are installed (pytest needs pygments): 3.6 MB of modules the app never runs.
PYTHON_MODULES_EXCLUDED = (
    "tkinter",
    "PyQt5",
    "PyQt6",
    "PySide2",
    "IPython",
    "pytest",
    "_pytest",
    "pydoc",
    "httpx._main",
    "click",
    "rich",
    "pygments",
    "markdown_it",
    "mdurl",
)

_PLUGIN = re.compile(r"^PySide6/(?:Qt/)?plugins/(?P<kind>.+)/(?P<file>[^/]+)$")
_TRANSLATION = re.compile(r"^PySide6/(?:Qt/)?translations/")
_LIB_SUFFIX = re.compile(r"\.(so(\..*)?|dll|dylib)$")


def plugin_name(file_name: str) -> str:
    """'libqxcb.so' / 'qxcb.dll' / 'libqcocoa.dylib' -> 'qxcb' / 'qxcb' / 'qcocoa'."""
    stem = _LIB_SUFFIX.sub("", file_name)
    return stem[3:] if stem.startswith("lib") else stem


def keep_in_bundle(dest: str, platform: str = sys.platform) -> bool:
    """Whether a file collected for the bundle (its destination path) stays in it."""
    path = _norm(dest)
    if platform.startswith("linux") and "/" not in path and LINUX_SYSTEM_LIBS.match(path):
        return False
    if _TRANSLATION.match(path):
        return False  # the UI is English; Qt's own strings stay English with it
    match = _PLUGIN.match(path)
    if not match:
        return True
    kept = QT_PLUGINS_KEPT.get(match["kind"], frozenset())
    return kept is None or plugin_name(match["file"]) in kept


def prune(binaries: list[TocEntry], datas: list[TocEntry]) -> tuple[list[TocEntry], list[TocEntry]]:
    """Binaries and data without the dropped Qt plugins, translations and what only they needed.

    PyInstaller collects every plugin's link-time dependencies before the spec can filter the
    plugins (the GTK3 theme alone brings GTK, cairo and pango), so those go too: a library stays
    when anything kept reaches it, or when no dropped plugin does (libpython, ctypes loads).
    Symbolic links PyInstaller made to a file that is gone go with it.
    """
    files = [entry for entry in binaries if entry[2] != "SYMLINK"]
    # Linux system libraries and what only they need go like dropped plugins do.
    kept = [entry for entry in files if keep_in_bundle(entry[0])]
    dropped = [entry for entry in files if not keep_in_bundle(entry[0])]
    reached_by_dropped = _closure(src for _, src, _ in dropped)
    roots = [src for _, src, _ in kept if os.path.realpath(src) not in reached_by_dropped]
    needed = _closure(roots)  # the roots themselves included
    kept = [entry for entry in kept if os.path.realpath(entry[1]) in needed]
    kept_datas = [e for e in datas if e[2] != "SYMLINK" and keep_in_bundle(e[0])]
    present = {_norm(dest) for dest, _, _ in kept + kept_datas}
    links = [e for e in binaries + datas if e[2] == "SYMLINK" and _link_target(e) in present]
    return kept + [e for e in links if e in binaries], kept_datas + [e for e in links if e in datas]


def _norm(dest: str) -> str:
    return posixpath.normpath(dest.replace("\\", "/"))


def _link_target(entry: TocEntry) -> str:
    """A SYMLINK entry's target, as a destination name (its source is relative to its folder)."""
    dest, target, _ = entry
    return _norm(posixpath.join(posixpath.dirname(_norm(dest)), _norm(target)))


def _closure(paths: Iterable[str]) -> set[str]:
    """Real paths of the given binaries and everything they link against, transitively."""
    from PyInstaller.depend import bindepend  # build time only

    seen: set[str] = set()
    todo = [os.path.realpath(path) for path in paths]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        for _name, resolved in bindepend.get_imports(path, [os.path.dirname(path)]):
            if resolved:
                todo.append(os.path.realpath(resolved))
    return seen


def qt_macos_minimum(wheel_tags: str | None = None) -> str:
    """The oldest macOS the bundled Qt runs on, from the PySide6 wheel's platform tag."""
    if wheel_tags is None:
        from importlib import metadata

        try:
            wheel_tags = metadata.distribution("PySide6_Essentials").read_text("WHEEL") or ""
        except metadata.PackageNotFoundError:
            wheel_tags = ""
    found = re.findall(r"macosx_(\d+)_(\d+)", wheel_tags)
    if not found:
        return MACOS_MINIMUM
    major, minor = max((int(a), int(b)) for a, b in found)
    return f"{major}.{minor}"


def info_plist(version: str, macos_minimum: str = MACOS_MINIMUM) -> dict[str, object]:
    """macOS Info.plist entries (merged over PyInstaller's defaults)."""
    return {
        "CFBundleName": APP_NAME,
        "CFBundleDisplayName": APP_NAME,
        "CFBundleIdentifier": APP_ID,
        "CFBundleShortVersionString": version,
        "CFBundleVersion": version,
        "CFBundlePackageType": "APPL",
        "NSHighResolutionCapable": True,
        "NSHumanReadableCopyright": COPYRIGHT,
        "LSMinimumSystemVersion": macos_minimum,
        "LSApplicationCategoryType": "public.app-category.productivity",
        "NSRequiresAquaSystemAppearance": False,  # follow the dark/light setting
        "CFBundleDocumentTypes": [
            {
                "CFBundleTypeName": "PDF document",
                "CFBundleTypeRole": "Viewer",
                "LSHandlerRank": "Alternate",  # listed in "Open With", never steals the default
                "LSItemContentTypes": ["com.adobe.pdf"],
            }
        ],
    }


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """'1.2.3' / '1.2.3rc1' / '1.2' -> (1, 2, 3, 0): Windows wants four 16-bit numbers."""
    numbers = [int(m) for m in re.findall(r"\d+", version.split("+")[0])[:4]]
    numbers += [0] * (4 - len(numbers))
    return (numbers[0], numbers[1], numbers[2], numbers[3])


def windows_version_info(version: str) -> str:
    """The text of the Windows version resource, from packaging/windows/version_info.txt."""
    template = (ROOT / "packaging" / "windows" / "version_info.txt").read_text(encoding="utf-8")
    numbers = version_tuple(version)
    return (
        template.replace("@VERSION_TUPLE@", repr(numbers))
        .replace("@VERSION@", version)
        .replace("@APP_NAME@", APP_NAME)
        .replace("@EXE_NAME@", EXE_NAME)
        .replace("@COPYRIGHT@", COPYRIGHT)
    )
