from django.urls import path

from frontdoor.casework.assessments import views

urlpatterns = [
    path(
        "referrals/<id:referral_id>/assessments/start/",
        views.assessment_start,
        name="assessment_start",
    ),
    path("assessments/<id:assessment_id>/", views.assessment_detail, name="assessment"),
]
