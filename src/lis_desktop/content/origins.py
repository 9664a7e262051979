"""Where sync may go: the GOV.UK story's Content API address, the origins a test adds with
`--allow-origin`, and the client's options. Light (no httpx): the window needs them to set up
its Sync action at start; the client itself (`govuk`) is loaded when a sync runs."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from lis_desktop.errors import LisError

STORY_BASE_PATH = "/government/news/local-industrial-strategies-to-drive-growth-across-the-country"
API_URL = "https://www.gov.uk/api/content" + STORY_BASE_PATH
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class Origin:
    """(scheme, host, port) — what `--allow-origin http://127.0.0.1:8123` adds."""

    scheme: str
    host: str
    port: int

    def __str__(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"


def parse_origin(text: str) -> Origin:
    """'http://127.0.0.1:8123' -> Origin; a clear LisError for anything else."""
    try:
        parts = urlsplit(text.strip())
        port = parts.port
    except ValueError as exc:
        raise LisError(f"'{text}' is not an origin like http://127.0.0.1:8123.") from exc
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname or parts.path not in ("", "/"):
        raise LisError(f"'{text}' is not an origin like http://127.0.0.1:8123.")
    return Origin(scheme, parts.hostname.lower(), port or _DEFAULT_PORTS[scheme])


def origin_of(url: str) -> Origin | None:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    return Origin(scheme, parts.hostname.lower(), port or _DEFAULT_PORTS[scheme])


@dataclass(frozen=True)
class ClientOptions:
    allow_origins: tuple[Origin, ...] = ()
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_connections: int = 8
