from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.person_search, name="search"),
    path("new/", views.person_create, name="create"),
    path("<int:person_id>/", views.person_detail, name="detail"),
]
