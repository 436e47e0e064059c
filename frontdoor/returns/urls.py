from django.urls import path

from . import views

app_name = "returns"

urlpatterns = [
    path("", views.index, name="index"),
    path("census.xml", views.census_xml, name="census_xml"),
    path("census-checks.csv", views.findings_csv, name="findings_csv"),
    path("annex-a.xlsx", views.annex_a_xlsx, name="annex_a"),
    path("files/<id:file_id>/", views.prepared, name="prepared"),
    path("files/<id:file_id>/download/", views.prepared_download, name="prepared_download"),
    path("queries/explain/", views.explain, name="explain"),
    path("queries/<id:explanation_id>/withdraw/", views.withdraw, name="withdraw"),
]
