from django.urls import path

from frontdoor.safeguarding.section47 import views

urlpatterns = [
    path("section47/<id:section47_id>/", views.section47_detail, name="section47"),
]
