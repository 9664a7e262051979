"""The order in which a reader sees widgets: the window cut into rows where nothing straddles
the cut (a toolbar above the pages), else into columns (the tree beside the viewer), each part
read the same way in turn (a recursive X-Y cut). Qt-free: boxes are (x, y, width, height) in
one coordinate system."""

from __future__ import annotations

from collections.abc import Sequence

Box = tuple[int, int, int, int]
SLACK = 2  # pixels two neighbours may overlap and still be cut apart


def visual_order(boxes: Sequence[Box]) -> list[int]:
    """The indices of `boxes` in reading order: top to bottom, left to right, a column read to
    its end before the next (a widget a pixel higher than its neighbour on the left is still
    after it)."""
    return _order(list(range(len(boxes))), boxes)


def _order(indices: list[int], boxes: Sequence[Box]) -> list[int]:
    if len(indices) <= 1:
        return indices
    for axis in (1, 0):  # rows first, then columns
        groups = _cut(indices, boxes, axis)
        if len(groups) > 1:
            return [index for group in groups for index in _order(group, boxes)]
    return sorted(indices, key=lambda i: (boxes[i][1], boxes[i][0]))


def _cut(indices: list[int], boxes: Sequence[Box], axis: int) -> list[list[int]]:
    """`indices` in groups along `axis` (1: y, rows; 0: x, columns) separated by gaps."""
    spans = sorted(indices, key=lambda i: boxes[i][axis])
    groups: list[list[int]] = []
    end = 0.0
    for index in spans:
        start = boxes[index][axis]
        length = boxes[index][axis + 2]
        if groups and start + SLACK < end:
            groups[-1].append(index)
        else:
            groups.append([index])
        end = max(end, start + length) if len(groups[-1]) > 1 else start + length
    return groups
