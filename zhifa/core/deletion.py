"""Deleting a row that others still refer to is refused with a Chinese message that says by how
many rows of which kind — never with the rows themselves (a unit's cases, a party's name: the
system administrator who asks to delete a unit sees no case data, 三员分立)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.db import router, transaction
from django.db.models import Model, ProtectedError, RestrictedError
from django.db.models.deletion import Collector

from zhifa.core.errors import DomainError


def references(objs: Iterable[Model]) -> list[str]:
    """What keeps ``objs`` from being deleted, as "案件 3 条" per kind; [] if nothing does."""
    objs = list(objs)
    if not objs:
        return []
    collector = Collector(using=router.db_for_write(type(objs[0])), origin=objs[0])
    try:
        collector.collect(objs)
    except ProtectedError as exc:
        blocking = exc.protected_objects
    except RestrictedError as exc:
        blocking = exc.restricted_objects
    else:
        return []
    ids = {(type(o), o.pk) for o in objs}
    counts = Counter(str(o._meta.verbose_name) for o in blocking if (type(o), o.pk) not in ids)
    return [f"{name} {n} 条" for name, n in sorted(counts.items())]


def refusal(obj: Model, what: str) -> DomainError:
    listed = "、".join(references([obj])) or "其他记录"
    return DomainError(
        "referenced",
        f"{what}「{obj}」仍被 {listed} 引用，不能删除；请先处理这些记录，或改为停用",
    )


def delete_unless_referenced(obj: Model, *, what: str) -> None:
    """Delete ``obj`` (and what cascades from it) or raise DomainError ("referenced")."""
    try:
        with transaction.atomic():
            obj.delete()
    except (ProtectedError, RestrictedError):
        raise refusal(obj, what) from None
