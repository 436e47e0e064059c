from . import urls_early_help, urls_referrals

app_name = "casework"
urlpatterns = [*urls_referrals.urlpatterns, *urls_early_help.urlpatterns]
