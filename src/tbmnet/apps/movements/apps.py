from django.apps import AppConfig


class MovementsConfig(AppConfig):
    name = "tbmnet.apps.movements"
    label = "movements"
    verbose_name = "Movements and ESM confirmation"
