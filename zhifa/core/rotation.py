"""Changing the key of personal data at rest (docs/adr/0012): ``zhifa crypto status`` counts the
values under each key, ``zhifa crypto rotate`` re-encrypts (and re-indexes) every row still
under an old one.

A rotation is a re-encoding, not a change of the data: rows keep their values, their
``updated_at`` and their history, so it is done here with ``bulk_update`` of the encrypted
columns (and of the blind indexes a model computes from them, ``blind_index_values()``), in
primary-key batches of ``batch`` rows, each batch its own transaction. It can stop and be run
again at any time: a row already under the current key is not selected again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.apps import apps
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Substr

from zhifa.core import crypto

# "zf1:" then the 8-character key id.
_KID_START, _KID_LENGTH = len(crypto.PREFIX) + 2, 8


@dataclass(frozen=True)
class FieldStatus:
    model: str  # app_label.ModelName
    field: str
    by_key: dict[str, int]  # key id → rows; "" counts empty values


def encrypted_models() -> Iterator[tuple[type[models.Model], list[crypto.EncryptedTextField]]]:
    for model in apps.get_models():
        fields = list(crypto.encrypted_fields(model))
        if fields:
            yield model, fields


def _kid(field: crypto.EncryptedTextField) -> Substr:
    # Read as plain text: the column's own field would try to decrypt the key id.
    return Substr(field.name, _KID_START, _KID_LENGTH, output_field=models.CharField())


def status() -> list[FieldStatus]:
    """Per encrypted column, how many rows are under which key (one query a column)."""
    found = []
    for model, fields in encrypted_models():
        for field in fields:
            rows = (
                model._default_manager.order_by()
                .annotate(kid=_kid(field))
                .values("kid")
                .annotate(n=models.Count("pk"))
            )
            by_key = {(r["kid"] or ""): r["n"] for r in rows}
            found.append(FieldStatus(model._meta.label, field.name, by_key))
    return found


def keys_in_use() -> Counter[str]:
    """Rows under each key id, over every encrypted column (empty values left out)."""
    total: Counter[str] = Counter()
    for row in status():
        total.update({k: n for k, n in row.by_key.items() if k})
    return total


def _stale(model: type[models.Model], fields: list[crypto.EncryptedTextField], kid: str) -> Q:
    """Rows with a value of some encrypted column under another key than ``kid``."""
    stale = Q()
    for field in fields:
        stale |= ~Q(**{field.name: ""}) & ~Q(**{f"_kid_{field.name}": kid})
    return stale


def _stale_rows(
    model: type[models.Model], fields: list[crypto.EncryptedTextField]
) -> models.QuerySet:
    kid = crypto.current_key().kid
    rows = model._default_manager.order_by("pk").annotate(
        **{f"_kid_{f.name}": _kid(f) for f in fields}
    )
    return rows.filter(_stale(model, fields, kid))


Progress = Callable[[str, int, int], None]  # model label, rows done, rows to do


def rotate_model(
    model: type[models.Model],
    fields: list[crypto.EncryptedTextField],
    *,
    batch: int = 500,
    progress: Progress | None = None,
) -> int:
    """Re-encrypt ``model``'s rows under the current key; returns how many were rewritten."""
    todo = _stale_rows(model, fields).count()
    done, last = 0, None
    names = [f.name for f in fields]
    while done < todo:
        with transaction.atomic():
            rows = _stale_rows(model, fields).select_for_update()
            if last is not None:
                rows = rows.filter(pk__gt=last)
            chunk = list(rows[:batch])
            if not chunk:
                break
            written = list(names)
            for row in chunk:
                reindex = getattr(row, "blind_index_values", None)
                if reindex is not None:
                    for name, value in reindex().items():
                        setattr(row, name, value)
                        if name not in written:
                            written.append(name)
            # The instances hold plaintext (decrypted on load): saving encrypts afresh.
            model._default_manager.bulk_update(chunk, written)
        done += len(chunk)
        last = chunk[-1].pk
        if progress is not None:
            progress(model._meta.label, done, todo)
    return done


def rotate(*, batch: int = 500, progress: Progress | None = None) -> dict[str, int]:
    """Every encrypted column of every model under the current key: rows rewritten per model."""
    return {
        model._meta.label: rotate_model(model, fields, batch=batch, progress=progress)
        for model, fields in encrypted_models()
    }
