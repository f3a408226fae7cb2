from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "sevenc.planning"
    label = "planning"
    verbose_name = "Action plans and roadmaps"
