from django.urls import path

from frontdoor.casework.closures import views

urlpatterns = [
    path("closures/<id:closure_id>/", views.closure_detail, name="closure"),
]
