from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "zhifa.performance"
    label = "performance"
    verbose_name = "执行"

    def ready(self) -> None:
        """Performance joins the case engine through its registries (``cases`` never imports
        this app: ``cases/tests/test_layering.py``)."""
        from zhifa.performance import steps

        steps.register()  # payment, plans, 催告 and the court join the case workflow
        from zhifa.performance import window

        window.register()  # the Art 53 court window follows the steps that move it
        from zhifa.performance import actions

        actions.register()  # 当场收缴: the on-the-spot decision's collection, in its transaction
        from zhifa.performance import pages

        pages.register()  # its step pages; its sections of the case page, 结案 page, home, timeline
        from zhifa.performance import api_schemas

        api_schemas.register()  # the case API's detail shows its payments, plans, what is owed
        from zhifa.performance import recalendar  # noqa: F401  (the 催告's wait follows its clock)
