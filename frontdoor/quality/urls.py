from django.urls import path

from frontdoor.quality import views
from frontdoor.quality.audits import urls as audits
from frontdoor.quality.calls import urls as calls
from frontdoor.quality.case_review import urls as case_review
from frontdoor.quality.disagreements import urls as disagreements
from frontdoor.quality.locality import urls as locality
from frontdoor.quality.survey import urls as survey

app_name = "quality"
urlpatterns: list = [
    path("", views.home, name="home"),
    *case_review.urlpatterns,
    *audits.urlpatterns,
    *calls.urlpatterns,
    *survey.urlpatterns,
    *locality.urlpatterns,
    *disagreements.urlpatterns,
]
