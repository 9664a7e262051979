"""Digests without OpenSSL, for the window's process: `hashlib` loads OpenSSL (libcrypto, ~3.5 MB
resident) on import, and the window needs digests only as names (kept pages, reading positions) and
for the offline check after start. CPython's own SHA-1 and SHA-256 give the same hex digests;
`hashlib` (faster, it releases the GIL) stays for sync, import and export, which load it on use.
"""

from __future__ import annotations

import importlib
import time
from pathlib import Path
from typing import Protocol

CHUNK = 64 * 1024  # the builtin digest holds the GIL while it reads a chunk: ~0.2 ms each


class Digest(Protocol):
    def update(self, data: bytes, /) -> None: ...

    def hexdigest(self) -> str: ...


def _builtin(module_names: tuple[str, ...], name: str) -> type[Digest] | None:
    for module_name in module_names:
        try:
            return getattr(importlib.import_module(module_name), name)  # type: ignore[no-any-return]
        except (ImportError, AttributeError):
            continue
    return None


def sha1() -> Digest:
    """A new SHA-1 (CPython's own `_sha1`; hashlib's when that is missing)."""
    kind = _builtin(("_sha1",), "sha1")
    if kind is not None:
        return kind()
    import hashlib

    return hashlib.sha1(usedforsecurity=False)


def sha256() -> Digest:
    """A new SHA-256 (CPython's own: `_sha256` up to 3.11, `_sha2` from 3.12; hashlib's when
    neither is there)."""
    kind = _builtin(("_sha2", "_sha256"), "sha256")
    if kind is not None:
        return kind()
    import hashlib

    return hashlib.sha256()


def sha1_hex(data: bytes) -> str:
    digest = sha1()
    digest.update(data)
    return digest.hexdigest()


def sha256_hex(data: bytes) -> str:
    digest = sha256()
    digest.update(data)
    return digest.hexdigest()


def sha256_file_gently(path: Path) -> str:
    """The file's SHA-256 with the builtin digest, in small chunks, giving the GIL away after
    each one: a worker thread hashing many files never makes the GUI thread wait for it."""
    digest = sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
            time.sleep(0)  # releases the GIL: a waiting GUI thread takes it now, not in 5 ms
    return digest.hexdigest()
