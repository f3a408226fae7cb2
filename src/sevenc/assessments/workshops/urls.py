"""The workshops routes; `assessments/urls.py` mounts them in the `assessments` namespace."""

from django.urls import path

from sevenc.assessments.workshops import views

urlpatterns = [
    path("assessments/<int:assessment_id>/respondents/", views.respondent_list, name="respondent_list"),
    path(
        "assessments/<int:assessment_id>/respondents/<int:respondent_id>/remove/",
        views.respondent_remove,
        name="respondent_remove",
    ),
    path(
        "assessments/<int:assessment_id>/consolidate/",
        views.assessment_consolidate,
        name="assessment_consolidate",
    ),
    path("assessments/<int:assessment_id>/respond/", views.questionnaire_answer, name="questionnaire_answer"),
]
