from django.urls import path

from . import views_referrals as views

urlpatterns = [
    path("referrals/<int:referral_id>/", views.referral_detail, name="referral"),
    path("assessments/<int:assessment_id>/", views.assessment_detail, name="assessment"),
    path("oversight/<int:oversight_id>/", views.oversight_detail, name="oversight"),
    path("unallocated/", views.unallocated, name="unallocated"),
]
