from django.urls import path

from frontdoor.safeguarding.strategy import views

urlpatterns = [
    path("strategy/new/", views.strategy_new, name="strategy_new"),
    path("strategy/<id:discussion_id>/", views.strategy_detail, name="strategy"),
    path(
        "strategy/actions/<id:action_id>/done/",
        views.strategy_action_done,
        name="strategy_action_done",
    ),
]
