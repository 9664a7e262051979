"""The window's digests (lis_desktop.digests) are hashlib's SHA-1 and SHA-256, byte for byte
(kept pages' names, reading positions' ids and the cache's records stay valid), without loading
OpenSSL (hashlib's `_hashlib`, ~3.5 MB resident in every window)."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from lis_desktop import digests

SAMPLES = [b"", b"black-country|300", "Ünïcode|1".encode(), bytes(range(256)) * 1000]


@pytest.mark.parametrize("data", SAMPLES, ids=["empty", "key", "unicode", "256kB"])
def test_the_digests_are_hashlibs(data: bytes) -> None:
    assert digests.sha1_hex(data) == hashlib.sha1(data).hexdigest()
    assert digests.sha256_hex(data) == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("size", [0, 1, digests.CHUNK, digests.CHUNK + 1, 3 * digests.CHUNK + 7])
def test_a_file_hashed_gently_has_its_sha256(tmp_path: Path, size: int) -> None:
    path = tmp_path / "f.pdf"
    path.write_bytes(bytes(i % 251 for i in range(size)))
    assert digests.sha256_file_gently(path) == hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_digests_do_not_load_openssl(tmp_path: Path) -> None:
    path = tmp_path / "f.pdf"
    path.write_bytes(b"%PDF-1.7\n" * 20000)
    code = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from lis_desktop import digests\n"
        "digests.sha1_hex(b'x'), digests.sha256_hex(b'x')\n"
        "digests.sha256_file_gently(Path(sys.argv[1]))\n"
        "print(json.dumps(sorted(m for m in ('_hashlib', 'hashlib') if m in sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == []
