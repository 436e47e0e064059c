from django.urls import path

from frontdoor.casework.plans import views

urlpatterns = [
    path("referrals/<id:referral_id>/plans/start/", views.cin_plan_start, name="cin_plan_start"),
    path(
        "referrals/<id:referral_id>/plans/<id:plan_id>/end/",
        views.cin_plan_end,
        name="cin_plan_end",
    ),
    path(
        "referrals/<id:referral_id>/plans/<id:plan_id>/review/",
        views.cin_plan_review,
        name="cin_plan_review",
    ),
]
