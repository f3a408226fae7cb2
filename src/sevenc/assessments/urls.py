from django.urls import path

from sevenc.assessments import views, views_targets, views_transfer, views_workshop

app_name = "assessments"

urlpatterns = [
    path("clients/<int:client_id>/assessments/", views.assessment_list, name="assessment_list"),
    path("clients/<int:client_id>/assessments/new/", views.assessment_create, name="assessment_create"),
    path("assessments/<int:assessment_id>/", views.assessment_detail, name="assessment_detail"),
    path("assessments/<int:assessment_id>/edit/", views.assessment_edit, name="assessment_edit"),
    path("assessments/<int:assessment_id>/finalise/", views.assessment_finalise, name="assessment_finalise"),
    path("assessments/<int:assessment_id>/delete/", views.assessment_delete, name="assessment_delete"),
    path("assessments/<int:assessment_id>/grid/", views.assessment_grid, name="assessment_grid"),
    path("assessments/<int:assessment_id>/answers/<int:answer_id>/", views.answer_save, name="answer_save"),
    # import / export of answers (views_transfer.py)
    path("assessments/<int:assessment_id>/export.<str:fmt>", views_transfer.answer_export, name="answer_export"),
    path("assessments/<int:assessment_id>/import/", views_transfer.answer_import, name="answer_import"),
    # goal setting, gaps, trend (views_targets.py)
    path("assessments/<int:assessment_id>/targets/", views_targets.target_list, name="target_list"),
    path("assessments/<int:assessment_id>/gaps/", views_targets.gap_analysis, name="gap_analysis"),
    path("clients/<int:client_id>/trend/", views_targets.client_trend, name="client_trend"),
    # workshops (views_workshop.py)
    path("assessments/<int:assessment_id>/respondents/", views_workshop.respondent_list, name="respondent_list"),
    path(
        "assessments/<int:assessment_id>/respondents/<int:respondent_id>/remove/",
        views_workshop.respondent_remove,
        name="respondent_remove",
    ),
    path(
        "assessments/<int:assessment_id>/consolidate/",
        views_workshop.assessment_consolidate,
        name="assessment_consolidate",
    ),
    path("assessments/<int:assessment_id>/respond/", views_workshop.questionnaire_answer, name="questionnaire_answer"),
]
