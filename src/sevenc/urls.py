from django.urls import include, path

from sevenc.api.api import api

urlpatterns = [
    path("", include("sevenc.core.urls")),
    path("accounts/", include("sevenc.accounts.urls")),
    path("", include("sevenc.tenancy.urls")),
    path("", include("sevenc.assessments.urls")),
    path("", include("sevenc.planning.urls")),
    path("", include("sevenc.responsibility.urls")),
    path("catalog/", include("sevenc.catalog.urls")),
    path("portal/", include("sevenc.portal.urls")),
    path("api/v1/", api.urls),
]

handler400 = "sevenc.api.handlers.bad_request"
handler403 = "sevenc.api.handlers.permission_denied"
handler404 = "sevenc.api.handlers.page_not_found"
handler500 = "sevenc.api.handlers.server_error"
