from sevenc.core.apps import DomainConfig


class PlanningConfig(DomainConfig):
    name = "sevenc.planning"
    label = "planning"
    verbose_name = "Action plans and roadmaps"
    default = True
    subdomains = ("strategy", "execution")

    def ready(self) -> None:
        from sevenc.assessments import services as assessment_services
        from sevenc.planning.execution.selectors import client_overview_panel
        from sevenc.planning.services import items_review_after_assessment
        from sevenc.tenancy.selectors import overview_register

        if items_review_after_assessment not in assessment_services.AFTER_FINALISE:
            assessment_services.AFTER_FINALISE.append(items_review_after_assessment)
        overview_register(client_overview_panel)
