from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "tbmnet.apps.audit"
    label = "audit"
    verbose_name = "Audit trail"
