from django.urls import URLPattern, path

from . import views_access as views

urlpatterns: list[URLPattern] = [
    path("<id:person_id>/break-glass/", views.break_glass, name="break_glass"),
    path("break-glass/", views.break_glass_report, name="break_glass_report"),
    path("<id:person_id>/restrict/", views.restrict, name="restrict"),
    path("restricted/", views.restrictions, name="restrictions"),
    path(
        "restricted/<id:restriction_id>/review/",
        views.restriction_review,
        name="restriction_review",
    ),
    path("<id:person_id>/seen-by/", views.who_has_seen, name="who_has_seen"),
    path("<id:person_id>/subject-access/", views.subject_access, name="subject_access"),
]
