from django.urls import path

from frontdoor.quality.disagreements import views

urlpatterns = [
    path("disagreements/", views.disagreements_open, name="disagreements"),
    path("disagreements/new/", views.disagreement_raise, name="disagreement_raise"),
    path("disagreements/<id:disagreement_id>/", views.disagreement_detail, name="disagreement"),
]
