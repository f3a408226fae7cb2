from django.urls import path

from sevenc.responsibility import views

app_name = "responsibility"

urlpatterns = [
    path("clients/<int:client_id>/responsibilities/", views.matrix, name="matrix"),
    path("clients/<int:client_id>/responsibilities/annex/<int:party_id>.pdf", views.party_annex, name="party_annex"),
]
