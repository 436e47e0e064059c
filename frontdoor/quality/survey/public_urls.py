"""The survey's public pages, at /survey/ (core.middleware.PUBLIC_PREFIXES): no sign-in."""

from django.urls import path

from frontdoor.quality.survey import views

app_name = "survey"
urlpatterns = [
    path("thanks/", views.survey_thanks, name="thanks"),
    path("<str:token>/", views.survey_answer, name="answer"),
]
