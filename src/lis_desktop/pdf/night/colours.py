"""Night colours for a rendered page, with Qt only (no per-pixel Python, no numpy).

The page turns light on dark by a hue-preserving lightness inversion: every channel of a pixel
moves by the same amount, c' = c + (255 - 2Y) (Y its luma), so white paper becomes black, black
text white, and a navy heading light blue (the hue stays, the lightness flips). The result is
then mapped onto NIGHT_BLACK..NIGHT_WHITE. Raster images (`keep` boxes located by the document
layer) and coloured vector figures (maps, charts, coloured panels found from the pixels by
`night_figures`) are put back in their true colours.

All the pixel work is done by Qt in C: a Grayscale8 conversion for Y, `bytes.translate` lookup
tables, `invertPixels` and QPainter composition modes (Plus, Multiply).

QtGui only (QImage, QPainter: no QGuiApplication needed): the PDF host's child process applies
the night colours itself (`recoloured`, through `pdf_local.NightSession`), so that the app
process only wraps the finished pixels; this module is imported there on the first night page.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Sequence
from typing import TypeVar

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPainter, QRegion

from lis_desktop.pdf.document import NIGHT_BLACK, NIGHT_WHITE, RenderedPage
from lis_desktop.pdf.night.figures import CHROMA_MIN, chroma, find_figures
from lis_desktop.pdf.night.images import page_image

log = logging.getLogger(__name__)

T = TypeVar("T")

Box = tuple[int, int, int, int]  # x0, y0, x1, y1 in device pixels

# The luma shift split in two non-negative parts (only one is non-zero for a given pixel).
_LIFT = bytes(max(0, 255 - 2 * y) for y in range(256))  # dark pixels get lighter
_DROP = bytes(max(0, 2 * y - 255) for y in range(256))  # light pixels get darker
# In a figure, how much of the true colour a pixel keeps, by its chroma: none for greys (the
# figure's white ground and black lines turn night), all from CHROMA_MIN on, a ramp between
# (anti-aliased edges blend smoothly).
_KEPT = bytes(
    min(255, max(0, (c - CHROMA_MIN // 2) * 255 // (CHROMA_MIN // 2))) for c in range(256)
)


def recoloured(build: Callable[[RenderedPage], T]) -> Callable[[RenderedPage], T]:
    """`build` given each night page in its night colours (Format_RGB32 samples, marked
    `recoloured`); other pages pass unchanged. The samples are valid only during the call."""

    def night_build(page: RenderedPage) -> T:
        if not page.night or page.recoloured:
            return build(page)
        night = night_image(page_image(page), page.keep)
        bits = memoryview(night.constBits())
        stride = night.bytesPerLine()
        return build(
            dataclasses.replace(page, samples=bits, stride=stride, alpha=False, recoloured=True)
        )

    return night_build


def night_image(day: QImage, keep: Sequence[Box] = ()) -> QImage:
    """`day` in night colours (Format_RGB32); the `keep` boxes (images) and the coloured
    vector figures found in it in their true colours."""
    night = day.convertToFormat(QImage.Format.Format_RGB32)
    invert_lightness(night, day.convertToFormat(QImage.Format.Format_Grayscale8))
    _onto_night_range(night)
    figures = find_figures(day, keep)
    for figure in figures:
        _restore_coloured(night, day, figure.box, _region(figure.edges))
    _restore(night, day, [*keep, *(box for f in figures for box in f.inside)])
    return night


def invert_lightness(image: QImage, luma: QImage) -> None:
    """c' = c + (255 - 2Y) per channel, clamped, in place: white <-> black, hues kept.

    `luma` is `image` in Format_Grayscale8. Converted from RGB888, Qt weighs the channels
    like qGray (11 R + 16 G + 5 B) / 32, on the sRGB values: a saturated red or blue then
    comes out lighter (more readable on the dark page) than with the linear luminance.
    """
    data = bytes(luma.constBits())
    lift, lift_data = _gray_like(luma, data.translate(_LIFT))
    drop, drop_data = _gray_like(luma, data.translate(_DROP))
    image.invertPixels()  # 255 - c
    _composite(image, drop, QPainter.CompositionMode.CompositionMode_Plus)  # 255 - c + drop
    image.invertPixels()  # c - drop (clamped at 0)
    _composite(image, lift, QPainter.CompositionMode.CompositionMode_Plus)  # c - drop + lift
    del lift_data, drop_data  # the gray images borrowed these buffers until now


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


def _region(boxes: Sequence[Box]) -> QRegion:
    region = QRegion()
    for x0, y0, x1, y1 in boxes:
        region += QRect(x0, y0, x1 - x0, y1 - y0)
    return region


def _restore(night: QImage, day: QImage, boxes: Sequence[Box]) -> None:
    """Copy the pixels of `boxes` back from the day image."""
    if not boxes:
        return
    painter = QPainter(night)
    painter.setClipRegion(_region(boxes))
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
    painter.drawImage(0, 0, day)
    painter.end()


def _erode(mask: QImage) -> None:
    """Each value becomes the smallest of itself and its four neighbours."""
    source = mask.copy()
    painter = QPainter(mask)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Darken)
    for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
        painter.drawImage(dx, dy, source)
    painter.end()


def _restore_coloured(night: QImage, day: QImage, box: Box, clip: QRegion) -> None:
    """Put back the coloured pixels of `box` (a map or chart) within `clip`, weighted by
    their chroma.

    Along the edges of coloured areas the pixels are anti-aliased with the white paper: kept,
    they would draw a light fringe on the dark page. There the darker of the day and night
    colours is taken (per channel): the night one for a pale edge pixel, the day one for a
    fully coloured pixel next to it."""
    x0, y0, x1, y1 = box
    part = day.copy(QRect(x0, y0, x1 - x0, y1 - y0))
    alpha = chroma(part)
    data = bytes(alpha.constBits()).translate(_KEPT)
    mask = QImage(data, alpha.width(), alpha.height(), alpha.bytesPerLine(), alpha.format()).copy()
    coloured = part.convertToFormat(QImage.Format.Format_ARGB32)
    coloured.setAlphaChannel(mask)
    painter = QPainter(night)
    painter.setClipRegion(clip)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Darken)
    painter.drawImage(x0, y0, coloured)  # every coloured pixel: the darker of day and night
    _erode(mask)
    coloured.setAlphaChannel(mask)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
    painter.drawImage(x0, y0, coloured)  # away from the edges: the day colour
    painter.end()
