"""The one way to find bundled resources: installed wheel, frozen bundle or source checkout."""

from __future__ import annotations

import sys
from importlib import resources as importlib_resources
from importlib.resources.abc import Traversable
from pathlib import Path

from lis_desktop.errors import ResourceError


def resource_root() -> Traversable:
    """The folder holding the bundled snapshot, region data and icons.

    A wheel (and the PyInstaller bundle) carries `resources/` as the package data folder
    `lis_desktop/_resources`; a source checkout has it at the repository root. Never the
    working directory: a desktop launcher may start us anywhere.
    """
    packaged = importlib_resources.files("lis_desktop") / "_resources"
    if packaged.is_dir():
        return packaged
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        frozen = Path(frozen_root) / "lis_desktop" / "_resources"
        if frozen.is_dir():
            return frozen
    checkout = Path(__file__).resolve().parents[2] / "resources"
    if checkout.is_dir():
        return checkout
    raise ResourceError("The bundled data of LIS Desktop is missing; please reinstall the app.")


def read_text(name: str) -> str:
    try:
        return resource_root().joinpath(name).read_text(encoding="utf-8")
    except OSError as exc:
        raise ResourceError(f"Cannot read the bundled file '{name}': {exc.strerror}") from exc


def read_bytes(name: str) -> bytes:
    try:
        return resource_root().joinpath(name).read_bytes()
    except OSError as exc:
        raise ResourceError(f"Cannot read the bundled file '{name}': {exc.strerror}") from exc
