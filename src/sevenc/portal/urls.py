from django.urls import path

from sevenc.portal import views, views_matrix, views_plan, views_questionnaire

app_name = "portal"

urlpatterns = [
    path("", views.portal_home, name="portal_home"),
    path("<int:client_id>/", views.portal_client, name="portal_client"),
    path(
        "<int:client_id>/questionnaires/<int:questionnaire_id>/",
        views_questionnaire.questionnaire_detail,
        name="questionnaire_detail",
    ),
    path("<int:client_id>/plan/", views_plan.plan_detail, name="plan_detail"),
    path("<int:client_id>/plan/approve/", views_plan.plan_approve, name="plan_approve"),
    path("<int:client_id>/responsibilities/", views_matrix.matrix_detail, name="matrix_detail"),
]
