"""Typed settings over QSettings: the one place where keys and defaults are declared."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T", str, int, float, bool, QByteArray)


@dataclass(frozen=True)
class Option(Generic[T]):
    key: str
    default: T


# Window
WINDOW_GEOMETRY = Option("window/geometry", QByteArray())
WINDOW_STATE = Option("window/state", QByteArray())
SPLITTER_STATE = Option("window/splitter", QByteArray())
SELECTED_REGION = Option("window/selected_region", "")
TREE_GROUPED = Option("tree/group_by_ons_region", False)  # England's areas under ONS regions
# Viewer
NIGHT_MODE = Option("viewer/night_mode", "auto")  # "auto" follows the OS, "on", "off"
VIEWER_THUMBNAILS = Option("viewer/thumbnails", True)
VIEWER_DOCUMENTS = "viewer/documents"  # + "/<document id>": JSON page, zoom and scroll


def reading_position_key(document_id: str) -> str:
    """Where a document's reading position is saved (`positions.document_id` names it)."""
    return f"{VIEWER_DOCUMENTS}/{document_id}"


# Comparison
COMPARE_REGION = Option("compare/region", "")  # shown beside the region at exit; "" = none
COMPARE_SWAPPED = Option("compare/swapped", False)  # it was on the left (or top)
COMPARE_WORDS = Option("compare/words", False)  # shared and unique words highlighted
# Export
EXPORT_FOLDER = Option("export/folder", "")  # "" = the Documents folder
EXPORT_FORMAT = Option("export/format", "pdf")  # an export.ExportFormat value
EXPORT_DPI = Option("export/dpi", 150)
EXPORT_COVER = Option("export/cover", True)
EXPORT_NOTES = Option("export/notes", False)  # pdf, merged-pdf: notes written as highlights
# Theme matrix
MATRIX_COLUMNS = Option("matrix/columns", "")  # JSON from search.matrix.dump_columns
MATRIX_SORT = Option("matrix/sort", "")  # "<column id>:desc" or ":asc"; "" = the tree's order
MATRIX_PNG_WIDTH = Option("matrix/png_width", 1600)  # pixels
MATRIX_PNG_HEIGHT = Option("matrix/png_height", 1200)
# Notes
NOTES_SCOPE = Option("notes/scope", "shown")  # the panel lists the notes of: "shown" or "all"
# Map
MAP_SHOWN = Option("map/shown", False)  # the map, not the tree, in the left pane
MAP_COLOUR_BY = Option("map/colour_by", "status")  # a geo.colouring.ColourBy value
MAP_THEME_COLUMN = Option("map/theme_column", "")  # the theme matrix column colouring the map
MAP_EXPORT_FORMAT = Option("map/export_format", "png")  # "png" or "svg"
MAP_EXPORT_WIDTH = Option("map/export_width", 1200)
MAP_EXPORT_HEIGHT = Option("map/export_height", 1600)


class Settings:
    """Reads and writes declared options; pass a QSettings (tests give one on a temp file)."""

    def __init__(self, store: QSettings) -> None:
        self.store = store

    def get(self, option: Option[T]) -> T:
        value = self.store.value(option.key, option.default)
        default = option.default
        result: object
        if isinstance(default, bool):
            result = value if isinstance(value, bool) else str(value).lower() in ("1", "true")
        elif isinstance(default, QByteArray):
            result = value if isinstance(value, QByteArray) else default
        elif isinstance(default, int | float):
            try:
                result = type(default)(str(value))
            except ValueError:
                result = default
        else:
            result = value if isinstance(value, str) else default
        return result

    def set(self, option: Option[T], value: T) -> None:
        self.store.setValue(option.key, value)

    def get_raw(self, key: str, default: object = None) -> object:
        """For keyed families of values (e.g. one entry per document)."""
        return self.store.value(key, default)

    def set_raw(self, key: str, value: object) -> None:
        self.store.setValue(key, value)

    def sync(self) -> None:
        self.store.sync()
