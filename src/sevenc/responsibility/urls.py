from django.urls import path

from sevenc.responsibility import views, views_areas, views_transfer

app_name = "responsibility"

urlpatterns = [
    path("clients/<int:client_id>/responsibilities/", views.matrix, name="matrix"),
    path("clients/<int:client_id>/responsibilities/annex/<int:party_id>.pdf", views.party_annex, name="party_annex"),
    path("clients/<int:client_id>/responsibilities/template/save/", views.template_save, name="template_save"),
    path("clients/<int:client_id>/responsibilities/template/apply/", views.template_apply, name="template_apply"),
    path(
        "clients/<int:client_id>/responsibilities/export.<str:fmt>", views_transfer.matrix_export, name="matrix_export"
    ),
    path("clients/<int:client_id>/responsibilities/import/", views_transfer.matrix_import, name="matrix_import"),
    path("responsibility/psa.csv", views_transfer.psa_export, name="psa_export"),
    path("responsibility/areas/", views_areas.area_list, name="area_list"),
    path("responsibility/areas/<int:area_id>/visibility/", views_areas.area_visibility, name="area_visibility"),
    path("responsibility/areas/<int:area_id>/psa/", views_areas.area_psa, name="area_psa"),
]
