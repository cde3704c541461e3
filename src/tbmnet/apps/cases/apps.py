from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "tbmnet.apps.cases"
    label = "cases"
    verbose_name = "Illegal-traffic cases"
