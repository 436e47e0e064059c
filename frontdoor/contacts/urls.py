from django.urls import path

from . import views

app_name = "contacts"
urlpatterns = [
    path("new/", views.contact_start_page, name="start"),
    path("start/", views.contact_start, name="create"),
    path("<id:contact_id>/", views.contact_detail, name="detail"),
    path("<id:contact_id>/edit/", views.contact_edit, name="edit"),
    path("<id:contact_id>/feedback/", views.feedback_sent, name="feedback"),
    path("<id:contact_id>/children/<id:link_id>/decide/", views.decision_make, name="decide"),
    path("decisions/<id:decision_id>/authorise/", views.decision_authorise, name="authorise"),
]
