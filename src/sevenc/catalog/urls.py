from django.urls import path

from sevenc.catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.framework_list, name="framework_list"),
    path("<int:framework_id>/", views.framework_detail, name="framework_detail"),
    path("<int:framework_id>/derive/", views.framework_derive, name="framework_derive"),
    path("<int:framework_id>/edit/", views.framework_edit, name="framework_edit"),
    path("<int:framework_id>/edit/practices/", views.framework_practice_add, name="framework_practice_add"),
    path("<int:framework_id>/edit/areas/", views.framework_area_add, name="framework_area_add"),
    path("<int:framework_id>/publish/", views.framework_publish, name="framework_publish"),
    path("<int:framework_id>/delete/", views.framework_delete, name="framework_delete"),
]
