from typing import Any

from django.conf import settings
from django.http import HttpRequest

from zhifa.core import nav


def site(request: HttpRequest) -> dict[str, Any]:
    items = nav.items_for(request) if request.user.is_authenticated else []
    return {
        "site": {"bureau_name": settings.ZHIFA_BUREAU_NAME},
        "nav_items": items,
    }
