from django.apps import AppConfig


class CustomsConfig(AppConfig):
    name = "tbmnet.apps.customs"
    label = "customs"
    verbose_name = "Customs: screening, inspections, seizures, referrals"
