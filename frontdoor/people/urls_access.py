from django.urls import URLPattern, path

from . import views_access as views

urlpatterns: list[URLPattern] = [
    path("<int:person_id>/break-glass/", views.break_glass, name="break_glass"),
    path("break-glass/", views.break_glass_report, name="break_glass_report"),
    path("<int:person_id>/restrict/", views.restrict, name="restrict"),
    path("restricted/", views.restrictions, name="restrictions"),
    path(
        "restricted/<int:restriction_id>/review/",
        views.restriction_review,
        name="restriction_review",
    ),
    path("<int:person_id>/seen-by/", views.who_has_seen, name="who_has_seen"),
    path("<int:person_id>/subject-access/", views.subject_access, name="subject_access"),
]
