from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "zhifa.cases"
    label = "cases"
    verbose_name = "案件办理"

    def ready(self) -> None:
        # navigation, home panels, the deadline scan; clocks recomputed on a new holiday schedule
        from zhifa.cases import panels, recalendar, tasks  # noqa: F401
