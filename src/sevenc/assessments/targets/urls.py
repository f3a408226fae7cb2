"""The targets routes; `assessments/urls.py` mounts them in the `assessments` namespace."""

from django.urls import path

from sevenc.assessments.targets import views

urlpatterns = [
    path("assessments/<int:assessment_id>/targets/", views.target_list, name="target_list"),
    path("assessments/<int:assessment_id>/gaps/", views.gap_analysis, name="gap_analysis"),
    path("clients/<int:client_id>/trend/", views.client_trend, name="client_trend"),
]
