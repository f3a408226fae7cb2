from sevenc.core.apps import DomainConfig


class AssessmentsConfig(DomainConfig):
    name = "sevenc.assessments"
    label = "assessments"
    default = True
    subdomains = ("targets", "workshops", "transfer")
