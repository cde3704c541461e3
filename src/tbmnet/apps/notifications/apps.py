from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "tbmnet.apps.notifications"
    label = "notifications"
    verbose_name = "Notifications and consents (prior informed consent)"
