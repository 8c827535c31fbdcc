from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "zhifa.org"
    label = "org"
    verbose_name = "人员与组织"

    def ready(self) -> None:
        from zhifa.org import panels, tasks  # noqa: F401  (registers nav, panels and jobs)
