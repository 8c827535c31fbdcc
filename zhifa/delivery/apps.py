from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "zhifa.delivery"
    label = "delivery"
    verbose_name = "文书送达"

    def ready(self) -> None:
        from zhifa.cases.timeline import register_labels
        from zhifa.cases.workflow import ARCHIVING_CHECKS, CLOSING_CHECKS
        from zhifa.delivery import tasks  # noqa: F401  (registers the public-notice job)
        from zhifa.delivery.checks import file_service_problems
        from zhifa.delivery.choices import EVENT_FIELD_LABELS, EVENT_LABELS

        register_labels(EVENT_LABELS, EVENT_FIELD_LABELS)
        # 民事诉讼法 Art 87, 行政处罚法 Art 61: no closing or archiving with a 送达回证 missing
        for checks in (CLOSING_CHECKS, ARCHIVING_CHECKS):
            if file_service_problems not in checks:
                checks.append(file_service_problems)
