from django.urls import path

from frontdoor.casework.early_help import views

urlpatterns = [
    path("early-help/", views.early_help_queue, name="early_help_queue"),
    path("early-help/<id:episode_id>/", views.early_help_detail, name="early_help"),
]
