from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "zhifa.delivery"
    label = "delivery"
    verbose_name = "文书送达"

    def ready(self) -> None:
        from zhifa.cases.timeline import register_labels
        from zhifa.delivery import tasks  # noqa: F401  (registers the public-notice job)
        from zhifa.delivery.choices import EVENT_FIELD_LABELS, EVENT_LABELS

        register_labels(EVENT_LABELS, EVENT_FIELD_LABELS)
