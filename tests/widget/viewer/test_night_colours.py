"""Night colours on small synthetic images: each rule of the transform pinned by its pixels."""

from __future__ import annotations

import colorsys

import pytest
from PySide6.QtGui import QColor, QImage

from lis_desktop.pdf.document import NIGHT_BLACK, NIGHT_WHITE
from lis_desktop.pdf.night.colours import night_image

RGB = tuple[int, int, int]


def solid(colour: RGB, width: int = 7, height: int = 5) -> QImage:
    image = QImage(width, height, QImage.Format.Format_RGB888)
    image.fill(QColor(*colour))
    return image


def rgb(image: QImage, x: int = 3, y: int = 2) -> RGB:
    colour = image.pixelColor(x, y)
    return colour.red(), colour.green(), colour.blue()


def hex_rgb(value: int) -> RGB:
    return (value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF


def close(a: RGB, b: RGB, tolerance: int = 2) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def hue(colour: RGB) -> float:
    return colorsys.rgb_to_hls(*(c / 255 for c in colour))[0] * 360


def hue_distance(a: RGB, b: RGB) -> float:
    d = abs(hue(a) - hue(b)) % 360
    return min(d, 360 - d)


def luminance(colour: RGB) -> float:
    def linear(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_white_paper_becomes_the_night_background() -> None:
    assert close(rgb(night_image(solid((255, 255, 255)))), hex_rgb(NIGHT_BLACK))


def test_black_text_becomes_the_night_text_colour() -> None:
    assert close(rgb(night_image(solid((0, 0, 0)))), hex_rgb(NIGHT_WHITE))


def test_grey_is_mirrored_around_the_middle() -> None:
    light, dark = rgb(night_image(solid((200, 200, 200)))), rgb(night_image(solid((60, 60, 60))))
    assert luminance(dark) > luminance(light)  # what was darker is now lighter
    assert max(light) - min(light) <= 5  # still grey
    assert max(dark) - min(dark) <= 5


@pytest.mark.parametrize(
    "colour",
    [(0, 0, 128), (0, 48, 135), (0, 100, 100), (0, 0, 238), (128, 0, 0), (0, 112, 60)],
    ids=["navy", "govuk-blue", "dark-teal", "link-blue", "maroon", "dark-green"],
)
def test_dark_colours_keep_their_hue_and_become_readable_on_the_dark_page(colour: RGB) -> None:
    night = rgb(night_image(solid(colour)))
    background = hex_rgb(NIGHT_BLACK)
    assert hue_distance(night, colour) <= 12  # the lightest channel may clip at 255
    assert luminance(night) > luminance(colour)  # lighter, as black text became light
    assert contrast(night, background) >= 4.5  # WCAG AA for body text


def test_pure_red_keeps_its_hue() -> None:
    night = rgb(night_image(solid((255, 0, 0))))
    assert hue_distance(night, (255, 0, 0)) <= 8
    assert night[0] > 200


def test_kept_boxes_keep_their_true_colours_and_the_rest_turns_dark() -> None:
    image = solid((255, 255, 255), 40, 30)
    for x in range(10, 20):
        for y in range(5, 15):
            image.setPixelColor(x, y, QColor(40, 160, 60))
    night = night_image(image, keep=[(10, 5, 20, 15)])
    assert rgb(night, 10, 5) == (40, 160, 60)
    assert rgb(night, 19, 14) == (40, 160, 60)
    assert close(rgb(night, 9, 5), hex_rgb(NIGHT_BLACK))  # just outside the box
    assert close(rgb(night, 20, 14), hex_rgb(NIGHT_BLACK))


def test_a_colour_block_outside_any_box_is_recoloured() -> None:
    night = rgb(night_image(solid((40, 160, 60))))
    assert night != (40, 160, 60)
    assert hue_distance(night, (40, 160, 60)) <= 8
