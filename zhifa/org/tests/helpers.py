"""What the account's admin form posts, for the tests of accounts and roles."""

from __future__ import annotations

from django.utils import timezone

from zhifa.org.models import User


def user_form(user: User, **changes: str) -> dict[str, str]:
    """The admin's change form of ``user`` as it stands (active), with ``changes``."""
    joined = timezone.localtime(user.date_joined)
    data = {
        "username": user.username,
        "name": user.name,
        "email": user.email,
        "org_unit": str(user.org_unit_id or ""),
        "phone": user.phone,
        "is_active": "on",
        "date_joined_0": joined.strftime("%Y-%m-%d"),
        "date_joined_1": joined.strftime("%H:%M:%S"),
    }
    return {**data, **changes}
