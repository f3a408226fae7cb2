from django.urls import path

from sevenc.planning import views, views_meetings, views_strategy

app_name = "planning"

urlpatterns: list = [
    # action items, generation, roadmap, approval (views.py)
    path("clients/<int:client_id>/plan/items/", views.item_list, name="item_list"),
    path("clients/<int:client_id>/plan/items/new/", views.item_create, name="item_create"),
    path("clients/<int:client_id>/plan/generate/", views.items_generate, name="items_generate"),
    path("clients/<int:client_id>/plan/items/bulk/", views.items_bulk, name="items_bulk"),
    path("action-items/<int:item_id>/", views.item_detail, name="item_detail"),
    path("action-items/<int:item_id>/edit/", views.item_edit, name="item_edit"),
    path("action-items/<int:item_id>/status/", views.item_status, name="item_status"),
    path("action-items/<int:item_id>/comments/", views.item_comment, name="item_comment"),
    path("action-items/<int:item_id>/delete/", views.item_delete, name="item_delete"),
    path("action-items/<int:item_id>/move/", views.item_move, name="item_move"),
    path("clients/<int:client_id>/roadmap/", views.roadmap, name="roadmap"),
    path("clients/<int:client_id>/roadmap/settings/", views.roadmap_settings, name="roadmap_settings"),
    path("clients/<int:client_id>/roadmap/schedule/", views.roadmap_schedule, name="roadmap_schedule"),
    path("clients/<int:client_id>/roadmap/approve/", views.plan_approve, name="plan_approve"),
    path("clients/<int:client_id>/plan/export.<str:fmt>", views.plan_export, name="plan_export"),
    path("settings/planning/", views.planning_settings, name="planning_settings"),
    # strategy sessions and the annual operational plan (views_strategy.py)
    path("clients/<int:client_id>/strategy/", views_strategy.strategy_session_list, name="strategy_session_list"),
    path(
        "clients/<int:client_id>/strategy/new/", views_strategy.strategy_session_create, name="strategy_session_create"
    ),
    path("strategy-sessions/<int:session_id>/", views_strategy.strategy_session_detail, name="strategy_session_detail"),
    path(
        "strategy-sessions/<int:session_id>/edit/", views_strategy.strategy_session_edit, name="strategy_session_edit"
    ),
    path(
        "strategy-sessions/<int:session_id>/delete/",
        views_strategy.strategy_session_delete,
        name="strategy_session_delete",
    ),
    path("strategy-sessions/<int:session_id>/swot/", views_strategy.swot_entry_create, name="swot_entry_create"),
    path("swot/<int:swot_id>/edit/", views_strategy.swot_entry_edit, name="swot_entry_edit"),
    path("swot/<int:swot_id>/move/", views_strategy.swot_entry_move, name="swot_entry_move"),
    path("swot/<int:swot_id>/delete/", views_strategy.swot_entry_delete, name="swot_entry_delete"),
    path("strategy-sessions/<int:session_id>/goals/", views_strategy.business_goal_create, name="business_goal_create"),
    path("goals/<int:goal_id>/edit/", views_strategy.business_goal_edit, name="business_goal_edit"),
    path("goals/<int:goal_id>/move/", views_strategy.business_goal_move, name="business_goal_move"),
    path("goals/<int:goal_id>/delete/", views_strategy.business_goal_delete, name="business_goal_delete"),
    path("strategy-sessions/<int:session_id>/initiatives/", views_strategy.initiative_create, name="initiative_create"),
    path("initiatives/<int:initiative_id>/", views_strategy.initiative_detail, name="initiative_detail"),
    path("initiatives/<int:initiative_id>/edit/", views_strategy.initiative_edit, name="initiative_edit"),
    path("initiatives/<int:initiative_id>/items/", views_strategy.initiative_items, name="initiative_items"),
    path("initiatives/<int:initiative_id>/delete/", views_strategy.initiative_delete, name="initiative_delete"),
    path(
        "clients/<int:client_id>/operational-plan/<int:year>/", views_strategy.operational_plan, name="operational_plan"
    ),
    # execution cycles: meetings, decisions, calendar feeds (views_meetings.py)
    path("clients/<int:client_id>/meetings/", views_meetings.meeting_list, name="meeting_list"),
    path("clients/<int:client_id>/meetings/series/", views_meetings.meeting_series, name="meeting_series"),
    path("meetings/<int:meeting_id>/", views_meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:meeting_id>/edit/", views_meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:meeting_id>/notes/", views_meetings.meeting_notes, name="meeting_notes"),
    path("meetings/<int:meeting_id>/hold/", views_meetings.meeting_hold, name="meeting_hold"),
    path("meetings/<int:meeting_id>/delete/", views_meetings.meeting_delete, name="meeting_delete"),
    path("meetings/<int:meeting_id>/decisions/", views_meetings.decision_create, name="decision_create"),
    path("decisions/<int:decision_id>/status/", views_meetings.decision_update, name="decision_update"),
    path("decisions/<int:decision_id>/delete/", views_meetings.decision_delete, name="decision_delete"),
    path("clients/<int:client_id>/calendar-feeds/", views_meetings.calendar_feed_list, name="calendar_feed_list"),
    path("calendar-feeds/<int:feed_id>/revoke/", views_meetings.calendar_feed_revoke, name="calendar_feed_revoke"),
    path("calendar/<str:token>.ics", views_meetings.calendar_feed, name="calendar_feed"),
]
