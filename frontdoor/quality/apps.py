from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "frontdoor.quality"
    label = "quality"
    verbose_name = "Quality"

    def ready(self) -> None:
        from . import rules  # noqa: F401

        from frontdoor.contacts.feedback_notes import register_feedback_note
        from frontdoor.contacts.signals import feedback_recorded

        from .survey import admin as survey_admin  # noqa: F401
        from .survey.receivers import invite_on_feedback, survey_note

        feedback_recorded.connect(invite_on_feedback, dispatch_uid="quality.survey.invite")
        register_feedback_note(survey_note)
