"""Background jobs of the people app."""

from __future__ import annotations

from django.db.models import Q
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from zhifa.core.actions import notify
from zhifa.core.schedule import every
from zhifa.org import selectors
from zhifa.org.choices import Role
from zhifa.org.models import User


@every(6 * 3600)
@task(queue_name="notifications")
def remind_expiring_certificates() -> int:
    """Tell each holder and the leaders about certificates expiring within the warning window.
    Once per certificate and expiry date (a renewed certificate is reminded again later)."""
    today = timezone.localdate()
    leaders = list(User.objects.filter(Q(role=Role.LEADER) | Q(role=Role.ADMIN), is_active=True))
    sent = 0
    for certificate in selectors.certificates_expiring(today).select_related("officer__user"):
        officer = certificate.officer
        title = f"执法证 {certificate.number}({officer.name}) 将于 {certificate.expires_on} 到期"
        body = "请及时办理换证；到期后不得作为承办人实施行政处罚 (行政处罚法第42条)。"
        url = reverse("org:officer_detail", args=[officer.pk])
        key = f"cert-expiry:{certificate.pk}:{certificate.expires_on}"
        recipients = [*leaders, *([officer.user] if officer.user else [])]
        for user in {u.pk: u for u in recipients}.values():
            notify(user, kind="certificate_expiry", title=title, body=body, url=url, dedup_key=key)
            sent += 1
    return sent
