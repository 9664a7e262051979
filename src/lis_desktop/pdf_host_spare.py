"""Memory for the next page image, made ready ahead of need (Linux), for the PDF host's parent.

The viewer keeps each page image (its render cache), so each needs memory of its own, and fresh
memory costs more than the copy into it: copying a 1000 px wide page (4.2 MB) into a new QImage
takes 1.6 ms, 1.2 ms of it page faults. So after a large page image, a thread faults in memory
for the next one of that size (`SpareMemory`), and the page is then copied into it (0.45 ms).

That thread must not slow anything else down: it faults pages in with
madvise(MADV_POPULATE_WRITE) called through ctypes (the GIL is free meanwhile), in steps of
256 KB, since the process's memory map is locked during each step (another thread's mmap()
waits for it). It keeps the normal priority: at the idle priority it could be preempted while
holding the GIL and stall every other thread. Without a spare ready, the page is copied as
before: nothing ever waits for one.
"""

from __future__ import annotations

import ctypes
import logging
import mmap
import sys
import threading

log = logging.getLogger(__name__)

SPARE_MIN = 1024 * 1024  # smaller images (thumbnails) get no spare
POPULATE = sys.platform == "linux"  # madvise(MADV_POPULATE_WRITE) is Linux (5.14 on)
MADV_POPULATE_WRITE = 23  # Python names it from 3.13 on
POPULATE_STEP = 256 * 1024
JOIN_S = 1.0


def _populated(size: int) -> mmap.mmap:
    """Anonymous memory of `size` bytes, faulted in for writing (by madvise through ctypes, so
    that the GIL is free meanwhile)."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    memory = mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE)
    anchor = ctypes.c_char.from_buffer(memory)
    address = ctypes.addressof(anchor)
    del anchor  # an exported buffer would keep the map from closing
    for start in range(0, size, POPULATE_STEP):  # the process's memory map is locked meanwhile
        step = min(POPULATE_STEP, size - start)
        if libc.madvise(address + start, step, MADV_POPULATE_WRITE) != 0:
            memory.close()
            raise OSError(ctypes.get_errno(), "madvise(MADV_POPULATE_WRITE) failed")
    return memory


class SpareMemory:
    """Memory for the next page image, faulted in ahead of need on a thread of its own (see the
    module doc), the size of the last page image taken. Linux only; never for small images."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._size = 0  # the size of the spare wanted (0: none yet)
        self._spare: mmap.mmap | None = None
        self._closed = False
        self._thread: threading.Thread | None = None

    def take(self, size: int) -> mmap.mmap | None:
        """A spare of exactly `size` bytes if one is ready (never waits for one); another of
        this size is then made for the next page."""
        if not POPULATE or size < SPARE_MIN:
            return None
        with self._cond:
            if self._closed:
                return None
            spare = self._spare
            if spare is not None and len(spare) == size:
                self._spare = None
            else:
                spare = None
            self._size = size
            self._cond.notify()
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="pdf-spare", daemon=True)
                self._thread.start()
        return spare

    @property
    def ready(self) -> int:
        """The size of the spare ready now (0: none)."""
        with self._cond:
            return len(self._spare) if self._spare is not None else 0

    def _missing(self) -> bool:
        return self._size > 0 and (self._spare is None or len(self._spare) != self._size)

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._closed or self._missing())
                if self._closed:
                    return
                size = self._size
            try:
                spare = _populated(size)
            except OSError as exc:
                log.warning("No memory ahead of the next page image: %s", exc)
                with self._cond:
                    self._size = 0
                continue
            with self._cond:
                if self._closed:
                    old = spare
                else:
                    old, self._spare = self._spare, spare
            if old is not None:
                old.close()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify()
            thread = self._thread
        if thread is not None:
            thread.join(JOIN_S)  # it only ever waits, or makes one spare
        with self._cond:
            spare, self._spare = self._spare, None
        if spare is not None:
            spare.close()
