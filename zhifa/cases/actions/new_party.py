"""A new party registered with the case that is about it (on the spot, a clue): both or none."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.db import transaction

from zhifa.core.errors import DomainError
from zhifa.org.models import User
from zhifa.parties.actions import register_party
from zhifa.parties.models import Party


def with_new_party[T](values: Mapping[str, Any], *, actor: User, then: Callable[[Party], T]) -> T:
    """登记当事人 (the parties app's ``register_party``, its checks and its history row) and
    ``then(party)`` — the case's own action — in one transaction: a case refused (a fine above
    the Art 51 limit, a co-handler without a certificate…) leaves no party behind, so the
    officer corrects the form and sends it again without a duplicate-ID refusal. The party's
    refusals name its field as ``new_party.<field>`` (its ``street`` is not the case's)."""
    with transaction.atomic():
        try:
            party = register_party(**values, actor=actor)
        except DomainError as exc:
            raise type(exc)(exc.code, exc.message, field=f"new_party.{exc.field or ''}") from exc
        return then(party)
