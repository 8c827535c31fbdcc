from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "zhifa.documents"
    label = "documents"
    verbose_name = "执法文书"

    def ready(self) -> None:
        from zhifa.documents import panels  # noqa: F401  (registers the home panel)
