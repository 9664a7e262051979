"""What the viewer wants rendered, in the order it is rendered (Qt-free): the latest wish wins.

Each channel (the pages in view, then the thumbnails) holds the keys wanted now, most important
first; a new request replaces its channel's list, so a stale wish never starts. Keys of another
document, of pages that failed, and images already in the cache are passed over.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from lis_desktop.pdf.render_plan import RenderKey

CHANNELS = ("view", "thumbs")  # in priority order


class RenderWishes:
    """The wanted renders of one document (`doc`), by channel."""

    def __init__(self) -> None:
        self.doc = ""
        self._wanted: dict[str, list[RenderKey]] = {channel: [] for channel in CHANNELS}
        self._failed: set[tuple[str, int]] = set()

    def want(self, keys: Sequence[RenderKey], channel: str = "view") -> None:
        """Replace what `channel` wants with `keys`, most important first."""
        self._wanted[channel] = list(keys)

    def failed(self, key: RenderKey) -> None:
        """`key`'s page cannot be drawn: it is not asked for again."""
        self._failed.add((key.doc, key.page))

    def next(self, cached: Callable[[RenderKey], bool]) -> RenderKey | None:
        """The next key to render (taken off its list), or None when nothing is wanted."""
        for channel in CHANNELS:
            wanted = self._wanted[channel]
            while wanted:
                key = wanted.pop(0)
                if key.doc != self.doc or (key.doc, key.page) in self._failed:
                    continue
                if not cached(key):
                    return key
        return None

    def waiting(self, cached: Callable[[RenderKey], bool]) -> bool:
        """Some wanted key is not in the cache yet."""
        return any(not cached(key) for keys in self._wanted.values() for key in keys)
