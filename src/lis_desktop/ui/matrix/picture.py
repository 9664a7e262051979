"""The heat map as a picture at a chosen size (the PNG export): the rows and columns the matrix
shows, each cell shaded and its count written, the column names, a legend and a source line.
Drawn from the table model, so the picture says what the screen says."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QImageWriter, QPainter, QPen
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QSpinBox, QWidget

from lis_desktop.errors import ExportWriteError
from lis_desktop.search.matrix import HEAT_STEPS, heat_colour, ink_for
from lis_desktop.ui.matrix.model import HEAT_ROLE, STATE_ROLE, STATE_TEXT, MatrixModel

MIN_SIZE = QSize(480, 360)
MAX_SIDE = 10_000  # pixels: beyond it the picture would take hundreds of megabytes


def render_heatmap(model: MatrixModel, size: QSize, *, dark: bool, source: str) -> QImage:
    """The matrix drawn into a `size` image (light or night colours), `source` at the foot."""
    image = QImage(size, QImage.Format.Format_RGB32)
    paper, ink = (
        (QColor("#1e1f22"), QColor("#e8e8e8")) if dark else (QColor("white"), QColor("black"))
    )
    image.fill(paper)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    try:
        _Drawing(painter, model, size, dark, ink).draw(source)
    finally:
        painter.end()
    return image


class PngSizeDialog(QDialog):
    """Asks the picture's width and height in pixels."""

    def __init__(self, size: QSize, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export Heat Map as PNG")
        self.width_box, self.height_box = QSpinBox(self), QSpinBox(self)
        for box, value, minimum, name in (
            (self.width_box, size.width(), MIN_SIZE.width(), "Width in pixels"),
            (self.height_box, size.height(), MIN_SIZE.height(), "Height in pixels"),
        ):
            box.setRange(minimum, MAX_SIDE)
            box.setValue(max(minimum, min(MAX_SIDE, value)))
            box.setSuffix(" px")
            box.setAccessibleName(name)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("&Width:", self.width_box)
        form.addRow("&Height:", self.height_box)
        form.addRow(buttons)

    def chosen_size(self) -> QSize:
        return QSize(self.width_box.value(), self.height_box.value())


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, QByteArray(b"png"))
    if not writer.write(image):
        raise ExportWriteError(f"The picture could not be made: {writer.errorString()}.")
    buffer.close()
    return bytes(data.data())


class _Drawing:
    """One picture's layout: title, header, rows, legend and source line, in pixels."""

    def __init__(
        self, painter: QPainter, model: MatrixModel, size: QSize, dark: bool, ink: QColor
    ) -> None:
        self.p, self.model, self.dark, self.ink = painter, model, dark, ink
        self.width, self.height = size.width(), size.height()
        self.margin = max(12.0, self.width * 0.015)
        rows = max(1, model.rowCount())
        self.title_h = max(18.0, self.height * 0.04)
        self.foot_h = max(14.0, self.height * 0.03)
        usable = self.height - 2 * self.margin - self.title_h - 3 * self.foot_h
        self.row_h = usable / (rows + 2.2)  # the header takes about two rows' height
        self.head_h = self.row_h * 2.2
        self.font_px = max(5, min(18, int(self.row_h * 0.62)))
        inner = self.width - 2 * self.margin
        self.name_w = inner * 0.28
        self.cell_w = (inner - self.name_w) / max(1, model.columnCount() - 1)

    def font(self, px: int, *, bold: bool = False, italic: bool = False) -> QFont:
        font = QFont()
        font.setPixelSize(max(5, px))
        font.setBold(bold)
        font.setItalic(italic)
        return font

    def draw(self, source: str) -> None:
        self.p.setPen(self.ink)
        self.p.setFont(self.font(int(self.title_h * 0.6), bold=True))
        title = QRectF(self.margin, self.margin, self.width - 2 * self.margin, self.title_h)
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        self.p.drawText(title, left, "Theme matrix: Industrial Strategy local summaries")
        top = self.margin + self.title_h
        self._header(top)
        top += self.head_h
        for row in range(self.model.rowCount()):
            self._row(row, top + row * self.row_h)
        bottom = top + self.model.rowCount() * self.row_h + self.foot_h * 0.3
        self._legend(bottom)
        self.p.setPen(self.ink)
        self.p.setFont(self.font(int(self.foot_h * 0.55)))
        foot = QRectF(
            self.margin, bottom + self.foot_h, self.width - 2 * self.margin, self.foot_h * 2
        )
        self.p.drawText(foot, Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft, source)

    def _header(self, top: float) -> None:
        self.p.setFont(self.font(self.font_px, bold=True))
        for column in range(self.model.columnCount()):
            text = str(self.model.headerData(column, Qt.Orientation.Horizontal) or "")
            rect = self._cell_rect(column, top, self.head_h)
            flags = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignBottom
            align = Qt.AlignmentFlag.AlignLeft if column == 0 else Qt.AlignmentFlag.AlignHCenter
            self.p.drawText(rect.adjusted(3, 0, -3, -3), flags | align, text)
        self.p.setPen(QPen(self.ink, 1))
        y = top + self.head_h
        self.p.drawLine(int(self.margin), int(y), int(self.width - self.margin), int(y))

    def _cell_rect(self, column: int, top: float, height: float) -> QRectF:
        if column == 0:
            return QRectF(self.margin, top, self.name_w, height)
        return QRectF(
            self.margin + self.name_w + (column - 1) * self.cell_w, top, self.cell_w, height
        )

    def _row(self, row: int, top: float) -> None:
        for column in range(self.model.columnCount()):
            index = self.model.index(row, column)
            rect = self._cell_rect(column, top, self.row_h)
            level = index.data(HEAT_ROLE)
            colour = heat_colour(level, dark=self.dark) if isinstance(level, int) else None
            pen = self.ink
            if colour is not None:
                self.p.fillRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), QColor(colour))
                pen = QColor(ink_for(colour))
            font = index.data(Qt.ItemDataRole.FontRole)
            missing = index.data(STATE_ROLE) in STATE_TEXT
            bold = isinstance(font, QFont) and font.bold()
            self.p.setFont(self.font(self.font_px, bold=bold, italic=missing))
            self.p.setPen(pen)
            align = Qt.AlignmentFlag.AlignLeft if column == 0 else Qt.AlignmentFlag.AlignRight
            text = str(index.data() or "")
            metrics = self.p.fontMetrics()
            elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(rect.width() - 8))
            self.p.drawText(
                rect.adjusted(4, 0, -4, 0), align | Qt.AlignmentFlag.AlignVCenter, elided
            )

    def _legend(self, top: float) -> None:
        self.p.setFont(self.font(int(self.foot_h * 0.55)))
        self.p.setPen(self.ink)
        x, side = self.margin, self.foot_h * 0.8
        label = "Shade: hits relative to the most in the column, fewer"
        width = self.p.fontMetrics().horizontalAdvance(label) + 8
        self.p.drawText(QRectF(x, top, width, self.foot_h), Qt.AlignmentFlag.AlignVCenter, label)
        x += width
        for level in range(1, HEAT_STEPS + 1):
            colour = heat_colour(level, dark=self.dark)
            assert colour is not None
            self.p.fillRect(QRectF(x, top + (self.foot_h - side) / 2, side, side), QColor(colour))
            x += side
        rest = "  more; 0 unshaded; “not offline”: no summary to count"
        self.p.drawText(
            QRectF(x + 4, top, self.width, self.foot_h), Qt.AlignmentFlag.AlignVCenter, rest
        )
