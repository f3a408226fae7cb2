from django.urls import include, path

from sevenc.api.api import api
from sevenc.core import views as core_views
from sevenc.tenancy import views as tenancy_views

# The "core" namespace: the home page (the workspace dashboard, which tenancy renders) and the health check. It is
# assembled here, at the top, so that core never imports a domain (docs/architecture.md).
core_urls = (
    [
        path("", tenancy_views.dashboard, name="dashboard"),
        path("healthz", core_views.healthz, name="healthz"),
    ],
    "core",
)

urlpatterns = [
    path("", include(core_urls)),
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
