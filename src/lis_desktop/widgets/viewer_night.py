"""Night colours for a rendered page, with Qt only (no per-pixel Python, no numpy).

The page turns light on dark by a hue-preserving lightness inversion: every channel of a pixel
moves by the same amount, c' = c + (255 - 2Y) (Y its luma), so white paper becomes black, black
text white, and a navy heading light blue (the hue stays, the lightness flips). The result is
then mapped onto NIGHT_BLACK..NIGHT_WHITE. Raster images (`keep` boxes located by the document
layer) and coloured vector figures (maps, charts, coloured panels found from the pixels by
`viewer_figures`) are put back in their true colours.

All the pixel work is done by Qt in C: a Grayscale8 conversion for Y, `bytes.translate` lookup
tables, `invertPixels` and QPainter composition modes (Plus, Multiply).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPainter, QRegion

from lis_desktop.document import NIGHT_BLACK, NIGHT_WHITE

log = logging.getLogger(__name__)

Box = tuple[int, int, int, int]  # x0, y0, x1, y1 in device pixels

# The luma shift split in two non-negative parts (only one is non-zero for a given pixel).
_LIFT = bytes(max(0, 255 - 2 * y) for y in range(256))  # dark pixels get lighter
_DROP = bytes(max(0, 2 * y - 255) for y in range(256))  # light pixels get darker


def night_image(day: QImage, keep: Sequence[Box] = (), figures: Sequence[Box] = ()) -> QImage:
    """`day` in night colours (Format_RGB32); `keep` and `figures` boxes in true colours."""
    source = day.convertToFormat(QImage.Format.Format_RGB32)
    night = inverted_lightness(source, day.convertToFormat(QImage.Format.Format_Grayscale8))
    _onto_night_range(night)
    _restore(night, source, [*keep, *figures])
    return night


def inverted_lightness(image: QImage, luma: QImage) -> QImage:
    """c' = c + (255 - 2Y) per channel, clamped: white <-> black, hues kept.

    `luma` is `image` in Format_Grayscale8. Converted from RGB888, Qt weighs the channels
    like qGray (11 R + 16 G + 5 B) / 32, on the sRGB values: a saturated red or blue then
    comes out lighter (more readable on the dark page) than with the linear luminance.
    """
    data = bytes(luma.constBits())
    lift, lift_data = _gray_like(luma, data.translate(_LIFT))
    drop, drop_data = _gray_like(luma, data.translate(_DROP))
    out = image.copy()
    out.invertPixels()  # 255 - c
    _composite(out, drop, QPainter.CompositionMode.CompositionMode_Plus)  # 255 - c + drop
    out.invertPixels()  # c - drop (clamped at 0)
    _composite(out, lift, QPainter.CompositionMode.CompositionMode_Plus)  # c - drop + lift
    del lift_data, drop_data  # the gray images borrowed these buffers until now
    return out


def _gray_like(luma: QImage, data: bytes) -> tuple[QImage, bytes]:
    """A Grayscale8 image over `data` (laid out like `luma`); keep `data` alive while used."""
    image = QImage(data, luma.width(), luma.height(), luma.bytesPerLine(), luma.format())
    return image, data


def _composite(target: QImage, source: QImage, mode: QPainter.CompositionMode) -> None:
    painter = QPainter(target)
    painter.setCompositionMode(mode)
    painter.drawImage(0, 0, source)
    painter.end()


def _onto_night_range(image: QImage) -> None:
    """Map black..white onto NIGHT_BLACK..NIGHT_WHITE per channel: c * (W - B) / 255 + B."""
    black, white = QColor(NIGHT_BLACK), QColor(NIGHT_WHITE)
    span = QColor(
        white.red() - black.red(), white.green() - black.green(), white.blue() - black.blue()
    )
    painter = QPainter(image)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Multiply)
    painter.fillRect(image.rect(), span)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Plus)
    painter.fillRect(image.rect(), black)
    painter.end()


def _restore(night: QImage, day: QImage, boxes: Sequence[Box]) -> None:
    """Copy the pixels of `boxes` back from the day image."""
    if not boxes:
        return
    region = QRegion()
    for x0, y0, x1, y1 in boxes:
        region += QRect(x0, y0, x1 - x0, y1 - y0)
    painter = QPainter(night)
    painter.setClipRegion(region)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
    painter.drawImage(0, 0, day)
    painter.end()
