"""Typed errors whose messages a user can read and act on; every layer raises these."""

from __future__ import annotations


class LisError(Exception):
    """Base class for expected errors: the message is shown to the user as it is."""


class ResourceError(LisError):
    """The bundled snapshot is missing or damaged (a broken installation)."""


class MapDataError(LisError):
    """The map's areas cannot be read: the bundled GeoJSON is missing or damaged."""


class UnknownRegionError(LisError):
    def __init__(self, region_id: str) -> None:
        super().__init__(
            f"Unknown region '{region_id}'. Run 'lis-desktop-cli regions' for the ids."
        )
        self.region_id = region_id


class InvalidPdfError(LisError):
    """A file is not a usable PDF (not a PDF, empty, damaged, encrypted, no pages)."""


class CacheError(LisError):
    """The offline cache cannot be read or written (read-only, full, damaged)."""


class NotOfflineError(LisError):
    """A summary was needed but is not available offline."""


class NetworkError(LisError):
    """Talking to GOV.UK failed (HTTP error, refused URL, bad download)."""


class OfflineError(NetworkError):
    """GOV.UK cannot be reached at all: no network, DNS failure, refused connection, timeout."""


class HttpStatusError(NetworkError):
    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class BlockedUrlError(NetworkError):
    """A link or redirect leads outside the allowed GOV.UK hosts, or to plain http://."""


class DownloadRejectedError(NetworkError):
    """A download arrived but is not acceptable (not a PDF, too large, cut short)."""


class ApiFormatError(LisError):
    """The GOV.UK Content API sent something that cannot be read as the story."""


class SyncBusyError(LisError):
    """Another sync of the same offline cache is running."""


class IncompleteDownloadError(DownloadRejectedError):
    """The connection closed before the whole file arrived (worth retrying)."""


class ExportError(LisError):
    """An export could not be made; nothing was written."""


class ExportExistsError(ExportError):
    """The export target already exists and overwriting was not asked for."""


class ExportWriteError(ExportError):
    """The export folder cannot be written (read-only, full, missing)."""


class ExportCancelledError(ExportError):
    """The user cancelled an export; nothing was written."""


class SearchQueryError(LisError):
    """A search query that cannot be understood (unbalanced quotes, a lone operator, empty)."""


class SearchIndexError(LisError):
    """The full-text search index cannot be read or written."""


class DocumentError(InvalidPdfError):
    """The viewer cannot show a PDF; `reason` names the step that failed (for the trace)."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class PasswordRequiredError(InvalidPdfError):
    """The PDF needs a password; `wrong` is True when one was given and did not match."""

    def __init__(self, message: str, *, wrong: bool) -> None:
        super().__init__(message)
        self.wrong = wrong


class UnreachableError(OfflineError):
    """No connection could be made at all (refused, no route, DNS, connect timeout)."""
