from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "tbmnet.apps.reporting"
    label = "reporting"
    verbose_name = "Reporting and statistics"
