from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "frontdoor.insights"
    label = "insights"
    verbose_name = "Insights"
