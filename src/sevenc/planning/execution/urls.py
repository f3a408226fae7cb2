"""The execution routes; `planning/urls.py` mounts them in the `planning` namespace."""

from django.urls import path

from sevenc.planning.execution import views

urlpatterns = [
    path("clients/<int:client_id>/meetings/", views.meeting_list, name="meeting_list"),
    path("clients/<int:client_id>/meetings/series/", views.meeting_series, name="meeting_series"),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:meeting_id>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:meeting_id>/notes/", views.meeting_notes, name="meeting_notes"),
    path("meetings/<int:meeting_id>/hold/", views.meeting_hold, name="meeting_hold"),
    path("meetings/<int:meeting_id>/delete/", views.meeting_delete, name="meeting_delete"),
    path("meetings/<int:meeting_id>/decisions/", views.decision_create, name="decision_create"),
    path("decisions/<int:decision_id>/status/", views.decision_update, name="decision_update"),
    path("decisions/<int:decision_id>/delete/", views.decision_delete, name="decision_delete"),
    path("clients/<int:client_id>/calendar-feeds/", views.calendar_feed_list, name="calendar_feed_list"),
    path("calendar-feeds/<int:feed_id>/revoke/", views.calendar_feed_revoke, name="calendar_feed_revoke"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
