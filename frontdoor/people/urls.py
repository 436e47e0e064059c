from django.urls import include, path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.person_search, name="search"),
    path("new/", views.person_create, name="create"),
    path("<int:person_id>/", views.person_detail, name="detail"),
    path("", include("frontdoor.people.urls_duplicates")),
    path("", include("frontdoor.people.urls_chronology")),
]
