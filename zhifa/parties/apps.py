from django.apps import AppConfig


class PartiesConfig(AppConfig):
    name = "zhifa.parties"
    label = "parties"
    verbose_name = "当事人"

    def ready(self) -> None:
        from zhifa.parties import panels  # noqa: F401  (registers navigation and home panel)
