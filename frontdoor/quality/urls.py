from django.urls import path

from frontdoor.quality import views
from frontdoor.quality.audits import urls as audits
from frontdoor.quality.calls import urls as calls

app_name = "quality"
urlpatterns: list = [path("", views.home, name="home")]
urlpatterns += audits.urlpatterns
urlpatterns += calls.urlpatterns
