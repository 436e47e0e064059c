from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("review/", views.review, name="review"),
    path("staffing/", views.staffing, name="staffing"),
    path("measures/", views.measures, name="measures"),
]
