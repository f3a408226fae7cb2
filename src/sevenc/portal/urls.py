from django.urls import path

from sevenc.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.portal_home, name="portal_home"),
    path("<int:client_id>/", views.portal_client, name="portal_client"),
]
