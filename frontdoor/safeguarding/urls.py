from . import urls_mash, urls_strategy

app_name = "safeguarding"
urlpatterns = [*urls_mash.urlpatterns, *urls_strategy.urlpatterns]
