from django.urls import path

from frontdoor.quality.survey import views

urlpatterns = [
    path("survey/results/", views.survey_results_page, name="survey_results"),
]
