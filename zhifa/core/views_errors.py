from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from zhifa.security.actions import Target, record
from zhifa.security.choices import EventKind, Outcome


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403 page; every refusal is a row of the security audit log (GB/T 22239-2019 8.1.4.3)."""
    record(
        EventKind.PERMISSION_DENIED,
        request=request,
        target=Target("page", "", request.path),
        outcome=Outcome.DENIED,
        detail={
            "method": request.method,
            "path": request.get_full_path()[:500],
            # why, where the refusal says it (三员分立's guard and role checks do)
            **({"message": str(exception)[:200]} if exception and str(exception) else {}),
        },
    )
    return render(request, "core/403.html", status=403)
