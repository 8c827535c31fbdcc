"""The hourly job: public notices whose 30 days have passed are served (民事诉讼法 Art 95)."""

from __future__ import annotations

from django.tasks import task

from zhifa.core.schedule import every
from zhifa.delivery.actions import complete_due_public_notices


@every(3600)
@task(queue_name="deadlines")
def complete_public_notices() -> dict[str, int]:
    return {"served": complete_due_public_notices()}
