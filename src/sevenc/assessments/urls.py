from django.urls import path

from sevenc.assessments import views
from sevenc.assessments.targets import urls as targets_urls
from sevenc.assessments.transfer import urls as transfer_urls
from sevenc.assessments.workshops import urls as workshops_urls

app_name = "assessments"

urlpatterns = (
    [
        path("clients/<int:client_id>/assessments/", views.assessment_list, name="assessment_list"),
        path("clients/<int:client_id>/assessments/new/", views.assessment_create, name="assessment_create"),
        path("assessments/<int:assessment_id>/", views.assessment_detail, name="assessment_detail"),
        path("assessments/<int:assessment_id>/edit/", views.assessment_edit, name="assessment_edit"),
        path("assessments/<int:assessment_id>/finalise/", views.assessment_finalise, name="assessment_finalise"),
        path("assessments/<int:assessment_id>/delete/", views.assessment_delete, name="assessment_delete"),
        path("assessments/<int:assessment_id>/grid/", views.assessment_grid, name="assessment_grid"),
        path("assessments/<int:assessment_id>/answers/<int:answer_id>/", views.answer_save, name="answer_save"),
    ]
    + transfer_urls.urlpatterns
    + targets_urls.urlpatterns
    + workshops_urls.urlpatterns
)
