"""The strategy routes; `planning/urls.py` mounts them in the `planning` namespace."""

from django.urls import path

from sevenc.planning.strategy import views

urlpatterns = [
    path("clients/<int:client_id>/strategy/", views.strategy_session_list, name="strategy_session_list"),
    path("clients/<int:client_id>/strategy/new/", views.strategy_session_create, name="strategy_session_create"),
    path("strategy-sessions/<int:session_id>/", views.strategy_session_detail, name="strategy_session_detail"),
    path("strategy-sessions/<int:session_id>/edit/", views.strategy_session_edit, name="strategy_session_edit"),
    path(
        "strategy-sessions/<int:session_id>/delete/",
        views.strategy_session_delete,
        name="strategy_session_delete",
    ),
    path("strategy-sessions/<int:session_id>/swot/", views.swot_entry_create, name="swot_entry_create"),
    path("swot/<int:swot_id>/edit/", views.swot_entry_edit, name="swot_entry_edit"),
    path("swot/<int:swot_id>/move/", views.swot_entry_move, name="swot_entry_move"),
    path("swot/<int:swot_id>/delete/", views.swot_entry_delete, name="swot_entry_delete"),
    path("strategy-sessions/<int:session_id>/goals/", views.business_goal_create, name="business_goal_create"),
    path("goals/<int:goal_id>/edit/", views.business_goal_edit, name="business_goal_edit"),
    path("goals/<int:goal_id>/move/", views.business_goal_move, name="business_goal_move"),
    path("goals/<int:goal_id>/delete/", views.business_goal_delete, name="business_goal_delete"),
    path("strategy-sessions/<int:session_id>/initiatives/", views.initiative_create, name="initiative_create"),
    path("initiatives/<int:initiative_id>/", views.initiative_detail, name="initiative_detail"),
    path("initiatives/<int:initiative_id>/edit/", views.initiative_edit, name="initiative_edit"),
    path("initiatives/<int:initiative_id>/items/", views.initiative_items, name="initiative_items"),
    path("initiatives/<int:initiative_id>/delete/", views.initiative_delete, name="initiative_delete"),
    path("clients/<int:client_id>/operational-plan/<int:year>/", views.operational_plan, name="operational_plan"),
]
