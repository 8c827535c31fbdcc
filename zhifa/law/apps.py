from django.apps import AppConfig


class LawConfig(AppConfig):
    name = "zhifa.law"
    label = "law"
    verbose_name = "权责清单与裁量基准"

    def ready(self) -> None:
        from zhifa.law import panels  # noqa: F401  (registers navigation and home panels)
