"""Memory for the next large page image, made ready ahead of need (Linux), for the viewer's page
images from either engine (`viewer_render.PageImages`).

The viewer keeps each page image (its render cache), so each needs memory of its own, and fresh
memory costs more than the copy into it: copying a 1000 px wide page (4.2 MB) into a new QImage
takes 1.6 ms, 1.2 ms of it page faults. So after a large page image, memory is faulted in for
the next one of that size (`SpareMemory`), and the page is then copied into it (0.45 ms).

The viewer's worker makes the spare when it has nothing to render, after the page is painted.
Pages are faulted in with one madvise(MADV_POPULATE_WRITE) call through ctypes: the GIL is free
meanwhile, and taken back once (in steps, each step had to wait for it while the GUI thread or
another worker was inside a PyMuPDF call, so the spare dragged on and kept interrupting them).
Measured before: made while the PDF host's child drew the page, it slowed the drawing by as
much as it cost (1.8 ms on two cores) instead of hiding it; made on a thread of its own after
each page, it competed with the GUI thread painting that page.
Without a spare of the right size, the page is copied as before.
"""

from __future__ import annotations

import ctypes
import logging
import mmap
import sys

log = logging.getLogger(__name__)

SPARE_MIN = 1024 * 1024  # smaller images (thumbnails) get no spare
POPULATE = sys.platform == "linux"  # madvise(MADV_POPULATE_WRITE) is Linux (5.14 on)
MADV_POPULATE_WRITE = 23  # Python names it from 3.13 on


def _populated(size: int) -> mmap.mmap:
    """Anonymous memory of `size` bytes, faulted in for writing (by madvise through ctypes, so
    that the GIL is free meanwhile)."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    memory = mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE)
    anchor = ctypes.c_char.from_buffer(memory)
    address = ctypes.addressof(anchor)
    del anchor  # an exported buffer would keep the map from closing
    if libc.madvise(address, size, MADV_POPULATE_WRITE) != 0:
        memory.close()
        raise OSError(ctypes.get_errno(), "madvise(MADV_POPULATE_WRITE) failed")
    return memory


class SpareMemory:
    """Memory for the next large page image, the size of the last one (see the module doc)."""

    def __init__(self) -> None:
        self._size = 0  # the size of the last large page image (0: none yet)
        self._spare: mmap.mmap | None = None

    @property
    def ready(self) -> int:
        """The size of the spare ready now (0: none)."""
        return len(self._spare) if self._spare is not None else 0

    @property
    def wanted(self) -> bool:
        """A large page was seen and no spare of its size is ready: `prepare` would make one."""
        return POPULATE and self._size != 0 and self.ready != self._size

    def prepare(self) -> None:
        """Make the spare, unless it is ready or no large page was seen yet (on the viewer's
        worker, when it has nothing to render)."""
        if not POPULATE or self._size == 0 or self.ready == self._size:
            return
        self.close()
        try:
            self._spare = _populated(self._size)
        except OSError as exc:
            log.warning("No memory ahead of the next page image: %s", exc)
            self._size = 0

    def take(self, size: int) -> mmap.mmap | None:
        """The spare if it has exactly `size` bytes (else None: the page is copied as before);
        the next spare will have this size."""
        if not POPULATE or size < SPARE_MIN:
            return None
        self._size = size
        spare = self._spare
        if spare is None or len(spare) != size:
            return None
        self._spare = None
        return spare

    def close(self) -> None:
        spare, self._spare = self._spare, None
        if spare is not None:
            spare.close()
