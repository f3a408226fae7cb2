from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "sevenc.portal"
    label = "portal"
