from django.urls import include, path

from . import views, views_records

app_name = "people"
urlpatterns = [
    path("", views.person_search, name="search"),
    path("new/", views.person_create, name="create"),
    path("<id:person_id>/", views_records.person_detail, name="detail"),
    path("<id:person_id>/edit/", views_records.person_edit, name="edit"),
    path("<id:person_id>/names/add/", views_records.person_name_add, name="name_add"),
    path("<id:person_id>/move/", views_records.person_move, name="move"),
    path(
        "<id:person_id>/relationships/add/",
        views_records.relationship_add,
        name="relationship_add",
    ),
    path("", include("frontdoor.people.urls_duplicates")),
    path("", include("frontdoor.people.urls_chronology")),
    path("", include("frontdoor.people.urls_access")),
]
