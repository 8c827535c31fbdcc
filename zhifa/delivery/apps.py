from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "zhifa.delivery"
    label = "delivery"
    verbose_name = "文书送达"

    def ready(self) -> None:
        from zhifa.cases.choices import StepName
        from zhifa.cases.timeline import register_labels
        from zhifa.cases.workflow import ARCHIVING_CHECKS, CLOSING_CHECKS, STEP_CHECKS, VIA_PAGES
        from zhifa.delivery import tasks  # noqa: F401  (registers the public-notice job)
        from zhifa.delivery.checks import file_service_problems, notice_service_problems
        from zhifa.delivery.choices import EVENT_FIELD_LABELS, EVENT_LABELS

        register_labels(EVENT_LABELS, EVENT_FIELD_LABELS)
        # 民事诉讼法 Art 87, 行政处罚法 Art 61: no closing or archiving with a 送达回证 missing
        for checks in (CLOSING_CHECKS, ARCHIVING_CHECKS):
            if file_service_problems not in checks:
                checks.append(file_service_problems)
        # Art 62: no decision before the prior notice has reached the party
        deciding = STEP_CHECKS.setdefault(StepName.DECIDE, [])
        if notice_service_problems not in deciding:
            deciding.append(notice_service_problems)
        # the service steps (``via="delivery"``) are taken on the case's 送达 page
        VIA_PAGES["delivery"] = "delivery:case"
        # the case page's 送达 section says whether the party accepts electronic service: read
        # in the page's own query
        from zhifa.cases.facts import register_probe
        from zhifa.delivery.selectors import electronic_consent

        register_probe("consent_electronic", electronic_consent)
        # staff notifications by SMS / e-mail (core.outbound) go through the same senders
        from zhifa.core.outbound import Channel, register_channel
        from zhifa.delivery.senders import send_email, sms_backend

        register_channel(
            Channel(
                "sms", "短信", lambda u: u.phone, lambda to, _s, text: sms_backend().send(to, text)
            )
        )
        register_channel(Channel("email", "电子邮件", lambda u: u.email, send_email))
