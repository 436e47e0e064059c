from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "frontdoor.quality"
    label = "quality"
    verbose_name = "Quality"

    def ready(self) -> None:
        from frontdoor.casework.trays import register_tray_collector
        from frontdoor.quality.audits.trays import KINDS as LEARNING_KINDS
        from frontdoor.quality.audits.trays import learning_actions_due

        from . import rules  # noqa: F401
        from .survey.receivers import connect_survey

        register_tray_collector(learning_actions_due, kinds=LEARNING_KINDS)
        connect_survey()
