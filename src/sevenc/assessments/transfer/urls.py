"""The transfer routes; `assessments/urls.py` mounts them in the `assessments` namespace."""

from django.urls import path

from sevenc.assessments.transfer import views

urlpatterns = [
    path("assessments/<int:assessment_id>/export.<str:fmt>", views.answer_export, name="answer_export"),
    path("assessments/<int:assessment_id>/import/", views.answer_import, name="answer_import"),
]
