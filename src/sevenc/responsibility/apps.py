from django.apps import AppConfig


class ResponsibilityConfig(AppConfig):
    name = "sevenc.responsibility"
    label = "responsibility"
    verbose_name = "Responsibility matrix"

    def ready(self) -> None:
        from sevenc.responsibility.selectors import client_overview_panel
        from sevenc.tenancy.selectors import overview_register

        overview_register(client_overview_panel)
