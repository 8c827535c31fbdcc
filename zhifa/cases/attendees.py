"""Who may sit in a 负责人集体讨论 (行政处罚法 Art 57 ¶2), in the order they are listed: the
serving officers — not auxiliary staff (Art 42), not one who has left or not yet joined — the
heads (负责人) first, then the legal reviewers, then the others, each by unit and name. The
page offers them, the action checks the ones named, the 集体讨论记录 prints them with their
posts."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Case as Rank
from django.db.models import IntegerField, Q, QuerySet, Value, When

from zhifa.org.choices import Role
from zhifa.org.models import Officer

# The order of the list: heads first (Art 57 ¶2 is their discussion), then legal reviewers.
RANKS: dict[str, int] = {Role.LEADER: 0, Role.LEGAL_REVIEWER: 1}
OTHERS = len(RANKS)
# A post as the record prints it; an officer without a login, or an administrator's login,
# is printed as an officer.
POSTS: dict[str, str] = {
    Role.LEADER: Role.LEADER.label,
    Role.LEGAL_REVIEWER: Role.LEGAL_REVIEWER.label,
    Role.CASE_HANDLER: Role.CASE_HANDLER.label,
    Role.STREET_OFFICER: Role.STREET_OFFICER.label,
}
OFFICER_POST = "执法人员"


def candidates(day: date) -> QuerySet[Officer]:
    """The officers who may attend a discussion held on ``day``, heads first."""
    ranks = [When(user__role=role, then=Value(rank)) for role, rank in RANKS.items()]
    return (
        Officer.objects.filter(is_auxiliary=False)
        .filter(Q(joined_on__isnull=True) | Q(joined_on__lte=day))
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=day))
        .select_related("unit", "user")
        .annotate(rank=Rank(*ranks, default=Value(OTHERS), output_field=IntegerField()))
        .order_by("rank", "unit__sort_order", "unit__code", "name", "pk")
    )


def _role(officer: Officer) -> str:
    return officer.user.role if officer.user is not None else ""


def ordered(officers: Iterable[Officer]) -> list[Officer]:
    """``officers`` in the order of ``candidates``."""
    return sorted(
        officers,
        key=lambda o: (
            RANKS.get(_role(o), OTHERS),
            o.unit.sort_order,
            o.unit.code,
            o.name,
            o.pk,
        ),
    )


def post(officer: Officer) -> str:
    """职务 as the record prints it: 负责人, 法制审核员, 执法队员…"""
    return POSTS.get(_role(officer), OFFICER_POST)


def described(officer: Officer) -> str:
    """刘主任（示范区城市管理委员会 负责人）"""
    return f"{officer.name}（{officer.unit.name} {post(officer)}）"
