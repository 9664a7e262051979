"""How two locked panes stand to each other, Qt-free (tested without a widget): the offset
between their places (in page units, so that it holds at any zoom) and the ratio between their
zooms, and what the follower does when the leader moves; and when the panes stack.

Places are `PageCanvas.relative_position()`s: (page widths across, page index plus page heights
down) of the view's top left corner.
"""

from __future__ import annotations

from dataclasses import dataclass

Place = tuple[float, float]
STACK_BELOW = 600  # logical pixels: a comparison narrower than this puts one pane above the other
SAME = 1e-3  # zooms this close are the same


@dataclass(frozen=True)
class Zoom:
    """A pane's zoom: its mode ("width", "page" fit the pane; "free") and the zoom in use."""

    mode: str
    zoom: float


@dataclass(frozen=True)
class Alignment:
    """Where the second pane stands from the first: `across`/`down` added to the first's place,
    its zoom `ratio` times the first's (1.0: the same zoom, or the same fit)."""

    across: float = 0.0
    down: float = 0.0
    ratio: float = 1.0

    @classmethod
    def between(cls, first: Place, second: Place, first_zoom: Zoom, second_zoom: Zoom) -> Alignment:
        """The alignment of two panes as they stand now (Re-align)."""
        same_fit = first_zoom.mode == second_zoom.mode != "free"
        ratio = second_zoom.zoom / first_zoom.zoom if first_zoom.zoom > 0 else 1.0
        if same_fit or abs(ratio - 1.0) < SAME:
            ratio = 1.0
        return cls(second[0] - first[0], second[1] - first[1], ratio)

    def place_for(self, leader: Place, leader_is_first: bool) -> Place:
        """Where the follower goes when the leader stands at `leader`."""
        sign = 1 if leader_is_first else -1
        return leader[0] + sign * self.across, leader[1] + sign * self.down

    def zoom_for(self, leader: Zoom, leader_is_first: bool) -> Zoom:
        """The follower's zoom for the leader's: the same fit, or its zoom times the ratio."""
        if self.ratio == 1.0:
            return leader
        factor = self.ratio if leader_is_first else 1 / self.ratio
        return Zoom("free", leader.zoom * factor)


def stacked(width: int) -> bool:
    """Whether a comparison `width` pixels wide shows its panes one above the other."""
    return width < STACK_BELOW
