from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "zhifa.disclosure"
    label = "disclosure"
    verbose_name = "执法公示与信用监管"

    def ready(self) -> None:
        from zhifa.disclosure import panels, tasks  # noqa: F401  (navigation, hourly job)
