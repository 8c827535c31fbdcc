from typing import Any

from django.conf import settings
from django.http import HttpRequest

from zhifa.core import nav, notifications


def site(request: HttpRequest) -> dict[str, Any]:
    signed_in = request.user.is_authenticated
    items = nav.items_for(request) if signed_in else []
    return {
        "site": {"bureau_name": settings.ZHIFA_BUREAU_NAME},
        "nav_items": items,
        # the header's unread count: one indexed count per page
        "unread": notifications.unread_count(request.user) if signed_in else 0,  # type: ignore[arg-type]
    }
