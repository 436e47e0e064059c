from django.urls import path

from frontdoor.safeguarding.mash import views

urlpatterns = [
    path("mash/", views.mash_list, name="mash_list"),
    path("mash/<id:enquiry_id>/", views.mash_detail, name="mash"),
    path("checks/", views.partner_checks, name="partner_checks"),
    path("checks/<id:check_id>/", views.partner_check, name="partner_check"),
]
