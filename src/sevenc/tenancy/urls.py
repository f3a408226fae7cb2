from django.urls import path

from sevenc.tenancy import views

app_name = "tenancy"

urlpatterns = [
    path("clients/", views.client_list, name="client_list"),
    path("clients/new/", views.client_create, name="client_create"),
    path("clients/<int:client_id>/", views.client_detail, name="client_detail"),
    path("clients/<int:client_id>/edit/", views.client_edit, name="client_edit"),
    path("clients/<int:client_id>/archive/", views.client_archive, name="client_archive"),
    path("clients/<int:client_id>/parties/", views.party_list, name="party_list"),
    path("clients/<int:client_id>/parties/new/", views.party_create, name="party_create"),
    path("clients/<int:client_id>/parties/<int:party_id>/edit/", views.party_edit, name="party_edit"),
    path("clients/<int:client_id>/parties/<int:party_id>/delete/", views.party_delete, name="party_delete"),
    path("clients/<int:client_id>/users/", views.client_membership_list, name="client_membership_list"),
    path(
        "clients/<int:client_id>/users/<int:client_membership_id>/remove/",
        views.client_membership_remove,
        name="client_membership_remove",
    ),
    path(
        "clients/<int:client_id>/invitations/<int:invitation_id>/revoke/",
        views.client_invitation_revoke,
        name="client_invitation_revoke",
    ),
    path("staff/", views.membership_list, name="membership_list"),
    path("staff/<int:membership_id>/role/", views.membership_role, name="membership_role"),
    path("staff/<int:membership_id>/remove/", views.membership_remove, name="membership_remove"),
    path("staff/invitations/<int:invitation_id>/revoke/", views.invitation_revoke, name="invitation_revoke"),
]
