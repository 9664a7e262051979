"""The HTTP client: the host allowlist, the User-Agent, redirects, and readable errors."""

from __future__ import annotations

import httpx
import pytest

from lis_desktop import __version__
from lis_desktop.content import govuk
from lis_desktop.errors import BlockedUrlError, LisError, NetworkError, OfflineError
from support.govuk_server import API_PATH, GovukServer


@pytest.mark.parametrize(
    "url",
    [
        "https://www.gov.uk/api/content/x",
        "https://assets.publishing.service.gov.uk/media/abc/wales.pdf",
        "https://ASSETS.publishing.service.gov.uk:443/government/uploads/x.pdf",
    ],
)
def test_gov_uk_over_https_is_allowed(url: str) -> None:
    with govuk.GovukClient() as client:
        assert client.check_url(url) == url


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://www.gov.uk/api/content/x", "insecure http://"),
        ("https://www.gov.uk.evil.example/x.pdf", "outside GOV.UK"),
        ("https://www.gov.uk:8443/x.pdf", "outside GOV.UK"),
        ("https://example.com/x.pdf", "outside GOV.UK"),
        ("ftp://www.gov.uk/x.pdf", "not a web address"),
        ("javascript:alert(1)", "not a web address"),
        ("http://127.0.0.1:9/x.pdf", "insecure http://"),
    ],
)
def test_everything_else_is_refused(url: str, reason: str) -> None:
    with govuk.GovukClient() as client, pytest.raises(BlockedUrlError, match=reason):
        client.check_url(url)


def test_allow_origin_adds_exactly_that_origin() -> None:
    origin = govuk.parse_origin("http://127.0.0.1:8123")
    assert origin == govuk.Origin("http", "127.0.0.1", 8123)
    with govuk.GovukClient(govuk.ClientOptions(allow_origins=(origin,))) as client:
        assert client.check_url("http://127.0.0.1:8123/api/x")
        with pytest.raises(BlockedUrlError):
            client.check_url("http://127.0.0.1:8124/api/x")


@pytest.mark.parametrize("text", ["127.0.0.1:8123", "ftp://x", "http://x/path", "http://:80"])
def test_bad_origins_are_clear_errors(text: str) -> None:
    with pytest.raises(LisError, match="is not an origin"):
        govuk.parse_origin(text)


def test_requests_name_the_app(govuk_server: GovukServer) -> None:
    options = govuk.ClientOptions(allow_origins=(govuk.parse_origin(govuk_server.origin),))
    with govuk.GovukClient(options) as client:
        response = client.get_json(govuk_server.api_url)
    assert isinstance(response.data, dict)
    agent = govuk_server.requests[-1].headers["User-Agent"]
    assert agent.startswith(f"LIS-Desktop/{__version__} (")


def test_redirect_loop_is_bounded(govuk_server: GovukServer) -> None:
    def loop(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": str(request.url)})

    options = govuk.ClientOptions(allow_origins=(govuk.parse_origin(govuk_server.origin),))
    with (
        govuk.GovukClient(options, transport=httpx.MockTransport(loop)) as client,
        pytest.raises(NetworkError, match="Too many redirects"),
    ):
        client.get_json(govuk_server.origin + API_PATH)


def test_untrusted_certificate_is_not_called_offline() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] self-signed certificate")

    with govuk.GovukClient(transport=httpx.MockTransport(refuse)) as client:
        with pytest.raises(NetworkError, match="could not be verified") as caught:
            client.get_json(govuk.API_URL)
        assert not isinstance(caught.value, OfflineError)


def test_dns_failure_is_offline() -> None:
    def no_dns(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno -2] Name or service not known")

    with (
        govuk.GovukClient(transport=httpx.MockTransport(no_dns)) as client,
        pytest.raises(OfflineError, match=r"Cannot reach www\.gov\.uk"),
    ):
        client.get_json(govuk.API_URL)
