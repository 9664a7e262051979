"""Sync against a real HTTP server on 127.0.0.1: downloads, conditional requests, and every way
GOV.UK or the network can misbehave. After each: a clear status, nothing good lost, nothing
half-written."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from lis_desktop.content import govuk, snapshot
from lis_desktop.content.cache import Cache, sha256_file
from lis_desktop.content.library import Library
from lis_desktop.content.remote import Remote
from lis_desktop.content.sync import SyncOptions, SyncProgress, sync
from lis_desktop.content.sync_report import Outcome, SyncReport, SyncStatus
from lis_desktop.domain import Offline
from lis_desktop.errors import SyncBusyError
from lis_desktop.pdf.document import inspect_pdf
from support.govuk_server import GovukServer

REGIONS = snapshot.load_regions()


def run_sync(
    server: GovukServer,
    root: Path,
    cancelled: Callable[[], bool] = lambda: False,
    progress: Callable[[SyncProgress], None] = lambda p: None,
    **options: object,
) -> SyncReport:
    client = govuk.GovukClient(
        govuk.ClientOptions(
            allow_origins=(govuk.parse_origin(server.origin),),
            connect_timeout=2,
            read_timeout=0.5,
        )
    )
    settings = {"api_url": server.api_url, "backoff": 0.01, "max_pdf_bytes": 1_000_000}
    settings.update(options)
    cache = Cache(root)
    try:
        with client:
            return sync(client, cache, REGIONS, progress, cancelled, SyncOptions(**settings))  # type: ignore[arg-type]
    finally:
        cache.close()


def assert_consistent(root: Path) -> Cache:
    """No temporary file left; every recorded copy is whole, verified and matches its hash."""
    folder = root / "summaries"
    assert not [p.name for p in folder.iterdir() if p.suffix == ".part"]
    cache = Cache(root)
    for region, record in cache.records().items():
        path = cache.pdf_path(region)
        assert path is not None, region
        assert sha256_file(path) == record.sha256
        assert inspect_pdf(path).pages == 1
    return cache


def served_sha(server: GovukServer, region: str) -> str:
    return hashlib.sha256(server.files[server.path_of(region)].data).hexdigest()


@pytest.mark.parametrize("shape", ["details", "inline", "gem", "mixed"])
def test_full_sync_then_nothing_changed_costs_no_body(
    govuk_server: GovukServer, cache_dir: Path, shape: str
) -> None:
    govuk_server.shape = shape
    seen: list[SyncProgress] = []
    report = run_sync(govuk_server, cache_dir, progress=seen.append)
    assert report.status is SyncStatus.OK, report.message
    assert report.message == "Sync finished; 41 of 41 summaries available offline."
    assert report.count(Outcome.DOWNLOADED) == 41
    assert seen[-1].files_done == seen[-1].files_total == 41
    cache = assert_consistent(cache_dir)
    for region in REGIONS:
        assert cache.records()[region.id].sha256 == served_sha(govuk_server, region.id)
    library = Library.load(cache)
    assert all(
        a.url and a.url.startswith(govuk_server.origin) for a in library.publication.attachments
    )
    assert set(library.statuses().values()) == {Offline.AVAILABLE}

    sent = govuk_server.pdf_bytes_sent()
    again = run_sync(govuk_server, cache_dir)
    assert again.status is SyncStatus.OK
    assert again.count(Outcome.UNCHANGED) == 41
    assert govuk_server.pdf_bytes_sent() == sent  # every PDF answered 304, no body
    last = govuk_server.requests[-1]
    assert "If-None-Match" in last.headers
    redirects = [r for r in govuk_server.requests if r.status == 301]
    assert len(redirects) == (82 if shape == "inline" else 0)  # old links, followed twice


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ("404", "404 Not Found"),
        ("500", "server error (500"),
        ("timeout", "did not answer in time"),
        ("truncate", "cut short"),
        ("html", "web page instead of the PDF"),
        ("redirect-outside", "outside GOV.UK (evil.example.com); refused"),
        ("redirect-http", "insecure http://; refused"),
        ("oversize", "too large"),
        ("oversize-stream", "too large"),
    ],
)
def test_a_bad_download_fails_clearly_and_keeps_everything_else(
    govuk_server: GovukServer, cache_dir: Path, fault: str, message: str
) -> None:
    govuk_server.fault("wales", fault)
    report = run_sync(govuk_server, cache_dir)
    assert report.status is SyncStatus.PARTIAL
    failed = [r for r in report.results if r.outcome is Outcome.FAILED]
    assert [r.region for r in failed] == ["wales"]
    assert message in (failed[0].message or "")
    assert report.missing == (("wales", failed[0].message),)
    cache = assert_consistent(cache_dir)
    assert cache.pdf_path("wales") is None
    assert Library.load(cache).statuses()["wales"] is Offline.FAILED
    assert cache.remote.attachment_states()["wales"].last_error == failed[0].message
    assert cache.available_count() == 40


@pytest.mark.parametrize("fault", ["404", "500", "truncate", "html", "oversize", "timeout"])
def test_a_failed_update_never_replaces_the_good_copy(
    govuk_server: GovukServer, cache_dir: Path, fault: str, summary_pdfs: dict[str, bytes]
) -> None:
    assert run_sync(govuk_server, cache_dir).status is SyncStatus.OK
    good = Cache(cache_dir).records()["wales"].sha256
    govuk_server.replace_pdf("wales", summary_pdfs["scotland"])
    govuk_server.fault("wales", fault)
    report = run_sync(govuk_server, cache_dir)
    assert report.status is SyncStatus.PARTIAL
    cache = assert_consistent(cache_dir)
    assert cache.records()["wales"].sha256 == good
    assert Library.load(cache).statuses()["wales"] is Offline.AVAILABLE
    assert cache.remote.attachment_states()["wales"].status is Remote.FAILED
    assert report.missing == ()


def test_slow_body_and_a_passing_server_error_still_download(
    govuk_server: GovukServer, cache_dir: Path
) -> None:
    govuk_server.fault("wales", "slow")
    govuk_server.fault("scotland", "500", times=2)  # retried with backoff
    report = run_sync(govuk_server, cache_dir)
    assert report.status is SyncStatus.OK, report.message
    scotland = [r for r in govuk_server.requests if r.path == govuk_server.path_of("scotland")]
    assert [r.status for r in scotland] == [500, 500, 200]
    assert_consistent(cache_dir)


def test_an_http_link_is_refused_without_a_request(
    govuk_server: GovukServer, cache_dir: Path
) -> None:
    item = next(i for i in govuk_server.listed if i.region == "wales")
    item.url = "http://assets.publishing.service.gov.uk/media/1/wales.pdf"
    report = run_sync(govuk_server, cache_dir)
    failed = {r.region: r.message for r in report.results if r.outcome is Outcome.FAILED}
    assert failed == {
        "wales": "The link 'http://assets.publishing.service.gov.uk/media/1/wales.pdf' uses "
        "insecure http://; refused."
    }
    assert_consistent(cache_dir)


def test_changed_file_replaces_the_old_copy(
    govuk_server: GovukServer, cache_dir: Path, summary_pdfs: dict[str, bytes]
) -> None:
    run_sync(govuk_server, cache_dir)
    govuk_server.replace_pdf("wales", summary_pdfs["scotland"])
    report = run_sync(govuk_server, cache_dir)
    downloaded = [r.region for r in report.results if r.outcome is Outcome.DOWNLOADED]
    assert downloaded == ["wales"]
    cache = assert_consistent(cache_dir)
    assert cache.records()["wales"].sha256 == served_sha(govuk_server, "wales")
    assert len(list((cache_dir / "summaries").glob("wales*.pdf"))) == 1


def test_attachment_not_in_snapshot_is_listed_as_other(
    govuk_server: GovukServer, cache_dir: Path, summary_pdfs: dict[str, bytes]
) -> None:
    govuk_server.add("Isle of Wight pilot", summary_pdfs["wales"])
    report = run_sync(govuk_server, cache_dir)
    assert report.status is SyncStatus.OK
    assert [a.title for a in report.other_attachments] == ["Isle of Wight pilot"]
    pub = Library.load(Cache(cache_dir)).publication
    others = [a for a in pub.attachments if a.region is None]
    assert [a.title for a in others] == ["Isle of Wight pilot"]


def test_attachment_removed_upstream_is_marked_and_kept(
    govuk_server: GovukServer, cache_dir: Path
) -> None:
    run_sync(govuk_server, cache_dir)
    govuk_server.remove("wales")
    report = run_sync(govuk_server, cache_dir)
    assert [(r.region, r.outcome) for r in report.results if r.outcome is Outcome.REMOVED] == [
        ("wales", Outcome.REMOVED)
    ]
    cache = assert_consistent(cache_dir)
    library = Library.load(cache)
    wales = library.publication.attachment_for("wales")
    assert wales is not None
    assert wales.removed
    assert library.statuses()["wales"] is Offline.AVAILABLE
    assert "no longer lists" in (cache.remote.attachment_states()["wales"].last_error or "")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"api_override": b"{not json"}, "not valid JSON"),
        ({"api_patch": {"details": {"body": None, "attachments": "x"}}}, "lists no summaries"),
        ({"api_patch": {"details": None}}, "lists no summaries"),
        ({"api_fault": "500"}, "server error"),
        ({"api_fault": "404"}, "404 Not Found"),
        ({"api_fault": "redirect-outside"}, "refused"),
    ],
)
def test_bad_story_response_changes_nothing(
    govuk_server: GovukServer, cache_dir: Path, change: dict[str, object], message: str
) -> None:
    run_sync(govuk_server, cache_dir)
    before = Library.load(Cache(cache_dir)).publication
    if "api_fault" in change:
        govuk_server.fault(
            govuk_server.api_url.removeprefix(govuk_server.origin), str(change["api_fault"])
        )
    govuk_server.api_override = change.get("api_override")  # type: ignore[assignment]
    govuk_server.api_patch = change.get("api_patch", {})  # type: ignore[assignment]
    report = run_sync(govuk_server, cache_dir)
    assert report.status is SyncStatus.FAILED
    assert message in report.message
    assert "41 of 41 summaries available offline" in report.message
    cache = assert_consistent(cache_dir)
    assert cache.available_count() == 41
    assert Library.load(cache).publication == before


def test_wrong_typed_fields_use_the_last_known_values(
    govuk_server: GovukServer, cache_dir: Path
) -> None:
    govuk_server.api_patch = {"title": None, "first_published_at": 20181203, "description": []}
    report = run_sync(govuk_server, cache_dir)
    assert report.status is SyncStatus.OK
    assert any("title" in w for w in report.warnings)
    pub = Library.load(Cache(cache_dir)).publication
    assert pub.title == snapshot.load_publication().title


def test_offline_says_so_and_deletes_nothing(govuk_server: GovukServer, cache_dir: Path) -> None:
    run_sync(govuk_server, cache_dir)
    before = Cache(cache_dir).records()
    govuk_server.stop()  # the port now refuses connections, like a machine without network
    report = run_sync(govuk_server, cache_dir)
    assert report.status is SyncStatus.OFFLINE
    assert not report.online
    assert report.message.startswith("Offline: Cannot reach 127.0.0.1")
    assert report.message.endswith("41 of 41 summaries available offline.")
    assert assert_consistent(cache_dir).records() == before


def test_story_timeout_is_offline(govuk_server: GovukServer, cache_dir: Path) -> None:
    govuk_server.fault(govuk_server.api_url.removeprefix(govuk_server.origin), "timeout")
    report = run_sync(govuk_server, cache_dir, retries=0)
    assert report.status is SyncStatus.OFFLINE
    assert "did not answer in time" in report.message
    assert report.missing[0][1].startswith("not available offline: Offline:")


def test_new_history_entries_are_reported_once(govuk_server: GovukServer, cache_dir: Path) -> None:
    first = run_sync(govuk_server, cache_dir)
    assert first.new_history == ()  # the bundled snapshot already has both entries
    govuk_server.history.insert(
        0, {"public_timestamp": "2019-03-01T09:00:00+00:00", "note": "Summaries corrected."}
    )
    second = run_sync(govuk_server, cache_dir)
    assert [n.note for n in second.new_history] == ["Summaries corrected."]
    library = Library.load(Cache(cache_dir))
    assert [n.note for n in library.new_history()] == ["Summaries corrected."]
    assert library.publication.history[0].note == "Summaries corrected."
    assert second.count(Outcome.DOWNLOADED) == 41  # re-checked in full, not by validators
    assert run_sync(govuk_server, cache_dir).new_history == ()


def test_cancel_midway_keeps_finished_files_and_no_partial_ones(
    govuk_server: GovukServer, cache_dir: Path
) -> None:
    govuk_server.latency = 0.05
    seen: list[SyncProgress] = []
    report = run_sync(
        govuk_server,
        cache_dir,
        progress=seen.append,
        cancelled=lambda: bool(seen) and seen[-1].files_done >= 5,
        max_workers=2,
    )
    assert report.status is SyncStatus.CANCELLED
    assert report.message.startswith("Sync cancelled;")
    cache = assert_consistent(cache_dir)
    assert 5 <= cache.available_count() < 41
    assert run_sync(govuk_server, cache_dir).status is SyncStatus.OK
    assert assert_consistent(cache_dir).available_count() == 41


def test_a_changed_file_on_disk_is_marked_corrupt_and_downloaded_again(
    govuk_server: GovukServer, cache_dir: Path
) -> None:
    run_sync(govuk_server, cache_dir)
    cache = Cache(cache_dir)
    path = cache.pdf_path("wales")
    assert path is not None
    path.write_bytes(b"%PDF-1.4 damaged")
    assert cache.verify() == ["wales"]
    assert cache.pdf_path("wales") is None
    assert Library.load(cache).statuses()["wales"] is Offline.CORRUPT
    report = run_sync(govuk_server, cache_dir)
    assert [r.region for r in report.results if r.outcome is Outcome.DOWNLOADED] == ["wales"]
    assert assert_consistent(cache_dir).available_count() == 41


def test_leftovers_of_a_crashed_sync_are_removed(
    govuk_server: GovukServer, cache_dir: Path
) -> None:
    folder = cache_dir / "summaries"
    folder.mkdir()
    (folder / ".dl-wales.abc123.part").write_bytes(b"%PDF-1.4 half")
    (folder / "wales.0123456789abcdef.pdf").write_bytes(b"%PDF-1.4 never recorded")
    run_sync(govuk_server, cache_dir)
    names = {p.name for p in folder.iterdir()}
    assert ".dl-wales.abc123.part" not in names
    assert "wales.0123456789abcdef.pdf" not in names
    assert_consistent(cache_dir)


def test_second_sync_of_the_same_cache_is_refused(
    govuk_server: GovukServer, cache_dir: Path
) -> None:
    holder = Cache(cache_dir)
    with holder.remote.sync_lock(), pytest.raises(SyncBusyError, match="Another sync"):
        run_sync(govuk_server, cache_dir)
    assert run_sync(govuk_server, cache_dir).status is SyncStatus.OK


def test_a_new_link_that_fails_shows_update_available(
    govuk_server: GovukServer, cache_dir: Path, summary_pdfs: dict[str, bytes]
) -> None:
    run_sync(govuk_server, cache_dir)
    good = Cache(cache_dir).records()["wales"].sha256
    item = next(i for i in govuk_server.listed if i.region == "wales")
    item.path = "/media/new-id/wales.pdf"
    govuk_server.put(item.path, summary_pdfs["scotland"])
    govuk_server.fault(item.path, "500")
    report = run_sync(govuk_server, cache_dir)
    assert report.status is SyncStatus.PARTIAL
    cache = assert_consistent(cache_dir)
    assert cache.records()["wales"].sha256 == good
    library = Library.load(cache)
    assert library.statuses()["wales"] is Offline.UPDATE_AVAILABLE
    assert "server error (500" in library.status_details()["wales"]
    assert report.missing == ()
    govuk_server.faults.clear()
    run_sync(govuk_server, cache_dir)
    assert Library.load(Cache(cache_dir)).statuses()["wales"] is Offline.AVAILABLE
    assert Cache(cache_dir).records()["wales"].sha256 == served_sha(govuk_server, "wales")


def test_a_stale_verification_never_marks_a_new_copy_corrupt(
    govuk_server: GovukServer, cache_dir: Path, summary_pdfs: dict[str, bytes]
) -> None:
    run_sync(govuk_server, cache_dir)
    checker = Cache(cache_dir)
    old = checker.records()["wales"]
    govuk_server.replace_pdf("wales", summary_pdfs["scotland"])
    run_sync(govuk_server, cache_dir)  # replaces wales.<old sha>.pdf while the check runs
    assert not checker._mark_corrupt(old)
    assert Library.load(checker).statuses()["wales"] is Offline.AVAILABLE


def test_network_lost_midway_is_offline_and_fails_fast(
    govuk_server: GovukServer, cache_dir: Path
) -> None:
    govuk_server.latency = 0.02
    stopped: list[bool] = []

    def stop_after_three(progress: SyncProgress) -> None:
        if progress.files_done >= 3 and not stopped:
            stopped.append(True)
            govuk_server.stop()  # the network goes away in the middle of the downloads

    report = run_sync(govuk_server, cache_dir, progress=stop_after_three, max_workers=2)
    assert report.status is SyncStatus.OFFLINE
    assert report.message.startswith("Offline: the connection to GOV.UK was lost")
    cache = assert_consistent(cache_dir)
    assert 3 <= cache.available_count() < 41
    failed = [r for r in report.results if r.outcome is Outcome.FAILED]
    assert any("stopped answering" in (r.message or "") for r in failed)  # no retry storm
