"""Whether the desktop asks for reduced motion (no animations), read where each desktop keeps
it: GNOME's `enable-animations`, GTK's settings.ini, KDE's animation speed, Windows' client-area
animation, macOS' Reduce motion. `LIS_DESKTOP_REDUCED_MOTION=1` (or 0) decides instead.
Qt-free; Qt's own animations are turned off from this in `ui.accessibility.motion`."""

from __future__ import annotations

import configparser
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

log = logging.getLogger(__name__)

ENV = "LIS_DESKTOP_REDUCED_MOTION"
FALSE = ("0", "false", "no", "off")
Probe = Callable[[list[str]], str]  # runs a command, returns its output ("" when it fails)


def from_gsettings(output: str) -> bool | None:
    """`gsettings get org.gnome.desktop.interface enable-animations` says "false"."""
    value = output.strip().lower()
    return {"false": True, "true": False}.get(value)


def from_ini(text: str, section: str, key: str) -> str | None:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except configparser.Error:
        return None
    return parser.get(section, key, fallback=None)


def from_gtk_settings(text: str) -> bool | None:
    """GTK's settings.ini: `gtk-enable-animations=false` (or 0)."""
    value = from_ini(text, "Settings", "gtk-enable-animations")
    return None if value is None else value.strip().lower() in FALSE


def from_kdeglobals(text: str) -> bool | None:
    """KDE: the animation speed slider at "instant" writes AnimationDurationFactor=0."""
    value = from_ini(text, "KDE", "AnimationDurationFactor")
    if value is None:
        return None
    try:
        return float(value) == 0.0
    except ValueError:
        return None


def _run(command: list[str]) -> str:
    if shutil.which(command[0]) is None:
        return ""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=2, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        log.info("Could not ask %s about reduced motion: %s", command[0], exc)
        return ""
    return done.stdout if done.returncode == 0 else ""


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _windows_animations_off() -> bool | None:
    import ctypes  # Windows only

    spi_getclientareaanimation = 0x1042
    enabled = ctypes.c_int(1)
    windll = getattr(ctypes, "windll", None)
    if windll is None or not windll.user32.SystemParametersInfoW(
        spi_getclientareaanimation, 0, ctypes.byref(enabled), 0
    ):
        return None
    return not enabled.value


def reduced_motion_wanted(
    env: Mapping[str, str] | None = None,
    platform: str = sys.platform,
    config_home: Path | None = None,
    run: Probe = _run,
) -> bool:
    """True when the user asked the desktop (or this app, through the environment) for less
    motion."""
    env = os.environ if env is None else env
    forced = env.get(ENV, "").strip().lower()
    if forced:
        return forced not in FALSE
    if platform == "win32":
        return bool(_windows_animations_off())
    if platform == "darwin":
        out = run(["defaults", "read", "com.apple.universalaccess", "reduceMotion"]).strip()
        return out == "1"
    config = config_home or Path(env.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    answers = (
        from_gsettings(run(["gsettings", "get", "org.gnome.desktop.interface",
                            "enable-animations"])),
        from_kdeglobals(_read(config / "kdeglobals")),
        from_gtk_settings(_read(config / "gtk-3.0" / "settings.ini")),
        from_gtk_settings(_read(config / "gtk-4.0" / "settings.ini")),
    )  # fmt: skip
    return any(answer is True for answer in answers)
