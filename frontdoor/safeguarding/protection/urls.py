from django.urls import path

from frontdoor.safeguarding.protection import views

urlpatterns = [
    path("plans/<id:plan_id>/", views.cp_plan_detail, name="cp_plan"),
    path("protection/new/", views.protection_new, name="protection_new"),
]
