from django.urls import path

from . import views_referrals as views

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
    path(
        "referrals/<id:referral_id>/assessments/start/",
        views.assessment_start,
        name="assessment_start",
    ),
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
    path("referrals/<id:referral_id>/close/", views.referral_close, name="referral_close"),
    path(
        "referrals/<id:referral_id>/step-down/",
        views.referral_step_down,
        name="referral_step_down",
    ),
    path("referrals/<id:referral_id>/oversight/", views.oversight_record, name="oversight_record"),
    path("assessments/<id:assessment_id>/", views.assessment_detail, name="assessment"),
    path("oversight/<id:oversight_id>/", views.oversight_detail, name="oversight"),
    path("unallocated/", views.unallocated, name="unallocated"),
]
