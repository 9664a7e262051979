"""Atomic file writes: a temporary file in the target folder, fsync, then os.replace.

A process killed mid-write leaves its temporary file (`.<name>.XXXXXXXX.part`, hidden);
`remove_stale_parts` deletes such files once they are older than STALE_PART_SECONDS (a write
still running touches its file far more often)."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

log = logging.getLogger(__name__)

STALE_PART_SECONDS = 10 * 60  # a temporary file untouched this long was left by a dead process


@contextlib.contextmanager
def atomic_writer(target: Path) -> Iterator[BinaryIO]:
    """Yield a binary file; on success it replaces `target`, on any error nothing is left."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(target.parent)


def atomic_write_bytes(target: Path, data: bytes) -> None:
    with atomic_writer(target) as handle:
        handle.write(data)


def atomic_copy(source: Path, target: Path) -> None:
    with source.open("rb") as src, atomic_writer(target) as dst:
        shutil.copyfileobj(src, dst, 1024 * 1024)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _current_umask()  # read once at import, before any worker thread exists


class StagedFiles:
    """Several files that appear together or not at all (an export of many files).

    Each file is written to a temporary file in its target folder and fsynced; `commit`
    then moves them all into place. If any step fails, the new files are removed and any
    file that was being replaced is put back, so the folders look exactly as before.
    """

    def __init__(self, *, overwrite: bool) -> None:
        self.overwrite = overwrite
        self._staged: list[tuple[Path, Path]] = []  # (temporary file, target)

    def __enter__(self) -> StagedFiles:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.discard()  # after a commit there is nothing left to discard

    @property
    def targets(self) -> list[Path]:
        return [target for _, target in self._staged]

    @contextlib.contextmanager
    def writer(self, target: Path) -> Iterator[BinaryIO]:
        """Yield a binary file that becomes `target` on commit."""
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".part", dir=target.parent
        )
        tmp = Path(tmp_name)
        self._staged.append((tmp, target))
        if os.name == "posix":  # mkstemp makes 0600; an exported file gets the usual mode
            os.fchmod(fd, 0o666 & ~_UMASK)
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())

    def staged_path(self, target: Path) -> Path:
        """The temporary file standing in for `target` (to read back what was written)."""
        return next(tmp for tmp, t in self._staged if t == target)

    def commit(self) -> None:
        """Move every staged file into place, or none of them (FileExistsError, OSError)."""
        if not self.overwrite:
            for _, target in self._staged:
                if target.exists():
                    raise FileExistsError(17, "File exists", str(target))
        done: list[tuple[Path, Path | None]] = []  # (target, backup of what it replaced)
        try:
            for tmp, target in self._staged:
                backup = _move_aside(target)
                done.append((target, backup))
                os.replace(tmp, target)
        except BaseException:
            _undo(done)
            self.discard()
            raise
        for _, backup in done:
            if backup is not None:
                with contextlib.suppress(OSError):
                    backup.unlink()
        for folder in {target.parent for _, target in self._staged}:
            _fsync_dir(folder)
        self._staged.clear()

    def discard(self) -> None:
        for tmp, _ in self._staged:
            with contextlib.suppress(OSError):
                tmp.unlink()
        self._staged.clear()


def _move_aside(target: Path) -> Path | None:
    """Rename an existing `target` to a hidden backup name in its folder; None if absent."""
    if not target.exists():
        return None
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent)
    os.close(fd)
    backup = Path(name)
    try:
        os.replace(target, backup)
    except BaseException:  # e.g. `target` is a folder: leave no placeholder behind
        with contextlib.suppress(OSError):
            backup.unlink()
        raise
    return backup


def _undo(done: list[tuple[Path, Path | None]]) -> None:
    for target, backup in reversed(done):
        with contextlib.suppress(OSError):
            if backup is not None:
                os.replace(backup, target)
            else:
                target.unlink(missing_ok=True)


def remove_stale_parts(folder: Path, pattern: re.Pattern[str], min_age: float) -> int:
    """Delete the files in `folder` whose names match `pattern` and that were last modified
    more than `min_age` seconds ago; the number deleted (errors are logged, not raised)."""
    removed = 0
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except (OSError, ValueError):
        return 0
    for entry in entries:
        try:
            if not pattern.match(entry.name) or not entry.is_file(follow_symlinks=False):
                continue
            if now - entry.stat(follow_symlinks=False).st_mtime < min_age:
                continue
            os.unlink(entry.path)
            removed += 1
            log.info("Removed a stale temporary file: %s", entry.path)
        except OSError as exc:
            log.debug("Left %s: %s", entry.path, exc)
    return removed
