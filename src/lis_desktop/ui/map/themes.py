"""The theme matrix as the map's `ThemeCounts`: its columns, and one column's counts from the
matrix the controller last computed (asking it to count when it has none yet)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from lis_desktop.ui.matrix.controller import MatrixController


class MatrixThemes:
    def __init__(self, controller: MatrixController) -> None:
        self.controller = controller

    def columns(self) -> Sequence[tuple[str, str]]:
        return [(c.id, c.label) for c in self.controller.columns]

    def counts(self, column_id: str) -> Mapping[str, int | None] | None:
        matrix = self.controller.matrix
        if matrix is None or column_id not in {c.id for c in matrix.columns}:
            self.controller.refresh()  # coalesced; matrix_changed follows
            return None
        return matrix.column_counts(column_id)
