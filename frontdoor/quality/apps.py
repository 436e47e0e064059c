from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "frontdoor.quality"
    label = "quality"
    verbose_name = "Quality"

    def ready(self) -> None:
        from . import rules  # noqa: F401
        from .survey.receivers import connect_survey

        connect_survey()
