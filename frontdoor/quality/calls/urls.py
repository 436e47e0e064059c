from django.urls import path

from frontdoor.quality.calls import views

urlpatterns = [
    path("calls/", views.team_feedback, name="call_monitoring"),
    path("calls/new/", views.call_record, name="call_record"),
    path("calls/mine/", views.my_feedback, name="my_call_feedback"),
    path("calls/<id:call_id>/", views.call_detail, name="call"),
]
