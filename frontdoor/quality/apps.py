from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "frontdoor.quality"
    label = "quality"
    verbose_name = "Quality"

    def ready(self) -> None:
        from frontdoor.casework.trays import register_tray_collector
        from frontdoor.people.access import register_holder_provider

        from . import rules  # noqa: F401
        from .case_review import admin  # noqa: F401
        from .case_review.holders import case_review_holders
        from .case_review.trays import KINDS as CASE_REVIEW_KINDS
        from .case_review.trays import case_review_actions

        register_tray_collector(case_review_actions, kinds=CASE_REVIEW_KINDS)
        register_holder_provider(case_review_holders)
