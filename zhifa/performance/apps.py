from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "zhifa.performance"
    label = "performance"
    verbose_name = "执行"

    def ready(self) -> None:
        from zhifa.performance import steps

        steps.register()  # payment, plans, 催告 and the court join the case workflow
        from zhifa.performance import window

        window.register()  # the Art 53 court window follows the steps that move it
        from zhifa.performance import recalendar  # noqa: F401  (the 催告's wait follows its clock)
