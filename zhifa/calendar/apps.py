from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _seed_when_empty(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """Reference data, like contenttypes: after migrate — and after ``flush``, which empties
    every table and then emits post_migrate — the shipped holiday schedules are present."""
    from zhifa.calendar.models import CalendarYear, Holiday
    from zhifa.calendar.seed import load

    if not CalendarYear.objects.using(using).exists():
        load(CalendarYear, Holiday)


class CalendarConfig(AppConfig):
    name = "zhifa.calendar"
    label = "legal_calendar"
    verbose_name = "法定日历"

    def ready(self) -> None:
        from zhifa.calendar import panels, tasks  # noqa: F401  (nav, home banner, reminder job)

        post_migrate.connect(_seed_when_empty, sender=self)
