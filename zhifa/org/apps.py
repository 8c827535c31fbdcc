from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "zhifa.org"
    label = "org"
    verbose_name = "人员与组织"

    def ready(self) -> None:
        from zhifa.org import panels  # noqa: F401  (registers navigation and home panels)
