from django.urls import path

from sevenc.responsibility import views
from sevenc.responsibility.areas import urls as areas_urls
from sevenc.responsibility.transfer import urls as transfer_urls

app_name = "responsibility"

urlpatterns = (
    [
        path("clients/<int:client_id>/responsibilities/", views.matrix, name="matrix"),
        path(
            "clients/<int:client_id>/responsibilities/annex/<int:party_id>.pdf", views.party_annex, name="party_annex"
        ),
        path("clients/<int:client_id>/responsibilities/template/save/", views.template_save, name="template_save"),
        path("clients/<int:client_id>/responsibilities/template/apply/", views.template_apply, name="template_apply"),
    ]
    + transfer_urls.urlpatterns
    + areas_urls.urlpatterns
)
