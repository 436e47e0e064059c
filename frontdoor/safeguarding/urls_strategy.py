from django.urls import path

from . import views_strategy as views

urlpatterns = [
    path("strategy/new/", views.strategy_new, name="strategy_new"),
    path("strategy/<id:discussion_id>/", views.strategy_detail, name="strategy"),
    path(
        "strategy/actions/<id:action_id>/done/",
        views.strategy_action_done,
        name="strategy_action_done",
    ),
    path("section47/<id:section47_id>/", views.section47_detail, name="section47"),
    path("plans/<id:plan_id>/", views.cp_plan_detail, name="cp_plan"),
    path("protection/new/", views.protection_new, name="protection_new"),
]
