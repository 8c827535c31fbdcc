"""Gapless numbering: the next number of a sequence, taken inside the caller's transaction."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F

from zhifa.core.models import NumberSequence


def next_number(key: str) -> int:
    """The next number of ``key`` (1, 2, 3…). Must run inside ``transaction.atomic``: the row
    stays locked until the caller commits, and a rollback gives the number back."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number() must run inside transaction.atomic()")
    updated = NumberSequence.objects.filter(key=key).update(last=F("last") + 1)
    if not updated:
        try:
            with transaction.atomic():
                NumberSequence.objects.create(key=key, last=1)
                return 1
        except IntegrityError:  # created by a concurrent transaction first
            NumberSequence.objects.filter(key=key).update(last=F("last") + 1)
    return NumberSequence.objects.values_list("last", flat=True).get(key=key)
