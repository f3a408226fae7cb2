"""The transfer routes (matrix export and import, the PSA table); `responsibility/urls.py` mounts them in the
`responsibility` namespace."""

from django.urls import path

from sevenc.responsibility.transfer import views

urlpatterns = [
    path("clients/<int:client_id>/responsibilities/export.<str:fmt>", views.matrix_export, name="matrix_export"),
    path("clients/<int:client_id>/responsibilities/import/", views.matrix_import, name="matrix_import"),
    path("responsibility/psa.csv", views.psa_export, name="psa_export"),
]
