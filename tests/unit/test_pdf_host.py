"""The PDF host process on its own (no Qt): same pixels, words, links and errors as PyMuPDF in
this process; bounded requests; a host that dies is replaced and documents re-opened."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import lis_desktop
from lis_desktop.app import arguments, entry
from lis_desktop.errors import DocumentError, PasswordRequiredError
from lis_desktop.pdf.document import PdfSession, RenderedPage
from lis_desktop.pdf.host.parent import HOST_FLAG, PdfHost, host_command
from lis_desktop.pdf.host.spawn import fork_host
from lis_desktop.pdf.host.wire import decode_words, encode_words
from lis_desktop.pdf.local import LocalEngine
from lis_desktop.pdf.render_plan import FirstPageGuess
from support.app_process import SRC
from support.pdfs import (
    make_bad_page_pdf,
    make_damaged_pdf,
    make_encrypted_pdf,
    make_links_pdf,
    make_many_links_pdf,
    make_many_pages_pdf,
    make_many_spans_pdf,
    make_summary_pdf,
    make_text_pdf,
    make_zero_page_pdf,
)

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="sends POSIX signals")


@pytest.fixture
def host(tmp_path: Path) -> Iterator[PdfHost]:
    host = PdfHost(folder=tmp_path / "buffers")
    yield host
    host.stop()
    assert not list((tmp_path / "buffers").glob("*")), "page buffer files left behind"


def local(path: Path, password: str | None = None) -> PdfSession:
    return LocalEngine().open(path, password)


def test_pages_drawn_by_the_host_are_the_pixels_of_pymupdf_here(
    host: PdfHost, summary_pdf: Path, tmp_path: Path
) -> None:
    landscape = make_links_pdf(tmp_path / "links.pdf")
    for path in (summary_pdf, landscape):
        here, there = local(path), host.open(path)
        assert there.page_sizes == here.page_sizes
        for scale, rotation, night, rows in [
            (1.5, 0, False, None),
            (0.4, 90, False, None),
            (1.0, 0, True, None),
            (3.0, 270, False, (100, 400)),
        ]:
            mine = here.render(0, scale, rotation, night, rows=rows)
            theirs = there.render(0, scale, rotation, night, rows=rows)
            assert theirs == mine  # every field: samples, size, stride, alpha, and any new one
            assert len(theirs.samples) > 10_000
        here.close()
        there.close()


ENGINE_MODULES = """
import sys
from pathlib import Path

from lis_desktop.pdf.host import child as pdf_host_child  # noqa: F401 - the child imports it
from lis_desktop.pdf.local import LocalEngine

def qt():
    return sorted(name for name in sys.modules if name.startswith("PySide6."))

session = LocalEngine().open(Path(sys.argv[1]))
session.render(0, 1.0, 0, False)
print("day", qt())
page = session.render(0, 1.0, 0, True)
print("night", qt(), page.recoloured)
"""


def test_the_host_engine_loads_qtgui_only_for_night_pages_and_never_widgets(
    summary_pdf: Path,
) -> None:
    """Day users pay nothing for night mode in the host; a night page loads QtGui (no
    QGuiApplication, no QtWidgets) and prints no Qt warning."""
    src = str(Path(lis_desktop.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": src}
    env.pop("QT_QPA_PLATFORM", None)  # as the host runs for the app: no platform needed
    done = subprocess.run(
        [sys.executable, "-c", ENGINE_MODULES, str(summary_pdf)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # no Qt warning
    day, night = done.stdout.splitlines()
    assert day == "day []"
    assert "'PySide6.QtGui'" in night
    assert "QtWidgets" not in night
    assert night.endswith("True")


def qt_gui_loaded(pid: int) -> bool:
    return "libQt6Gui" in Path(f"/proc/{pid}/maps").read_text()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/PID/maps")
def test_the_host_child_loads_qtgui_at_start_only_in_night_mode(
    tmp_path: Path, summary_pdf: Path
) -> None:
    """A view in night mode starts its host ready for night pages; a day host loads no Qt
    (neither at start nor for day pages) until it is asked for a night page."""
    for night in (False, True):
        host = PdfHost(folder=tmp_path / "buffers")
        try:
            host.start(night=night)
            page = host.open(summary_pdf).render(0, 0.5, 0, False)  # served after the start
            assert not page.recoloured
            pid = host.pid
            assert pid is not None
            assert qt_gui_loaded(pid) == night
            assert host.open(summary_pdf).render(0, 0.5, 0, True).recoloured
            assert qt_gui_loaded(pid)
            assert host.pid == pid  # the same child throughout
        finally:
            host.stop()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/PID/maps")
def test_a_host_started_for_day_loads_the_night_colours_when_told_later(
    tmp_path: Path, summary_pdf: Path
) -> None:
    """The app spawns its host before it can read the night setting (before Qt is imported);
    told night later, the same child loads the night colours ahead of the first page."""
    host = PdfHost(folder=tmp_path / "buffers")
    try:
        host.start()
        pid = host.pid
        assert pid is not None
        host.open(summary_pdf)  # answered: the child is past its start
        assert not qt_gui_loaded(pid)
        host.start(night=True)
        host.open(summary_pdf)  # served after the one-way message, in order
        assert qt_gui_loaded(pid)
        assert host.pid == pid
    finally:
        host.stop()


def test_the_entry_spawns_the_host_only_for_a_launch_that_shows_a_page(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], summary_pdf: Path
) -> None:
    spawned: list[object] = []
    early_engine = entry.early_engine
    monkeypatch.setattr(entry, "early_engine", lambda *_: spawned.append("spawned"))
    monkeypatch.setattr(entry, "run_self_test", lambda _args: 0)
    for args in (["--version"], ["--help"], ["--self-test"], ["--no-such-option"]):
        with contextlib.suppress(SystemExit):  # --version and --help end in argparse
            entry.main(args)
    assert spawned == []
    capsys.readouterr()
    engine = early_engine(arguments.parse_arguments([]))
    assert engine is not None
    try:
        pid = engine.pid
        assert pid is not None
        assert os.path.exists(f"/proc/{pid}") or sys.platform != "linux"
        assert engine.open(summary_pdf).page_count == 1
        assert engine.pid == pid  # the process the entry spawned serves the window
    finally:
        engine.stop()
    assert engine.pid is None


linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks; reads /proc")

# Run in a process of its own: a fork is made only from a process running one thread, as the
# app's entry is when it forks its host (pytest's process runs more).
FORKED = """
import json, os, sys, time
from pathlib import Path
from lis_desktop.pdf.host.parent import PdfHost
from lis_desktop.pdf.host.spawn import fork_host

def maps(pid):
    return Path(f"/proc/{pid}/maps").read_text()

def cpu(pid):
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks

forked = fork_host()
pid = forked.pid
time.sleep(0.5)
idle = {"mupdf": "libmupdf" in maps(pid), "ticks": cpu(pid),
        "name": Path(f"/proc/{pid}/comm").read_text().strip(), "parent": os.getppid() != pid}
host = PdfHost(folder=Path(sys.argv[1]), started=forked)
time.sleep(0.3)
still = "libmupdf" in maps(pid)  # taken over, not yet asked for anything
pages = host.open(Path(sys.argv[2])).page_count  # the first request wakes it
served = {"mupdf": "libmupdf" in maps(pid), "same": host.pid == pid, "pages": pages}
host.stop()
print(json.dumps({"idle": idle, "still": still, "served": served, "pid": pid,
                  "gone": not os.path.exists(f"/proc/{pid}")}))
"""


def run_script(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]))
    return subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True,
                          env=env, timeout=60, check=False)  # fmt: skip


@linux_only
def test_a_host_forked_at_launch_loads_nothing_until_it_is_needed_then_serves(
    tmp_path: Path, summary_pdf: Path
) -> None:
    done = run_script(FORKED, str(tmp_path / "buffers"), str(summary_pdf))
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    idle = found["idle"]
    assert idle["ticks"] <= 2  # waiting, it uses no processor time (loading PyMuPDF takes ~10)
    assert {**idle, "ticks": 0} == {
        "mupdf": False,
        "ticks": 0,
        "name": "lis-pdf-host",
        "parent": True,
    }
    assert found["still"] is False
    assert found["served"] == {"mupdf": True, "same": True, "pages": 1}
    assert found["gone"]  # reaped: no zombie
    assert not list((tmp_path / "buffers").glob("*")), "page buffer files left behind"


ABANDONED = """
import os
from lis_desktop.pdf.host.spawn import fork_host
print(fork_host().pid, flush=True)
os._exit(0)  # as a launch that crashed before it needed its host
"""


@linux_only
def test_a_host_forked_at_launch_ends_with_an_app_that_never_needed_it() -> None:
    done = run_script(ABANDONED)
    assert done.returncode == 0, done.stderr
    pid = int(done.stdout)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _running(pid):
        time.sleep(0.02)
    assert not _running(pid)


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_no_fork_while_other_threads_run() -> None:
    ready, release = threading.Event(), threading.Event()
    worker = threading.Thread(target=lambda: (ready.set(), release.wait()))
    worker.start()
    try:
        ready.wait()
        assert fork_host() is None  # the app's entry then spawns its host instead
    finally:
        release.set()
        worker.join()


def test_a_host_that_never_answered_is_ended_at_once(tmp_path: Path) -> None:
    """A launch that hands its request to the running window stops its early host before that
    host has loaded PyMuPDF: it is killed, not asked to quit and waited for."""
    host = PdfHost(folder=tmp_path / "buffers")
    host.start()
    child = host._child
    assert child is not None
    host.stop()
    assert child.proc.returncode == -signal.SIGKILL
    assert not list((tmp_path / "buffers").glob("*"))


def test_a_page_larger_than_the_shared_buffer_arrives_whole(
    host: PdfHost, summary_pdf: Path
) -> None:
    small = host.open(summary_pdf).render(0, 0.5, 0, False)
    large = host.open(summary_pdf).render(0, 4.0, 0, False)  # 9.6 MB: the buffer grows
    assert large == local(summary_pdf).render(0, 4.0, 0, False)
    assert len(large.samples) > 8 * 1024 * 1024 > len(small.samples)


def test_open_and_first_render_in_one_request(host: PdfHost, summary_pdf: Path) -> None:
    guess = FirstPageGuess("doc", "width", 1.0, 0, 1.0, False, (800, 900), 0)
    document, key, page = host.open_and_render(summary_pdf, None, guess, lambda p: p.width)
    assert key == guess.key(document.page_sizes)
    assert key is not None
    assert page == round(595 * key.scale)


def test_an_opening_sent_ahead_is_the_reply_to_the_same_opening_later(
    host: PdfHost, summary_pdf: Path
) -> None:
    guess = FirstPageGuess("doc", "width", 1.0, 0, 1.0, False, (800, 900), 0)
    other = FirstPageGuess("doc", "width", 1.0, 0, 1.0, False, (400, 900), 0)
    assert not host.ahead_ready(summary_pdf, guess, 0.0)  # nothing sent ahead
    host.open_ahead(summary_pdf, guess)  # as the entry does, before the window exists
    assert not host.ahead_ready(summary_pdf, other, 5.0)  # not that one: False at once
    assert host.ahead_ready(summary_pdf, guess, 20.0)  # its reply is there
    document, key, width = host.open_and_render(summary_pdf, None, guess, lambda p: p.width)
    assert host.served == 1  # that reply: the host was not asked again
    assert key == guess.key(document.page_sizes)
    assert key is not None
    assert width == round(595 * key.scale)
    assert not host.ahead_ready(summary_pdf, guess, 0.0)  # taken
    assert document.render(0, 1.0, 0, False).width == 595  # and the document is open there


def test_a_request_after_an_opening_no_one_took_gets_its_own_reply(
    host: PdfHost, summary_pdf: Path, tmp_path: Path
) -> None:
    landscape = make_links_pdf(tmp_path / "links.pdf")
    guess = FirstPageGuess("doc", "width", 1.0, 0, 1.0, False, (800, 900), 0)
    host.open_ahead(summary_pdf, guess)
    other = host.open(landscape)  # the window wanted another page after all
    assert other.page_sizes == local(landscape).page_sizes
    assert other.render(0, 1.0, 0, False) == local(landscape).render(0, 1.0, 0, False)
    assert host.served == 3  # the opening sent ahead (read, its document closed), then these
    host.open_ahead(tmp_path / "missing.pdf", guess)  # one that fails ahead fails no one else
    assert host.open(summary_pdf).page_count == 1


def test_words_and_links_cross_unchanged(host: PdfHost, tmp_path: Path) -> None:
    links = make_links_pdf(tmp_path / "links.pdf")
    spans = make_many_spans_pdf(tmp_path / "spans.pdf", spans=5000)
    for path in (links, spans):
        here, there = local(path), host.open(path)
        assert there.page_info(0) == here.page_info(0)
        assert there.words(0) == here.words(0)
        assert there.all_words([0]) == here.all_words([0])
    assert len(local(spans).words(0)) == 5000
    assert {link.uri for link in host.open(links).page_info(0).links} >= {"https://www.gov.uk/"}


def test_page_texts_cross_unchanged_in_reading_order(
    host: PdfHost, summary_pdf: Path, tmp_path: Path
) -> None:
    ordered = make_text_pdf(
        tmp_path / "order.pdf",
        [[(500, "Bottom   paragraph drawn first."), (100, "Top paragraph drawn second.")], []],
    )
    many = make_many_pages_pdf(tmp_path / "many.pdf", pages=40)  # three requests of pages
    for path in (summary_pdf, ordered, many):
        assert host.open(path).page_texts() == local(path).page_texts()
    assert host.open(ordered).page_texts() == [
        "Top paragraph drawn second.\nBottom paragraph drawn first.",
        "",
    ]
    assert host.open(many).page_texts([39, 0]) == ["Page 40", "Page 1"]
    assert "offshore wind and advanced ceramics" in host.open(summary_pdf).page_texts()[0]


def test_a_text_read_past_its_deadline_is_stopped(host: PdfHost, tmp_path: Path) -> None:
    slow = make_many_spans_pdf(tmp_path / "spans.pdf")
    document = host.open(slow)
    host.timeout = 0.01  # reading its 60,000 text spans takes ~90 ms
    with pytest.raises(DocumentError) as raised:
        document.page_texts()
    assert raised.value.reason == "timeout"
    assert (
        str(raised.value)
        == "The text of page 1 of 'spans.pdf' took too long to read and was stopped."
    )


def test_word_columns_round_trip_any_text() -> None:
    words = ((1.5, 2.0, 3.25, 4.0, "a\x00b", 0, 1, 2), (0.0, -1.0, 1e9, 2.0, "ünï", 3, 4, 5))
    assert decode_words(encode_words(words)) == words


@pytest.mark.parametrize(
    ("make", "reason", "words"),
    [
        (make_damaged_pdf, "open", "damaged or not a PDF"),
        (make_zero_page_pdf, "no_pages", "has no pages"),
        (make_bad_page_pdf, "page_load", "Page 1 of"),
    ],
)
def test_errors_cross_with_their_reason(
    host: PdfHost, tmp_path: Path, make: object, reason: str, words: str
) -> None:
    path = make(tmp_path / "broken.pdf")  # type: ignore[operator]
    with pytest.raises(DocumentError) as raised:
        host.open(path)
    assert raised.value.reason == reason
    assert words in str(raised.value)


def test_password_required_then_wrong_then_right(host: PdfHost, tmp_path: Path) -> None:
    locked = make_encrypted_pdf(tmp_path / "locked.pdf", password="s3cret")
    for password, wrong in ((None, False), ("nope", True)):
        with pytest.raises(PasswordRequiredError) as raised:
            host.open(locked, password)
        assert raised.value.wrong is wrong
    assert host.open(locked, "s3cret").page_count == 1


def test_an_open_past_its_deadline_is_stopped_and_the_host_serves_the_next(
    host: PdfHost, tmp_path: Path, summary_pdf: Path
) -> None:
    host.open(summary_pdf)  # the host is up
    slow = make_many_links_pdf(tmp_path / "links.pdf")  # loading its page takes ~150 ms
    first_pid = host.pid
    host.timeout = 0.02
    with pytest.raises(DocumentError) as raised:
        host.open(slow)
    assert raised.value.reason == "timeout"
    assert str(raised.value) == "'links.pdf' took too long to open and was stopped."
    assert host.pid is None  # killed
    host.timeout = 20
    assert host.open(summary_pdf).render(0, 1.0, 0, False).width == 595
    assert host.pid not in (None, first_pid)


def test_a_render_past_its_deadline_is_stopped_and_the_document_reopens(
    host: PdfHost, tmp_path: Path
) -> None:
    slow = make_many_spans_pdf(tmp_path / "spans.pdf")
    document = host.open(slow)
    host.timeout = 0.01  # drawing its 60,000 text spans takes ~50 ms
    with pytest.raises(DocumentError) as raised:
        document.render(0, 1.0, 0, False)
    assert raised.value.reason == "timeout"
    assert str(raised.value) == "Page 1 of 'spans.pdf' took too long to draw and was stopped."
    host.timeout = 20
    page = document.render(0, 0.5, 0, False)  # same document object: re-opened in a new host
    assert page == local(slow).render(0, 0.5, 0, False)


@posix_only
def test_a_host_killed_during_a_request_is_a_crash_and_is_replaced(
    host: PdfHost, summary_pdf: Path, tmp_path: Path
) -> None:
    locked = make_encrypted_pdf(tmp_path / "locked.pdf", password="s3cret")
    document = host.open(locked, "s3cret")
    pid = host.pid
    assert pid is not None
    os.kill(pid, signal.SIGSTOP)  # the request below cannot be answered...
    killer = threading.Timer(0.3, os.kill, (pid, signal.SIGKILL))  # ...and the host dies
    killer.start()
    with pytest.raises(DocumentError) as raised:
        document.render(0, 1.0, 0, False)
    killer.join()
    assert raised.value.reason == "crash"
    assert "Page 1 of 'locked.pdf' could not be drawn: the PDF engine stopped" in str(raised.value)
    # the next request starts a new host and re-opens the document with its password
    assert document.render(0, 1.0, 0, False).width == 595
    assert host.pid not in (None, pid)


@posix_only
def test_a_host_that_died_between_requests_is_replaced_quietly(
    host: PdfHost, summary_pdf: Path
) -> None:
    document = host.open(summary_pdf)
    pid = host.pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while host.pid is not None and time.monotonic() < deadline:  # the OS ends it
        os.sched_yield()
    assert document.words(0) == local(summary_pdf).words(0)


def test_the_host_address_space_is_capped(tmp_path: Path, summary_pdf: Path) -> None:
    """A memory bomb makes MuPDF's allocations fail (an error) instead of exhausting the
    machine: the host runs under an address-space limit."""
    limits = Path("/proc/self/limits")
    if not limits.exists():
        pytest.skip("reads the limit from /proc")
    host = PdfHost(folder=tmp_path / "buffers", memory_cap=3 * 1024**3)
    try:
        host.open(summary_pdf)
        text = Path(f"/proc/{host.pid}/limits").read_text()
    finally:
        host.stop()
    line = next(row for row in text.splitlines() if row.startswith("Max address space"))
    assert line.split()[3] == str(3 * 1024**3)


def test_stop_ends_the_process_and_requests_then_fail(host: PdfHost, summary_pdf: Path) -> None:
    host.open(summary_pdf)
    pid = host.pid
    assert pid is not None
    host.stop()
    assert host.pid is None
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # gone and reaped: not even a zombie
    with pytest.raises(DocumentError) as raised:
        host.open(summary_pdf)
    assert raised.value.reason == "closed"
    host.start()  # e.g. a warm-up that was still queued on a worker: no new process
    assert host.pid is None


def test_the_bundle_runs_the_host_with_the_app_flag(monkeypatch: pytest.MonkeyPatch) -> None:
    assert entry.HOST_FLAG == HOST_FLAG
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert host_command() == [sys.executable, HOST_FLAG]


def test_app_main_serves_as_the_host(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`lis-desktop --pdf-host`, as the bundle is started, runs the host from the entry dispatch."""
    command = [sys.executable, "-c", "import sys; from lis_desktop.app.entry import main; "
               "sys.exit(main())", HOST_FLAG]  # fmt: skip
    host = PdfHost(folder=tmp_path / "buffers", command=command)
    try:
        summary = make_summary_pdf(tmp_path / "s.pdf")
        page = host.open(summary).render(0, 1.0, 0, False)
        assert isinstance(page, RenderedPage)
        assert page.width == 595
    finally:
        host.stop()
