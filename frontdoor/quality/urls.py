from frontdoor.quality.survey import urls as survey

app_name = "quality"
urlpatterns: list = []
urlpatterns += survey.urlpatterns
