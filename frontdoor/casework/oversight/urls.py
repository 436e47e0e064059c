from django.urls import path

from frontdoor.casework.oversight import views

urlpatterns = [
    path("referrals/<id:referral_id>/oversight/", views.oversight_record, name="oversight_record"),
    path("oversight/<id:oversight_id>/", views.oversight_detail, name="oversight"),
]
