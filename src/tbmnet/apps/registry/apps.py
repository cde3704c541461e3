from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "tbmnet.apps.registry"
    label = "registry"
    verbose_name = "Registry of actors and facilities"
