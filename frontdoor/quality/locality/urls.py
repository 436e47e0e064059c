from django.urls import path

from frontdoor.quality.locality import views

urlpatterns = [
    path("locality/", views.team_list, name="locality_feedback"),
    path(
        "locality/referrals/<id:referral_id>/",
        views.referral_feedback,
        name="locality_feedback_give",
    ),
]
