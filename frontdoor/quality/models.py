"""The quality loop's records. Each aggregate keeps its models in its own package; Django
finds an app's models here."""

from frontdoor.quality.audits.models import Audit, AuditItem, LearningAction
from frontdoor.quality.calls.models import CallItem, MonitoredCall
from frontdoor.quality.survey.models import (
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
)

__all__: list[str] = []
__all__ += ["Audit", "AuditItem", "LearningAction"]
__all__ += ["CallItem", "MonitoredCall"]
__all__ += ["SurveyAnswer", "SurveyInvitation", "SurveyQuestion", "SurveyResponse"]
