"""Reduced motion: when the desktop asks for it (`system.reduced_motion_wanted`), Qt's own
animations (menus and combo boxes sliding open, tooltips fading) are turned off. The app itself
animates nothing: scrolling to a find hit, zooming and page changes happen at once."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from lis_desktop.ui.accessibility import system

log = logging.getLogger(__name__)

EFFECTS = (
    Qt.UIEffect.UI_General,  # off: every effect is off
    Qt.UIEffect.UI_AnimateMenu,
    Qt.UIEffect.UI_FadeMenu,
    Qt.UIEffect.UI_AnimateCombo,
    Qt.UIEffect.UI_AnimateTooltip,
    Qt.UIEffect.UI_FadeTooltip,
    Qt.UIEffect.UI_AnimateToolBox,
)


def honour_reduced_motion(wanted: bool | None = None) -> bool:
    """Turn Qt's animations off when reduced motion is wanted (asked of the desktop when
    `wanted` is None); True when they were turned off."""
    if wanted is None:
        wanted = system.reduced_motion_wanted()
    if wanted:
        log.info("Reduced motion: Qt's animations are off")
        for effect in EFFECTS:
            QApplication.setEffectEnabled(effect, False)
    return wanted


def animations_on() -> bool:
    return any(QApplication.isEffectEnabled(effect) for effect in EFFECTS)
