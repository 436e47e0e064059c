from django.urls import path

from frontdoor.casework.referrals import views

urlpatterns = [
    path("referrals/<id:referral_id>/", views.referral_detail, name="referral"),
    path("referrals/<id:referral_id>/team/", views.referral_team, name="referral_team"),
    path("referrals/<id:referral_id>/allocate/", views.referral_allocate, name="referral_allocate"),
    path(
        "referrals/<id:referral_id>/risk-review/",
        views.referral_risk_review,
        name="referral_risk_review",
    ),
    path(
        "referrals/<id:referral_id>/primary-need/",
        views.referral_primary_need,
        name="referral_primary_need",
    ),
    path("unallocated/", views.unallocated, name="unallocated"),
]
