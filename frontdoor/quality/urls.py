from frontdoor.quality.audits import urls as audits
from frontdoor.quality.calls import urls as calls

app_name = "quality"
urlpatterns: list = []
urlpatterns += audits.urlpatterns
urlpatterns += calls.urlpatterns
