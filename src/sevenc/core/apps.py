from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sevenc.core"
    label = "core"
