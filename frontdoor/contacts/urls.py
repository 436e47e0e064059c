from django.urls import path

from . import views

app_name = "contacts"
urlpatterns = [
    path("new/", views.contact_start_page, name="start"),
    path("start/", views.contact_start, name="create"),
    path("<int:contact_id>/", views.contact_detail, name="detail"),
    path("<int:contact_id>/edit/", views.contact_edit, name="edit"),
    path("<int:contact_id>/feedback/", views.feedback_sent, name="feedback"),
    path("<int:contact_id>/children/<int:link_id>/decide/", views.decision_make, name="decide"),
    path("decisions/<int:decision_id>/authorise/", views.decision_authorise, name="authorise"),
]
