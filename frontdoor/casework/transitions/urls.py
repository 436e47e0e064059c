from django.urls import path

from frontdoor.casework.transitions import views

urlpatterns = [
    path("referrals/<id:referral_id>/close/", views.referral_close, name="referral_close"),
    path(
        "referrals/<id:referral_id>/step-down/",
        views.referral_step_down,
        name="referral_step_down",
    ),
]
