from django.urls import path

from frontdoor.quality import views
from frontdoor.quality.audits import urls as audits
from frontdoor.quality.calls import urls as calls
from frontdoor.quality.survey import urls as survey

app_name = "quality"
urlpatterns: list = [path("", views.home, name="home")]
urlpatterns += audits.urlpatterns
urlpatterns += calls.urlpatterns
urlpatterns += survey.urlpatterns
