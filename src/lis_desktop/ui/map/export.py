"""Exporting the map as a PNG or an SVG of a chosen size, with its title, legend and the data's
attribution (which the Open Government Licence asks for wherever the map goes).

`render_png`/`render_svg` draw the whole map (`render.paint_whole`) off the GUI thread (QImage
and QSvgGenerator may be painted on any thread); `save_map` writes the file atomically. The
dialog asks for format, size and file and shows what happened.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, QSizeF, Qt, Signal
from PySide6.QtGui import QImage, QImageWriter, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from lis_desktop import APP_NAME
from lis_desktop.atomic import atomic_write_bytes
from lis_desktop.errors import ExportWriteError, LisError
from lis_desktop.geo.colouring import Colouring
from lis_desktop.ui.map import render
from lis_desktop.ui.map.render import MapScene, MapStyle

log = logging.getLogger(__name__)

MIN_SIDE, MAX_SIDE = 200, 10_000
DEFAULT_SIZE = (1200, 1600)


class MapFormat(StrEnum):
    PNG = "png"
    SVG = "svg"


FORMAT_LABELS = {MapFormat.PNG: "PNG image", MapFormat.SVG: "SVG drawing (scalable)"}
FILE_FILTERS = {MapFormat.PNG: "PNG images (*.png)", MapFormat.SVG: "SVG drawings (*.svg)"}


@dataclass(frozen=True)
class MapPicture:
    """What an export draws: the scene coloured as the pane shows it (faded areas too)."""

    scene: MapScene
    colouring: Colouring
    faded: frozenset[str] = frozenset()

    @property
    def title(self) -> str:
        return f"The 41 Local Industrial Strategy areas (2018): {self.colouring.title}"


def _paint(picture: MapPicture, painter: QPainter, width: int, height: int) -> None:
    render.paint_whole(
        painter,
        picture.scene,
        picture.colouring,
        MapStyle.for_print(),
        QSizeF(width, height),
        faded=picture.faded,
        title=picture.title,
        own_paths=True,  # not the pane's cached copy: this may run on a worker
    )


def render_png(picture: MapPicture, width: int, height: int) -> bytes:
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    if image.isNull():
        raise ExportWriteError("There is not enough memory for a picture that large.")
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        _paint(picture, painter, width, height)
    finally:
        painter.end()  # never left painting when drawing fails
    return _bytes(lambda buffer: QImageWriter(buffer, QByteArray(b"png")).write(image))


def render_svg(picture: MapPicture, width: int, height: int) -> bytes:
    from PySide6.QtSvg import QSvgGenerator  # loaded for the first SVG export only

    def write(buffer: QBuffer) -> bool:
        generator = QSvgGenerator()
        generator.setOutputDevice(buffer)
        generator.setSize(QSize(width, height))
        generator.setViewBox(QRectF(0, 0, width, height))
        generator.setTitle(picture.title)
        generator.setDescription(picture.scene.data.attribution)
        painter = QPainter(generator)
        try:
            _paint(picture, painter, width, height)
        finally:
            ended = painter.end()  # before the buffer goes, even when drawing fails
        return ended

    return _bytes(write)


def _bytes(write: Callable[[QBuffer], bool]) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not write(buffer):
        raise ExportWriteError("The map could not be drawn at that size; nothing was written.")
    buffer.close()
    return bytes(data.data())


def save_map(picture: MapPicture, fmt: MapFormat, width: int, height: int, target: Path) -> Path:
    """Draw and write the map; ExportWriteError (nothing written) when it cannot be."""
    from lis_desktop.export.exporter import write_failure_message

    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        raise ExportWriteError(f"Choose a size between {MIN_SIDE} and {MAX_SIDE} pixels a side.")
    target = with_suffix(target, fmt)
    if target.is_dir():
        raise ExportWriteError(f"'{target}' is a folder; choose a file name.")
    data = (
        render_png(picture, width, height)
        if fmt is MapFormat.PNG
        else render_svg(picture, width, height)
    )
    try:
        atomic_write_bytes(target, data)
    except OSError as exc:
        raise ExportWriteError(write_failure_message(target.parent, exc)) from exc
    return target


def with_suffix(path: Path, fmt: MapFormat) -> Path:
    suffix = f".{fmt.value}"
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


class MapExportDialog(QDialog):
    """Format, size and file for a map export; `save_requested` carries them (the caller
    writes off the GUI thread and reports back with `finished`)."""

    save_requested = Signal(str, int, int, str)  # format, width, height, path

    def __init__(
        self, fmt: str, size: tuple[int, int], folder: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Export Map — {APP_NAME}")
        self.setObjectName("mapExportDialog")
        self.format_combo = QComboBox(self)
        self.format_combo.setAccessibleName("Format")
        for value, label in FORMAT_LABELS.items():
            self.format_combo.addItem(label, value.value)
        self.format_combo.setCurrentIndex(max(0, self.format_combo.findData(fmt)))
        self.width_box = self._side(size[0], "Width in pixels")
        self.height_box = self._side(size[1], "Height in pixels")
        self.path_edit = QLineEdit(str(folder / f"lis-areas-map.{self.format().value}"), self)
        self.path_edit.setAccessibleName("Save as")
        self.browse_button = QPushButton("Choose…", self)
        self.message = QLabel(self)
        self.message.setObjectName("mapExportMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        self.buttons = QDialogButtonBox(self)
        accept = QDialogButtonBox.ButtonRole.AcceptRole
        self.export_button = self.buttons.addButton("Export", accept)
        self.export_button.setDefault(True)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self._build()
        self._connect()

    def _side(self, value: int, name: str) -> QSpinBox:
        box = QSpinBox(self)
        box.setRange(MIN_SIDE, MAX_SIDE)
        box.setSingleStep(100)
        box.setSuffix(" px")
        box.setValue(min(MAX_SIDE, max(MIN_SIDE, value)))
        box.setAccessibleName(name)
        return box

    def _build(self) -> None:
        size_row = QHBoxLayout()
        size_row.addWidget(self.width_box)
        size_row.addWidget(QLabel("×", self))
        size_row.addWidget(self.height_box)
        size_row.addStretch(1)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow("Format:", self.format_combo)
        form.addRow("Size:", size_row)
        form.addRow("Save as:", path_row)
        note = QLabel(
            "The picture shows the map as coloured now, with its legend and the data's "
            "attribution (Office for National Statistics, Open Government Licence v3.0).",
            self,
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

    def _connect(self) -> None:
        self.format_combo.currentIndexChanged.connect(self._on_format_combo_changed)
        self.browse_button.clicked.connect(self._on_browse_button_clicked)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.close_button.clicked.connect(self.reject)

    def format(self) -> MapFormat:
        return MapFormat(self.format_combo.currentData())

    def target(self) -> Path:
        return with_suffix(Path(self.path_edit.text().strip()).expanduser(), self.format())

    def finished_with(self, error: str | None, path: Path | None = None) -> None:
        """The caller's report: an error stays in the dialog; success says where."""
        self.export_button.setEnabled(True)
        if error:
            self._say(error)
        else:
            self._say(f"Saved the map as {path}.")

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        self.adjustSize()

    def _on_format_combo_changed(self, _index: int) -> None:
        text = self.path_edit.text().strip()
        if text:
            stem = Path(text)
            if stem.suffix.lower() in (".png", ".svg"):
                stem = stem.with_suffix("")
            self.path_edit.setText(str(with_suffix(stem, self.format())))

    def _on_browse_button_clicked(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, "Export map as", str(self.target()), FILE_FILTERS[self.format()]
        )
        if name:
            self.path_edit.setText(str(with_suffix(Path(name), self.format())))

    def _on_export_button_clicked(self) -> None:
        if not self.path_edit.text().strip():
            self._say("Choose a file to save the map in.")
            return
        self.export_button.setEnabled(False)
        self._say("Exporting…")
        self.save_requested.emit(
            self.format().value, self.width_box.value(), self.height_box.value(), str(self.target())
        )


def describe_failure(exc: BaseException) -> str:
    if isinstance(exc, LisError):
        return str(exc)
    log.error("Map export failed", exc_info=(type(exc), exc, exc.__traceback__))
    return f"The export failed unexpectedly ({exc}); nothing was written."


__all__ = [
    "FORMAT_LABELS",
    "MapExportDialog",
    "MapFormat",
    "MapPicture",
    "describe_failure",
    "render_png",
    "render_svg",
    "save_map",
]
