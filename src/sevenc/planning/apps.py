from sevenc.core.apps import DomainConfig


class PlanningConfig(DomainConfig):
    name = "sevenc.planning"
    label = "planning"
    verbose_name = "Action plans and roadmaps"
    default = True
    subdomains = ("strategy", "execution")
