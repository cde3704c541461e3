from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "tbmnet.web"
    label = "web"
    verbose_name = "Web pages"
