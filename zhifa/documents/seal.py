"""The bureau's electronic seal on served copies (行政处罚法 Art 59: the decision bears the seal of
the deciding agency).

One transparent PNG per bureau, ``$ZHIFA_SEAL_DIR/<org unit code>.png``, put there by the
administrator (README, configuration). The seal of a case's documents is that of the bureau its
handling unit belongs to (the nearest unit of kind ``bureau`` up the tree). When a document is
reserved the image is copied into storage under its SHA-256 and named in the frozen context, so
a render — or a retry after the file was replaced — prints the seal that was current then. Only
documents served on the party carry it; without a file nothing is printed (never a fake
“（印章）”)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from zhifa.cases.models import Case
from zhifa.org.choices import OrgUnitKind
from zhifa.org.models import OrgUnit

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MAX_BYTES = 2 * 1024 * 1024


def bureau_of(unit: OrgUnit | None) -> OrgUnit | None:
    """The bureau a unit belongs to (itself if it is one)."""
    seen = 0
    while unit is not None and seen < 20:  # the tree is shallow; a cycle would be a data error
        if unit.kind == OrgUnitKind.BUREAU:
            return unit
        unit = unit.parent
        seen += 1
    return None


def seal_file(unit: OrgUnit | None) -> Path | None:
    bureau = bureau_of(unit)
    if bureau is None:
        return None
    path = Path(settings.ZHIFA_SEAL_DIR) / f"{bureau.code}.png"
    return path if path.is_file() else None


def freeze(case: Case) -> dict[str, Any] | None:
    """The case's seal copied into storage (content-addressed) for the frozen context, or None.
    A file that is not a PNG or is too large is ignored: printing nothing is safer than printing
    something else."""
    path = seal_file(case.handling_unit)
    if path is None:
        return None
    data = path.read_bytes()
    if not data.startswith(PNG_MAGIC) or len(data) > MAX_BYTES:
        return None
    sha = hashlib.sha256(data).hexdigest()
    name = f"seals/{sha}.png"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(data))
    return {"name": name, "sha256": sha, "unit": bureau_of(case.handling_unit).code}  # type: ignore[union-attr]


def load(seal: dict[str, Any] | None) -> dict[str, bytes]:
    """The frozen seal's bytes keyed by SHA-256 (checked), for the renderer."""
    if not seal:
        return {}
    with default_storage.open(seal["name"], "rb") as fh:
        data = fh.read()
    if hashlib.sha256(data).hexdigest() != seal["sha256"]:
        raise ValueError(f"印章文件与登记的摘要不一致：{seal['name']}")
    return {seal["sha256"]: data}
