"""A local stand-in for GOV.UK on 127.0.0.1: the Content API item (in the shapes GOV.UK uses)
and the 41 summary PDFs, with ETag/304, latency, and fault injection per path.

Started by the test suite (and the benchmarks) in a thread; nothing listens beyond 127.0.0.1,
and every wait in a handler is bounded and ends as soon as the server stops.
"""

from __future__ import annotations

import hashlib
import json
import logging
import socket
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from lis_desktop.content import snapshot
from lis_desktop.domain import Region, format_size

API_PATH = (
    "/api/content/government/news/local-industrial-strategies-to-drive-growth-across-the-country"
)
SHAPES = ("details", "inline", "gem", "mixed")
LEGACY_PREFIX = "/government/uploads/system/uploads/attachment_data/file/"
FAULTS = (
    "404",
    "500",
    "timeout",
    "slow",
    "truncate",
    "html",
    "redirect-outside",
    "redirect-http",
    "oversize",
    "oversize-stream",
    "redirect-elsewhere",
)
OTHER_API_PATH = "/api/content/government/statistics/local-authority-statistics-2014"


@dataclass
class Request:
    path: str
    status: int
    body_bytes: int
    headers: dict[str, str]


@dataclass
class Fault:
    kind: str
    times: int | None = None  # None: every request; n: the next n requests only


@dataclass
class ServedFile:
    data: bytes
    etag: str
    last_modified: str


@dataclass
class Listed:
    """One attachment as the API lists it."""

    title: str
    region: str | None
    path: str  # where the PDF is served
    url: str | None = None  # overrides the link (e.g. an http:// one)


@dataclass
class GovukServer:
    pdfs: dict[str, bytes]  # region id -> PDF bytes
    regions: tuple[Region, ...]
    shape: str = "details"
    latency: float = 0.0  # seconds added before each answer
    timeout_wait: float = 5.0  # how long a 'timeout' fault stays silent
    files: dict[str, ServedFile] = field(default_factory=dict)
    listed: list[Listed] = field(default_factory=list)
    faults: dict[str, Fault] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    api_override: bytes | None = None  # raw body instead of the generated item
    api_patch: dict[str, Any] = field(default_factory=dict)  # top-level keys replaced
    history: list[dict[str, Any]] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _pdfs_open: threading.Event = field(default_factory=threading.Event)  # see hold_pdfs
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _httpd: ThreadingHTTPServer | None = None

    # -- set-up ---------------------------------------------------------------------------
    def __post_init__(self) -> None:
        self._pdfs_open.set()
        for number, region in enumerate(self.regions):
            path = f"/media/{number:024x}/{region.id}.pdf"
            self.put(path, self.pdfs[region.id])
            self.listed.append(Listed(region.title, region.id, path))
        self.history = [
            {
                "public_timestamp": "2018-12-06T10:15:00.000+00:00",
                "note": "Industrial Strategy local summaries added.",
            },
            {"public_timestamp": "2018-12-03T00:01:00Z", "note": "First published."},
        ]

    def hold_pdfs(self) -> None:
        """PDF downloads wait (the story still answers) until `release_pdfs`: a sync is then
        surely still running while a test does something beside it."""
        self._pdfs_open.clear()

    def release_pdfs(self) -> None:
        self._pdfs_open.set()

    def put(self, path: str, data: bytes) -> None:
        with self._lock:
            self.files[path] = ServedFile(
                data, f'"{hashlib.sha256(data).hexdigest()[:20]}"', formatdate(usegmt=True)
            )

    def path_of(self, region: str) -> str:
        return next(item.path for item in self.listed if item.region == region)

    def replace_pdf(self, region: str, data: bytes) -> None:
        self.put(self.path_of(region), data)

    def remove(self, region: str) -> None:
        self.listed = [item for item in self.listed if item.region != region]

    def add(self, title: str, data: bytes) -> str:
        path = f"/media/extra/{len(self.listed)}.pdf"
        self.put(path, data)
        self.listed.append(Listed(title, None, path))
        return path

    def fault(self, region_or_path: str, kind: str, times: int | None = None) -> None:
        assert kind in FAULTS, kind
        path = region_or_path if region_or_path.startswith("/") else self.path_of(region_or_path)
        self.faults[path] = Fault(kind, times)

    @property
    def origin(self) -> str:
        assert self._httpd is not None
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    @property
    def api_url(self) -> str:
        return self.origin + API_PATH

    def pdf_bytes_sent(self) -> int:
        return sum(r.body_bytes for r in self.requests if r.path.endswith(".pdf"))

    # -- the Content API item -------------------------------------------------------------
    def content_item(self) -> dict[str, Any]:
        pub = snapshot.load_publication()
        body = "".join(
            f"<blockquote><p>{escape(b.text)}</p></blockquote>"
            if b.kind == "quote"
            else f"<p>{escape(b.text)}</p>"
            for b in pub.body
        )
        details: dict[str, Any] = {"change_history": self.history}
        in_details = [i for n, i in enumerate(self.listed) if self._where(n) in ("details", "both")]
        in_body = [i for n, i in enumerate(self.listed) if self._where(n) in ("body", "both")]
        if in_details:
            details["attachments"] = [self._attachment_json(n, i) for n, i in enumerate(in_details)]
        markup = self._gem if self.shape == "gem" else self._inline
        body += "<h2>Industrial Strategy: local summaries</h2>"
        body += "".join(markup(i) for i in in_body)
        details["body"] = body
        item: dict[str, Any] = {
            "base_path": API_PATH.removeprefix("/api/content"),
            "title": pub.title,
            "description": pub.description,
            "document_type": "news_story",
            "first_published_at": "2018-12-03T00:01:00.000+00:00",
            "public_updated_at": "2018-12-06T10:15:31Z",
            "details": details,
        }
        item.update(self.api_patch)
        return item

    def _where(self, index: int) -> str:
        if self.shape == "details":
            return "details"
        if self.shape == "mixed":  # a third in each place, a third in both
            return ("details", "body", "both")[index % 3]
        return "body"

    def _url(self, item: Listed) -> str:
        if item.url:
            return item.url
        if self.shape == "inline":  # old govspeak links: redirected to /media/ as on GOV.UK
            number = self.listed.index(item)
            return f"{self.origin}{LEGACY_PREFIX}{number}/{item.path.removeprefix('/media/')}"
        return self.origin + item.path

    def _attachment_json(self, index: int, item: Listed) -> dict[str, Any]:
        data = self.files[item.path].data
        return {
            "attachment_type": "file",
            "id": str(index),
            "title": item.title,
            "url": self._url(item),
            "content_type": "application/pdf",
            "file_size": len(data),
            "filename": item.path.rsplit("/", 1)[-1],
            "number_of_pages": 1,
        }

    def _inline(self, item: Listed) -> str:
        size = format_size(len(self.files[item.path].data))
        return (
            f'<p><span id="attachment_{abs(hash(item.path)) % 10**7}" class="attachment-inline">'
            f'<a href="{escape(self._url(item))}">{escape(item.title)}</a> (<span class="type">'
            '<abbr title="Portable Document Format">PDF</abbr></span>, '
            f'<span class="file-size">{size}</span>, <span class="page-length">1 page</span>)'
            "</span></p>"
        )

    def _gem(self, item: Listed) -> str:
        size = format_size(len(self.files[item.path].data)).replace("KB", " KB")
        url = escape(self._url(item))
        return (
            '<section class="gem-c-attachment govuk-!-display-none-print">'
            f'<div class="gem-c-attachment__thumbnail"><a href="{url}" tabindex="-1">'
            '<svg><path d="M0 0"></path></svg></a></div>'
            '<div class="gem-c-attachment__details"><h3 class="gem-c-attachment__title">'
            f'<a class="govuk-link gem-c-attachment__link" href="{url}">{escape(item.title)}</a>'
            '</h3><p class="gem-c-attachment__metadata">'
            '<span class="gem-c-attachment__attribute"><abbr title="Portable Document Format" '
            'class="gem-c-attachment__abbr">PDF</abbr></span>, '
            f'<span class="gem-c-attachment__attribute">{size}</span>, '
            '<span class="gem-c-attachment__attribute">1 page</span></p></div></section>'
        )

    # -- running --------------------------------------------------------------------------
    def start(self) -> GovukServer:
        httpd = _QuietServer(("127.0.0.1", 0), _Handler)
        httpd.daemon_threads = True
        httpd.app = self  # type: ignore[attr-defined]
        self._httpd = httpd
        threading.Thread(
            target=httpd.serve_forever, args=(0.05,), name="govuk-server", daemon=True
        ).start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def wait(self, seconds: float) -> None:
        """Simulated network time; ends early when the server stops."""
        self._stop.wait(seconds)

    def take_fault(self, path: str) -> str | None:
        with self._lock:
            fault = self.faults.get(path)
            if fault is None:
                return None
            if fault.times is not None:
                fault.times -= 1
                if fault.times <= 0:
                    del self.faults[path]
            return fault.kind

    def log(self, request: Request) -> None:
        with self._lock:
            self.requests.append(request)


class _QuietServer(ThreadingHTTPServer):
    """A client that hangs up (a cancelled or timed-out download) is normal for this server:
    socketserver would print its traceback on the test process's stderr, where tests read what
    the CLI said; other failures are logged."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError):
            logging.getLogger(__name__).warning("Test server failed", exc_info=error)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    @property
    def app(self) -> GovukServer:
        return self.server.app  # type: ignore[attr-defined, no-any-return]

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return

    def do_GET(self) -> None:
        app = self.app
        path = self.path.split("?")[0]
        if app.stopped:  # like a network that went away: kept-alive connections die too
            self.close_connection = True
            return
        if app.latency:
            app.wait(app.latency)
        kind = app.take_fault(path)
        if kind is not None:
            self._fault(kind, path)
        elif path in (API_PATH, OTHER_API_PATH):
            body = app.api_override
            if body is None:
                body = json.dumps(app.content_item()).encode()
            etag = f'"{hashlib.sha256(body).hexdigest()[:20]}"'
            self._send(path, body, "application/json; charset=utf-8", etag, None)
        elif path in app.files:
            while not (app._pdfs_open.wait(0.05) or app.stopped):
                pass  # held (hold_pdfs) until released or stopped
            served = app.files[path]
            self._send(path, served.data, "application/pdf", served.etag, served.last_modified)
        elif path.startswith(LEGACY_PREFIX):  # .../file/<n>/<media id>/<name>.pdf
            self._redirect(path, "/media/" + path.removeprefix(LEGACY_PREFIX).split("/", 1)[1], 301)
        else:
            self._send(path, b"<html>Not found</html>", "text/html", None, None, status=404)

    def _send(
        self,
        path: str,
        body: bytes,
        content_type: str,
        etag: str | None,
        modified: str | None,
        status: int = 200,
    ) -> None:
        if etag and self.headers.get("If-None-Match") == etag:
            status, body = 304, b""
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if etag:
            self.send_header("ETag", etag)
        if modified:
            self.send_header("Last-Modified", modified)
        # Logged before the response leaves, so a client that has its answer finds it logged.
        self.app.log(Request(path, status, len(body), dict(self.headers)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, path: str, target: str, status: int) -> None:
        self.send_response(status)
        self.send_header("Location", target)
        self.send_header("Content-Length", "0")
        self.app.log(Request(path, status, 0, dict(self.headers)))
        self.end_headers()

    def _fault(self, kind: str, path: str) -> None:
        app = self.app
        data = app.files[path].data if path in app.files else b"%PDF-1.4\n"
        if kind in ("404", "500"):
            self._send(path, b"<html>error</html>", "text/html", None, None, status=int(kind))
        elif kind == "html":
            self._send(
                path, b"<!DOCTYPE html><html><body>Sign in</body></html>", "text/html", None, None
            )
        elif kind == "timeout":
            app.wait(app.timeout_wait)
            self.close_connection = True
            app.log(Request(path, 0, 0, dict(self.headers)))
        elif kind == "redirect-outside":
            self._redirect(path, "https://evil.example.com/x.pdf", 302)
        elif kind == "redirect-elsewhere":  # another page on the same (allowed) site
            self._redirect(path, OTHER_API_PATH, 301)
        elif kind == "redirect-http":
            self._redirect(path, "http://assets.publishing.service.gov.uk/x.pdf", 302)
        elif kind in ("slow", "truncate", "oversize", "oversize-stream"):
            self._stream(kind, path, data)

    def _stream(self, kind: str, path: str, data: bytes) -> None:
        app = self.app
        if kind.startswith("oversize"):
            data = data + b"%" * (2 * 1024 * 1024)
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        if kind == "oversize-stream":
            self.send_header("Connection", "close")
        else:
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        sent = 0
        try:
            for chunk in _chunks(data[: len(data) // 2] if kind == "truncate" else data, 16):
                self.wfile.write(chunk)
                self.wfile.flush()
                sent += len(chunk)
                if kind == "slow":
                    app.wait(0.02)
        except OSError:
            pass  # the client gave up (e.g. it refused an oversized file): expected
        self.close_connection = True
        if kind == "truncate":
            self.connection.shutdown(socket.SHUT_RDWR)
        app.log(Request(path, 200, sent, dict(self.headers)))


def _chunks(data: bytes, count: int) -> Iterator[bytes]:
    step = max(1, len(data) // count + 1)
    for start in range(0, len(data), step):
        yield data[start : start + step]
