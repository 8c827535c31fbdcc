"""Writing the full-process record: the one function that appends a case event.

Callers hold the case row lock (``workflow.lock_case``) inside ``transaction.atomic``, so the
sequence number and the previous digest cannot race."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.utils import timezone

from zhifa.cases.chain import (
    GENESIS,
    chain_digests,
    digest_stream,
    event_material,
    head_mac,
    jsonable,
)
from zhifa.cases.choices import EventKind
from zhifa.cases.models import Case, CaseEvent, EvidenceFile
from zhifa.cases.models.events import ImmutableRecord
from zhifa.core.uploads import CheckedUpload, display_name, stored_extension
from zhifa.org.models import User


@dataclass(frozen=True)
class Upload:
    """A file to attach: an open binary stream, its name, and its Art 46 evidence kind.
    ``checked``: what ``core.uploads.check_upload`` found on receipt (every page and endpoint
    checks what it receives; files zhifa makes itself, rendered PDFs, come without)."""

    stream: IO[bytes]
    name: str
    kind: str
    description: str = ""
    content_type: str = ""
    checked: CheckedUpload | None = None

    @classmethod
    def received(cls, checked: CheckedUpload, kind: str, description: str = "") -> Upload:
        return cls(checked.stream, checked.name, kind, description, checked.content_type, checked)


@dataclass(frozen=True)
class Place:
    text: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None


def _store(upload: Upload) -> tuple[str, str, str, int]:
    """Store a file under its SHA-256 and the extension of its detected type (identical content
    is stored once; the sender's name never reaches storage); returns (storage name, sm3,
    sha256, size). A checked upload keeps the digests taken on receipt."""
    checked = upload.checked
    if checked is not None:
        sm3, sha256, size = checked.sm3, checked.sha256, checked.size
        ext = checked.type.ext
    else:
        upload.stream.seek(0)
        digests, size = digest_stream(upload.stream)
        sm3, sha256 = digests.sm3, digests.sha256
        ext = stored_extension(upload.stream, upload.name)
    upload.stream.seek(0)
    name = f"evidence/{sha256[:2]}/{sha256}{ext}"
    if not default_storage.exists(name):
        stored = default_storage.save(name, File(upload.stream, name=upload.name))
        assert stored == name, "storage renamed a content-addressed file"
    return name, sm3, sha256, size


def _content_type(upload: Upload) -> str:
    """The detected type's for a checked upload (the sender's claim is not trusted)."""
    if upload.checked is not None:
        return upload.checked.content_type
    return upload.content_type or mimetypes.guess_type(upload.name)[0] or ""


def append_event(
    case: Case,
    kind: str,
    *,
    actor: User | None,
    payload: dict[str, Any] | None = None,
    place: Place | None = None,
    evidence: tuple[Upload, ...] | list[Upload] = (),
    corrects: CaseEvent | None = None,
    occurred_at: datetime | None = None,
) -> CaseEvent:
    """Append one event to the case's chain and update the case's chain head and its seal
    (saved by the caller together with its other fields: ``CHAIN_FIELDS``)."""
    assert case.pk is not None, "the case row is written before its first event"
    if kind not in EventKind.values:
        raise ValueError(f"unknown event kind {kind!r}: add it to cases.choices.EventKind")
    # The rendered files of documents the file already holds (卷内目录, 备考表 of the archiving
    # itself) still join it: documents.renderer, after the archive step's commit.
    if case.archived_on is not None and kind not in ("archive", "document_rendered"):
        # 归档: the file is closed; nothing more is added to its record.
        raise ImmutableRecord(f"案件 {case.number} 已归档，不能再追加记录")
    place = place or Place()
    stored = [(u, *_store(u)) for u in evidence]
    body = jsonable(payload or {})
    if corrects is not None:
        body = {**body, "corrects_seq": corrects.seq}
    seq = case.event_count + 1
    prev_sm3 = case.chain_head_sm3 or GENESIS
    prev_sha256 = case.chain_head_sha256 or GENESIS
    at = occurred_at or timezone.now()
    digests = chain_digests(
        event_material(
            case_number=case.number,
            seq=seq,
            kind=kind,
            actor_id=actor.pk if actor else None,
            occurred_at=at,
            place=place.text,
            latitude=place.latitude,
            longitude=place.longitude,
            payload=body,
            evidence=[(sm3, sha256, size) for _, _, sm3, sha256, size in stored],
            prev_sm3=prev_sm3,
            prev_sha256=prev_sha256,
        )
    )
    event = CaseEvent.objects.create(
        case=case,
        seq=seq,
        kind=kind,
        actor=actor,
        occurred_at=at,
        place=place.text,
        latitude=place.latitude,
        longitude=place.longitude,
        payload=body,
        corrects=corrects,
        prev_sm3=prev_sm3,
        digest_sm3=digests.sm3,
        digest_sha256=digests.sha256,
    )
    for upload, name, sm3, sha256, size in stored:
        EvidenceFile.objects.create(
            case=case,
            event=event,
            kind=upload.kind,
            file=name,
            name=display_name(upload.name)[:200],
            content_type=_content_type(upload),
            size=size,
            sm3=sm3,
            sha256=sha256,
            description=upload.description,
        )
    case.event_count = seq
    case.chain_head_sm3 = digests.sm3
    case.chain_head_sha256 = digests.sha256
    case.head_mac = seal_head(case)
    return event


def chain_key() -> bytes:
    """The seal's key (``ZHIFA_CHAIN_KEY``, outside the database; settings refuse production
    without one)."""
    return str(settings.ZHIFA_CHAIN_KEY).encode()


def seal_head(case: Case, key: bytes | None = None) -> str:
    """HMAC-SM3 of the case's (id, event count, chain heads): without the key nobody can set a
    case row back to a shorter chain that verifies (行政处罚法 Art 47; ADR 0007)."""
    return head_mac(
        key or chain_key(),
        case.pk,
        case.event_count,
        case.chain_head_sm3,
        case.chain_head_sha256,
    )


# Every caller saves these with the case row, in the transaction that appended the event.
CHAIN_FIELDS = ["event_count", "chain_head_sm3", "chain_head_sha256", "head_mac"]
