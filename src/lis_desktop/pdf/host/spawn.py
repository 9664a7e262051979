"""Starting a PDF host process, two ways, with nothing loaded but `subprocess`: `parent.PdfHost`
takes the process over (`started=`).

- `fork_host`: at launch, on Linux, the app's entry forks its first host from its own process
  while that is still small and runs one thread, before Qt. The child has the interpreter
  started already (a spawned Python spends ~15 ms of processor time before its first import,
  on the cores the window's start needs too). It loads nothing and waits until it is told to
  `go`: at once for a page that must be rendered, after the page is on screen for one kept.
- `spawn_host`: every other host (later ones, after a crash, and macOS and Windows, where a
  fork is not safe or not there), a new process running `lis_desktop.pdf.host`.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import IO, NoReturn, Protocol

HOST_FLAG = "--pdf-host"  # the bundle's executable runs the host when given this first
MEMORY_CAP = 4 * 1024**3  # the host's address space, by default
PROCESS_NAME = b"lis-pdf-host"  # a forked host's name in ps and top (its command line is the app's)


class HostProcess(Protocol):
    """What `parent.PdfHost` uses of its child process: a Popen, or a ForkedHost."""

    @property
    def pid(self) -> int: ...
    @property
    def stdin(self) -> IO[bytes] | None: ...
    @property
    def stdout(self) -> IO[bytes] | None: ...
    @property
    def stderr(self) -> IO[bytes] | None: ...
    @property
    def returncode(self) -> int | None: ...
    def poll(self) -> int | None: ...
    def wait(self, timeout: float | None = None) -> int: ...
    def kill(self) -> None: ...


def host_command() -> list[str]:
    """How to start a host: the bundle's own executable, or this Python on this package."""
    if getattr(sys, "frozen", False):
        return [sys.executable, HOST_FLAG]
    return [sys.executable, "-m", "lis_desktop.pdf.host"]


def host_environment() -> dict[str, str]:
    """The app's environment; from a checkout, with this package importable in the child."""
    env = dict(os.environ)
    if not getattr(sys, "frozen", False):
        root = str(Path(__file__).resolve().parents[3])  # src/, above lis_desktop/pdf/host/
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    return env


def host_options(folder: Path, cap: int = MEMORY_CAP, night: bool = False) -> list[str]:
    """The host's arguments: its page buffers in `folder` (made private if missing), its
    address space capped at `cap`, loading the night colours at start with `night`."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return ["--buffer-dir", str(folder), "--memory-cap", str(cap), *(["--night"] if night else [])]


def spawn_host(
    folder: Path,
    cap: int = MEMORY_CAP,
    night: bool = False,
    command: Sequence[str] | None = None,
) -> subprocess.Popen[bytes]:
    """A new host process with `host_options`."""
    return subprocess.Popen(
        [*(command or host_command()), *host_options(folder, cap, night)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=host_environment(),
        creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),  # Windows: no console
    )


def fork_host() -> ForkedHost | None:
    """A host forked from this process, waiting for `ForkedHost.go`; None where a host must be
    spawned instead: not Linux, or other threads run (a fork copies only the calling one)."""
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return None
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        return None
    requests, replies, errors = os.pipe(), os.pipe(), os.pipe()
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()  # else what is buffered would be written twice
    pid = os.fork()
    if pid == 0:
        _serve_when_told(requests[0], replies[1], errors[1])
    for fd in (requests[0], replies[1], errors[1]):
        os.close(fd)
    return ForkedHost(
        pid,
        os.fdopen(requests[1], "wb"),
        os.fdopen(replies[0], "rb"),
        os.fdopen(errors[0], "rb"),
    )


class ForkedHost:
    """A host process made by `fork_host`, as a Popen would show it (`HostProcess`)."""

    def __init__(self, pid: int, stdin: IO[bytes], stdout: IO[bytes], stderr: IO[bytes]):
        self.pid = pid
        self.stdin: IO[bytes] | None = stdin
        self.stdout: IO[bytes] | None = stdout
        self.stderr: IO[bytes] | None = stderr
        self.returncode: int | None = None
        self.waiting = True  # not told to go yet: it has loaded nothing

    def go(self, options: Sequence[str]) -> None:
        """Start serving as a host started with `options` (`host_options`) does; once."""
        if not self.waiting:
            return
        self.waiting = False
        assert self.stdin is not None
        payload = "\0".join(options).encode()
        self.stdin.write(len(payload).to_bytes(4, "big") + payload)
        self.stdin.flush()

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:  # reaped already
                self.returncode = -signal.SIGKILL
                return self.returncode
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if timeout is None and self.returncode is None:
            try:
                _pid, status = os.waitpid(self.pid, 0)
                self.returncode = os.waitstatus_to_exitcode(status)
            except ChildProcessError:  # reaped already
                self.returncode = -signal.SIGKILL
            return self.returncode
        end = time.monotonic() + (timeout or 0.0)
        while (code := self.poll()) is None:
            if time.monotonic() >= end:
                raise subprocess.TimeoutExpired(f"PDF host {self.pid}", timeout or 0.0)
            time.sleep(0.002)  # as Popen.wait(timeout) does on POSIX
        return code

    def kill(self) -> None:
        if self.poll() is None:
            with contextlib.suppress(ProcessLookupError):  # ended meanwhile
                os.kill(self.pid, signal.SIGKILL)


def _serve_when_told(requests: int, replies: int, errors: int) -> NoReturn:
    """The forked child: its pipes as its standard streams, nothing else open; then, told to
    go, the host (`child.serve`); the app's end closed first, it just ends."""
    code = 1
    try:
        os.dup2(requests, 0)
        os.dup2(replies, 1)
        os.dup2(errors, 2)
        os.closerange(3, 1 << 16)  # the app's other files (and its ends of these pipes)
        try:
            with open("/proc/self/comm", "wb") as comm:
                comm.write(PROCESS_NAME)
        except OSError:
            pass
        options = _read_go(0)
        if options is None:
            code = 0  # the app let go of it without ever needing it
        else:
            from lis_desktop.pdf.host.child import serve

            code = serve(options)
    except BaseException:  # whatever it is, the app's log gets it, and nothing more runs
        import traceback

        traceback.print_exc()
    finally:
        os._exit(code)  # never the app's own exit handlers


def _read_go(fd: int) -> list[str] | None:
    header = _read_exactly(fd, 4)
    if header is None:
        return None
    payload = _read_exactly(fd, int.from_bytes(header, "big"))
    return None if payload is None else payload.decode().split("\0")


def _read_exactly(fd: int, size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        chunk = os.read(fd, size - len(data))
        if not chunk:
            return None
        data += chunk
    return data
