"""Rendered samples wrapped in a QImage, with QtGui only: what the viewer and the window's first
look need of a rendered page, without the night colours' machinery (`colours`, `figures`),
which pages reach the app already recoloured in (`RenderedPage.recoloured`)."""

from __future__ import annotations

from PySide6.QtGui import QImage

from lis_desktop.pdf.document import RenderedPage


def page_image(page: RenderedPage) -> QImage:
    """A QImage over the samples of `page` (no copy: valid while the samples are)."""
    if page.recoloured:
        fmt = QImage.Format.Format_RGB32
    elif page.alpha:
        fmt = QImage.Format.Format_RGBA8888
    else:
        fmt = QImage.Format.Format_RGB888
    return QImage(page.samples, page.width, page.height, page.stride, fmt)


def image_from_samples(page: RenderedPage) -> QImage:
    """Wrap pixmap samples in a QImage (no re-encoding) and copy it so it outlives the pixmap,
    unless the samples are `lasting` (the image then keeps them alive: no copy). Night pages
    come from the engines already in their night colours (`pdf_local.NightSession`, which the
    PDF host runs): no pixel work here."""
    image = page_image(page)
    return image if page.lasting else image.copy()
