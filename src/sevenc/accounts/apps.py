from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sevenc.accounts"
    label = "accounts"
