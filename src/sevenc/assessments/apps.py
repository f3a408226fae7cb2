from sevenc.core.apps import DomainConfig


class AssessmentsConfig(DomainConfig):
    name = "sevenc.assessments"
    label = "assessments"
    default = True
    subdomains = ("targets", "workshops", "transfer")

    def ready(self) -> None:
        super().ready()
        from sevenc.assessments.targets.selectors import client_overview_panel
        from sevenc.tenancy.selectors import overview_register

        overview_register(client_overview_panel)
