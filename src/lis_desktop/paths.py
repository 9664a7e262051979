"""Every folder the app uses, decided in one place (platformdirs, --cache-dir, environment)."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import platformdirs

APP_DIR_NAME = "lis-desktop"
CACHE_ENV = "LIS_DESKTOP_CACHE_DIR"


def cache_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The offline store: --cache-dir, then LIS_DESKTOP_CACHE_DIR, then the user *data* folder.

    Not the OS cache folder: cleaners and macOS purge it, and people rely on these files offline.
    """
    if override:
        return Path(override).expanduser()
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


NAME_MAX = 255  # bytes in one file or folder name (every common file system)
PATH_MAX = 4095  # bytes in a whole path (Linux; macOS allows 1023, Windows long paths more)


def path_problem(path: str | os.PathLike[str]) -> str | None:
    """Why the OS would refuse `path` before any look at the disk ('... is too long', a NUL),
    or None. Checked up front so that a user gets words, not an errno."""
    text = os.fspath(path)
    if "\x00" in text:
        return "contains a NUL character"
    try:
        text.encode("utf-8")  # SQLite, PyMuPDF and the sidecars need names that are text
        encoded = os.fsencode(text)
    except UnicodeError:
        return "has a name that is not valid text (bytes that are not UTF-8)"
    if len(encoded) > PATH_MAX:
        return f"is too long ({len(encoded):,} bytes; at most {PATH_MAX:,})"
    longest = max((len(part) for part in encoded.split(os.fsencode(os.sep))), default=0)
    if longest > NAME_MAX:
        return f"has a name that is too long ({longest:,} bytes; at most {NAME_MAX} per name)"
    return None


def first_pages_dir() -> Path:
    """The first pages of documents read before (regenerable: the OS cache folder)."""
    return Path(platformdirs.user_cache_dir(APP_DIR_NAME, appauthor=False)) / "first-pages"


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_DIR_NAME, appauthor=False))


def runtime_key() -> str:
    """A per-user name for the single-instance socket."""
    user = os.environ.get("USER") or os.environ.get("USERNAME") or "user"
    return f"{APP_DIR_NAME}-{user}"


def runtime_dir() -> Path:
    """Per-user folder for the single-instance lock (XDG_RUNTIME_DIR on Linux)."""
    with warnings.catch_warnings():  # platformdirs warns when XDG_RUNTIME_DIR is unset
        warnings.simplefilter("ignore")
        return Path(platformdirs.user_runtime_dir(APP_DIR_NAME, appauthor=False))
