from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "zhifa.disclosure"
    label = "disclosure"
    verbose_name = "执法公示与信用监管"

    def ready(self) -> None:
        from zhifa.cases.facts import register_probe
        from zhifa.disclosure import panels, tasks  # noqa: F401  (navigation, hourly job)
        from zhifa.disclosure.history import repeat_possible

        # the case page's repeat-violation panel: whether there can be one, in the page's query
        register_probe("repeat_violation_possible", repeat_possible)
