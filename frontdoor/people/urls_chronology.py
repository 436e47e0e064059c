from django.urls import URLPattern, path

from . import views_chronology as views

urlpatterns: list[URLPattern] = [
    path("<id:person_id>/chronology/", views.chronology, name="chronology"),
    path("<id:person_id>/chronology.csv", views.chronology_csv, name="chronology_csv"),
    path(
        "<id:person_id>/chronology/add/",
        views.significant_event_add,
        name="significant_event_add",
    ),
]
