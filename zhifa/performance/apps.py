from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "zhifa.performance"
    label = "performance"
    verbose_name = "执行"
