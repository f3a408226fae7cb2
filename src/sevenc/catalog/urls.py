from django.urls import path

from sevenc.catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.framework_list, name="framework_list"),
    path("<int:framework_id>/", views.framework_detail, name="framework_detail"),
]
