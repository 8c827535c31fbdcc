from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "zhifa.cases"
    label = "cases"
    verbose_name = "案件办理"

    def ready(self) -> None:
        from zhifa.cases import panels, tasks  # noqa: F401  (navigation, home panels, deadline scan)
