from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "sevenc.api"
    label = "api"
