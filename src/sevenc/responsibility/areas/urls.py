"""The responsibility areas' routes (the library, own areas, hiding, PSA mapping); `responsibility/urls.py` mounts
them in the `responsibility` namespace."""

from django.urls import path

from sevenc.responsibility.areas import views

urlpatterns = [
    path("responsibility/areas/", views.area_list, name="area_list"),
    path("responsibility/areas/<int:area_id>/visibility/", views.area_visibility, name="area_visibility"),
    path("responsibility/areas/<int:area_id>/psa/", views.area_psa, name="area_psa"),
]
