"""The one place that talks HTTP to GOV.UK: the client (OS trust store, system proxy, timeouts,
User-Agent) and the host allowlist every link and redirect must stay inside.

Qt-free; the sync service and the CLI use it, and the tests drive the very same code against a
local server whose origin is added with `allow_origins`.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import re
import ssl
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx
import truststore

from lis_desktop import __version__
from lis_desktop.content.origins import API_URL as API_URL  # their home; named here too
from lis_desktop.content.origins import STORY_BASE_PATH as STORY_BASE_PATH
from lis_desktop.content.origins import ClientOptions as ClientOptions
from lis_desktop.content.origins import Origin as Origin
from lis_desktop.content.origins import origin_of
from lis_desktop.content.origins import parse_origin as parse_origin
from lis_desktop.errors import (
    ApiFormatError,
    BlockedUrlError,
    DownloadRejectedError,
    HttpStatusError,
    IncompleteDownloadError,
    NetworkError,
    OfflineError,
    UnreachableError,
)

log = logging.getLogger(__name__)

# The story's path on www.gov.uk: a response for any other path is not the story.
# Names the app and version (no contact URL: the project has no public home yet).
USER_AGENT = f"LIS-Desktop/{__version__} (desktop reader for GOV.UK local industrial strategies)"
ALLOWED_HOSTS = frozenset({"www.gov.uk", "assets.publishing.service.gov.uk"})
MAX_REDIRECTS = 5
MAX_JSON_BYTES = 5 * 1024 * 1024
MAX_JSON_DEPTH = 64  # arrays and objects nested deeper than this are refused (the story: 4)
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_JSON_BRACKETS = bytes(range(256)).translate(None, b"[]{}")  # every byte but the brackets
_JSON_STEP = [0] * 256  # +1 for an opening bracket, -1 for a closing one
_JSON_STEP[ord("[")] = _JSON_STEP[ord("{")] = 1
_JSON_STEP[ord("]")] = _JSON_STEP[ord("}")] = -1
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class JsonResponse:
    data: Any  # None when the server said 304 Not Modified
    etag: str | None
    last_modified: str | None
    not_modified: bool = False
    url: str = ""  # where the answer came from, after any redirects


class GovukClient:
    """An httpx client that only ever talks to GOV.UK (plus explicitly allowed test origins)."""

    def __init__(
        self,
        options: ClientOptions | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.options = options or ClientOptions()
        timeout = httpx.Timeout(
            self.options.read_timeout,
            connect=self.options.connect_timeout,
            pool=self.options.read_timeout,
        )
        limits = httpx.Limits(
            max_connections=self.options.max_connections,
            max_keepalive_connections=self.options.max_connections,
        )
        self._http = httpx.Client(
            # The OS trust store: works behind TLS-inspecting office proxies.
            verify=truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT),
            trust_env=True,  # HTTPS_PROXY / NO_PROXY and the OS proxy settings
            timeout=timeout,
            limits=limits,
            follow_redirects=False,  # followed by hand, each hop checked against the allowlist
            headers={"User-Agent": USER_AGENT},
            transport=transport,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> GovukClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def check_url(self, url: str, *, redirected_from: str | None = None) -> str:
        """Return `url` when it is allowed; raise BlockedUrlError with a readable reason."""
        origin = origin_of(url)
        what = f"GOV.UK redirected {redirected_from} to" if redirected_from else "The link"
        if origin is None:
            raise BlockedUrlError(f"{what} '{url}', which is not a web address; refused.")
        if origin in self.options.allow_origins:
            return url
        if origin.scheme != "https":
            raise BlockedUrlError(f"{what} '{url}' uses insecure http://; refused.")
        if origin.host not in ALLOWED_HOSTS or origin.port != 443:
            raise BlockedUrlError(f"{what} '{url}', outside GOV.UK ({origin.host}); refused.")
        return url

    @contextlib.contextmanager
    def open(self, url: str, headers: Mapping[str, str] | None = None) -> Iterator[httpx.Response]:
        """GET `url`, following redirects inside the allowlist; yield the streaming response.

        Transport failures become OfflineError/NetworkError; the caller reads the body inside
        `translate_errors()` and checks the status itself (304 and errors are yielded too).
        """
        current = self.check_url(url)
        for _hop in range(MAX_REDIRECTS + 1):
            request = self._http.build_request("GET", current, headers=dict(headers or {}))
            with translate_errors(current):
                response = self._http.send(request, stream=True)
            location = response.headers.get("location")
            if response.status_code in _REDIRECTS and location:
                response.close()
                current = self.check_url(urljoin(current, location), redirected_from=current)
                continue
            try:
                yield response
            finally:
                response.close()
            return
        raise NetworkError(f"Too many redirects from '{url}'.")

    def get_json(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> JsonResponse:
        """Fetch and decode a Content API item; 304 when `etag`/`last_modified` still hold."""
        headers = conditional_headers(etag, last_modified)
        headers["Accept"] = "application/json"
        with self.open(url, headers) as response:
            final_url = str(response.request.url)
            if response.status_code == 304:
                return JsonResponse(None, etag, last_modified, not_modified=True, url=final_url)
            raise_for_status(response, "The GOV.UK Content API")
            body = bytearray()
            with translate_errors(url):
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > MAX_JSON_BYTES:
                        raise DownloadRejectedError("The GOV.UK Content API response is too large.")
            etag_out = response.headers.get("etag")
            modified_out = response.headers.get("last-modified")
        return JsonResponse(decode_json(bytes(body)), etag_out, modified_out, url=final_url)


def decode_json(body: bytes) -> Any:
    """A Content API response's JSON; ApiFormatError when it is not JSON or nests deeper than
    MAX_JSON_DEPTH (checked before decoding, in linear time)."""
    if json_depth_exceeds(body, MAX_JSON_DEPTH):
        raise ApiFormatError(
            f"GOV.UK sent JSON nested more than {MAX_JSON_DEPTH} levels deep, which is not the "
            "story; the offline copy is kept."
        )
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ApiFormatError(
            "GOV.UK sent a response that is not valid JSON; the offline copy is kept."
        ) from exc


def json_depth_exceeds(body: bytes, limit: int) -> bool:
    """True when the brackets of `body` (outside strings) nest more than `limit` deep."""
    brackets = _JSON_STRING.sub(b"", body).translate(None, _JSON_BRACKETS)
    if len(brackets) <= limit:
        return False
    return max(itertools.accumulate(map(_JSON_STEP.__getitem__, brackets))) > limit


def conditional_headers(etag: str | None, last_modified: str | None) -> dict[str, str]:
    headers: dict[str, str] = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def raise_for_status(response: httpx.Response, what: str) -> None:
    status = response.status_code
    if 200 <= status < 300:
        return
    reason = response.reason_phrase or "error"
    if status == 404:
        message = f"{what} is not on GOV.UK any more (404 Not Found)."
    elif status >= 500:
        message = f"{what}: GOV.UK had a server error ({status} {reason}); try again later."
    else:
        message = f"{what}: GOV.UK answered {status} {reason}."
    raise HttpStatusError(message, status)


@contextlib.contextmanager
def translate_errors(url: str) -> Iterator[None]:
    """Turn httpx transport errors into the app's typed errors with readable messages."""
    host = urlsplit(url).hostname or url
    try:
        yield
    except httpx.ConnectTimeout as exc:
        raise UnreachableError(f"{host} did not answer in time (ConnectTimeout).") from exc
    except httpx.TimeoutException as exc:
        raise OfflineError(f"{host} did not answer in time ({type(exc).__name__}).") from exc
    except (httpx.ConnectError, httpx.ProxyError) as exc:
        if _is_tls_failure(exc):  # reachable, but not trustworthy: not "offline"
            raise NetworkError(
                f"The secure connection to {host} could not be verified ({_reason(exc)}). "
                "If your network inspects HTTPS, its certificate must be trusted by the system."
            ) from exc
        raise UnreachableError(f"Cannot reach {host}: {_reason(exc)}.") from exc
    except httpx.RemoteProtocolError as exc:
        raise IncompleteDownloadError(
            f"The download from {host} was cut short ({_reason(exc)})."
        ) from exc
    except httpx.HTTPError as exc:
        raise NetworkError(f"Talking to {host} failed: {_reason(exc)}.") from exc


def _is_tls_failure(exc: BaseException) -> bool:
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ssl.SSLError):
            return True
        cause = cause.__cause__ or cause.__context__
    return "CERTIFICATE_VERIFY_FAILED" in str(exc)


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]
