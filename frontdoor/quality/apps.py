from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "frontdoor.quality"
    label = "quality"
    verbose_name = "Quality"

    def ready(self) -> None:
        # Plugs the quality loop into the work trays (case review and learning actions), the
        # access model (an action's owner reads the child's intake) and the contact's feedback.
        from frontdoor.casework.trays import register_tray_collector
        from frontdoor.people.access import register_holder_provider

        from . import rules  # noqa: F401
        from .audits.trays import KINDS as LEARNING_KINDS
        from .audits.trays import learning_actions_due
        from .case_review.holders import case_review_holders
        from .case_review.trays import KINDS as CASE_REVIEW_KINDS
        from .case_review.trays import case_review_actions
        from .disagreements.holders import disagreement_holders
        from .disagreements.trays import KINDS as DISAGREEMENT_KINDS
        from .disagreements.trays import disagreement_stages
        from .survey.receivers import connect_survey

        register_tray_collector(learning_actions_due, kinds=LEARNING_KINDS)
        register_tray_collector(case_review_actions, kinds=CASE_REVIEW_KINDS)
        register_tray_collector(disagreement_stages, kinds=DISAGREEMENT_KINDS)
        register_holder_provider(case_review_holders)
        register_holder_provider(disagreement_holders)
        connect_survey()
