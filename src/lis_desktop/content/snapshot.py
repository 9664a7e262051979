"""Loads the bundled publication and regions (resources/*.json) into domain objects."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from lis_desktop import resources
from lis_desktop.domain import Attachment, BodyBlock, ChangeNote, Publication, Region
from lis_desktop.errors import ResourceError


def load_regions() -> tuple[Region, ...]:
    data = _load_json("regions.json")
    try:
        return tuple(
            Region(
                id=str(r["id"]),
                title=str(r["title"]),
                nation=str(r["nation"]),
                body=str(r["body"]),
                wave=None if r["wave"] is None else int(r["wave"]),
                ons_regions=tuple(str(o) for o in r["ons_regions"]),
            )
            for r in data["regions"]
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ResourceError(f"The bundled region list is damaged ({exc!r}); reinstall.") from exc


def load_publication() -> Publication:
    data = _load_json("publication.json")
    try:
        return publication_from_dict(data["publication"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ResourceError(f"The bundled publication is damaged ({exc!r}); reinstall.") from exc


def publication_from_dict(p: dict[str, Any]) -> Publication:
    """The inverse of `publication_to_dict`; also used by the cache for the synced copy."""
    return Publication(
        title=str(p["title"]),
        url=str(p["url"]),
        api_url=str(p.get("api_url") or ""),
        published=date.fromisoformat(p["published"]),
        updated=date.fromisoformat(p["updated"]),
        body=tuple(BodyBlock(kind=str(b["kind"]), text=str(b["text"])) for b in p["body"]),
        history=tuple(
            ChangeNote(date=date.fromisoformat(h["date"]), note=str(h["note"]))
            for h in p["history"]
        ),
        attachments=tuple(
            Attachment(
                title=str(a["title"]),
                url=a.get("url"),
                size=a.get("size"),
                size_text=a.get("size_text"),
                pages=a.get("pages"),
                format=str(a.get("format") or "PDF"),
                filename=a.get("filename"),
                content_type=a.get("content_type"),
                region=a.get("region"),
                removed=bool(a.get("removed", False)),
            )
            for a in p["attachments"]
        ),
        description=str(p.get("description") or ""),
        document_type=str(p.get("document_type") or "News story"),
        licence=str(p.get("licence") or "Open Government Licence v3.0"),
        licence_url=str(p.get("licence_url") or ""),
    )


def publication_to_dict(pub: Publication) -> dict[str, Any]:
    return {
        "title": pub.title,
        "url": pub.url,
        "api_url": pub.api_url,
        "published": pub.published.isoformat(),
        "updated": pub.updated.isoformat(),
        "description": pub.description,
        "document_type": pub.document_type,
        "licence": pub.licence,
        "licence_url": pub.licence_url,
        "body": [{"kind": b.kind, "text": b.text} for b in pub.body],
        "history": [{"date": h.date.isoformat(), "note": h.note} for h in pub.history],
        "attachments": [
            {
                "title": a.title,
                "url": a.url,
                "size": a.size,
                "size_text": a.size_text,
                "pages": a.pages,
                "format": a.format,
                "filename": a.filename,
                "content_type": a.content_type,
                "region": a.region,
                "removed": a.removed,
            }
            for a in pub.attachments
        ],
    }


def _load_json(name: str) -> dict[str, Any]:
    try:
        data = json.loads(resources.read_text(name))
    except json.JSONDecodeError as exc:
        raise ResourceError(f"The bundled file '{name}' is damaged; reinstall.") from exc
    if not isinstance(data, dict):
        raise ResourceError(f"The bundled file '{name}' is damaged; reinstall.")
    return data
