from django.apps import AppConfig


class CalendarConfig(AppConfig):
    name = "zhifa.calendar"
    label = "legal_calendar"
    verbose_name = "法定日历"

    def ready(self) -> None:
        from zhifa.calendar import panels  # noqa: F401
