from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "sevenc.catalog"
    label = "catalog"
