from django.urls import path

from sevenc.planning import views
from sevenc.planning.execution import urls as execution_urls
from sevenc.planning.strategy import urls as strategy_urls

app_name = "planning"

urlpatterns = (
    [
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
        path("action-items/<int:item_id>/split/", views.item_split, name="item_split"),
        path("action-items/<int:item_id>/duration/", views.item_duration, name="item_duration"),
        path("clients/<int:client_id>/roadmap/", views.roadmap, name="roadmap"),
        path("clients/<int:client_id>/roadmap/settings/", views.roadmap_settings, name="roadmap_settings"),
        path("clients/<int:client_id>/roadmap/limit/", views.roadmap_limit, name="roadmap_limit"),
        path("clients/<int:client_id>/roadmap/schedule/", views.roadmap_schedule, name="roadmap_schedule"),
        path("clients/<int:client_id>/roadmap/approve/", views.plan_approve, name="plan_approve"),
        path("clients/<int:client_id>/plan/export.<str:fmt>", views.plan_export, name="plan_export"),
        path("settings/planning/", views.planning_settings, name="planning_settings"),
    ]
    + strategy_urls.urlpatterns
    + execution_urls.urlpatterns
)
