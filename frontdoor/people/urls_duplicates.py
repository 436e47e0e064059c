from django.urls import URLPattern, path

from . import views_duplicates as views

urlpatterns: list[URLPattern] = [
    path("duplicates/", views.duplicates, name="duplicates"),
    path("duplicates/scan/", views.duplicates_scan, name="duplicates_scan"),
    path("duplicates/<id:candidate_id>/", views.duplicate_review, name="duplicate_review"),
    path("merges/<id:merge_id>/undo/", views.merge_undo, name="merge_undo"),
]
