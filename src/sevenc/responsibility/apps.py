from django.apps import AppConfig


class ResponsibilityConfig(AppConfig):
    name = "sevenc.responsibility"
    label = "responsibility"
    verbose_name = "Responsibility matrix"
